export { constant_, type DiracOptions, dirac_, eye_, ones_, zeros_ } from './constant';
export {
  type NormalOptions,
  normal_,
  type TruncNormalOptions,
  truncNormal_,
  type UniformOptions,
  uniform_,
} from './distributions';
export { calculateFanInAndFanOut, type FanMode } from './fan';
export { calculateGain, NONLINEARITIES, type Nonlinearity } from './gain';
export { type LsuvLayer, type LsuvLayerResult, type LsuvOptions, lsuv_ } from './lsuv';
export { type OrthogonalOptions, orthogonal_ } from './orthogonal';
export { INITIALIZERS } from './registry';
export { type SparseOptions, sparse_ } from './sparse';
export { fromSpec, type Initializer, toSpec } from './spec';
export type {
  InitializerInfo,
  InitName,
  InitSpec,
  InitSpecParams,
  ParamInfo,
  ParamValue,
} from './spec-types';
export {
  TRUNCATED_NORMAL_STD,
  VARIANCE_SCALING_DISTRIBUTIONS,
  VARIANCE_SCALING_MODES,
  type VarianceScalingDistribution,
  type VarianceScalingMode,
  type VarianceScalingOptions,
  varianceScaling_,
} from './variance-scaling';
export {
  type KaimingOptions,
  kaimingNormal_,
  kaimingUniform_,
  type XavierOptions,
  xavierNormal_,
  xavierUniform_,
} from './xavier-kaiming';
