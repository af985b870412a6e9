export { Adagrad, type AdagradOptions } from './adagrad';
export { Adam, type AdamOptions, AdamW } from './adam';
export {
  CosineAnnealingLR,
  type CosineAnnealingLROptions,
  ExponentialLR,
  type ExponentialLROptions,
  LambdaLR,
  type LambdaLROptions,
  LinearLR,
  type LinearLROptions,
  LRScheduler,
  type LrLambda,
  MultiStepLR,
  type MultiStepLROptions,
  OneCycleLR,
  type OneCycleLROptions,
  ReduceLROnPlateau,
  type ReduceLROnPlateauOptions,
  type SchedulerStateDict,
  SequentialLR,
  type SequentialLROptions,
  StepLR,
  type StepLROptions,
} from './lr-scheduler';
export {
  Optimizer,
  type OptimizerStateDict,
  type ParamGroup,
  type ParamGroupInput,
  type ParamState,
} from './optimizer';
export { RMSprop, type RMSpropOptions } from './rmsprop';
export { SGD, type SGDOptions } from './sgd';
