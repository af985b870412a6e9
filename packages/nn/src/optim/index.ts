export { Adagrad, type AdagradOptions } from './adagrad';
export { Adam, type AdamOptions, AdamW } from './adam';
export {
  Optimizer,
  type OptimizerStateDict,
  type ParamGroup,
  type ParamGroupInput,
  type ParamState,
} from './optimizer';
export { RMSprop, type RMSpropOptions } from './rmsprop';
export { SGD, type SGDOptions } from './sgd';
