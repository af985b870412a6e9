export { Adam, type AdamOptions, AdamW } from './adam';
export {
  Optimizer,
  type OptimizerStateDict,
  type ParamGroup,
  type ParamGroupInput,
  type ParamState,
} from './optimizer';
export { SGD, type SGDOptions } from './sgd';
