// Importing @x/autograd installs the recorder, so `loss.backward()` works for every user of @x/nn.
import '@x/autograd';

// Module hooks and parametrizations (torch.nn.Module.register_*_hook, torch.nn.utils.parametrize)
export type { RemovableHandle } from '@x/autograd';
export { ModuleDict } from './containers/module-dict';
export { ModuleList } from './containers/module-list';
export {
  type IndexedLayers,
  type LayerAt,
  Sequential,
  type SequentialConstructor,
} from './containers/sequential';
export {
  NonFiniteNormError,
  NotImplementedError,
  SafetensorsError,
  StateDictError,
  UninitializedParameterError,
} from './errors';
export type { ForwardHook, ForwardPreHook, FullBackwardHook } from './hooks';
export { GELU, type GeluApproximate, LeakyReLU, ReLU, Sigmoid, Tanh } from './layers/activation';
export { BatchNorm1d, type BatchNormOptions } from './layers/batchnorm';
export { Conv2d, type Conv2dOptions, type Conv2dPadding } from './layers/conv';
export { Dropout, type DropoutOptions } from './layers/dropout';
export { Embedding, type EmbeddingOptions } from './layers/embedding';
export { LayerNorm, type LayerNormOptions } from './layers/layernorm';
export { LazyLinear } from './layers/lazy-linear';
export { Linear, type LinearBias, type LinearOptions } from './layers/linear';
export { Flatten, Identity } from './layers/shape';
export { CrossEntropyLoss, type CrossEntropyOptions, crossEntropy } from './losses/cross-entropy';
export { MSELoss, mseLoss } from './losses/mse';
export type { Reduction } from './losses/reduction';
export { Module, type NamedOptions } from './module';
export { Parameter } from './parameter';
export {
  type CheckpointValue,
  load,
  STRUCTURE_KEY,
  save,
  saveAsync,
} from './serialization/checkpoint';
export {
  ALIASES_KEY,
  loadMetadata,
  MAX_HEADER_BYTES,
  type SaveOptions,
} from './serialization/safetensors';
export type { LoadResult, StateDictOptions } from './state-dict';
export * as utils from './utils';
export {
  clipGradNorm_,
  clipGradValue_,
  parametersToVector,
  vectorToParameters,
} from './utils';
export { Orthogonal, type OrthogonalMap, orthogonal } from './utils/orthogonal';
export {
  cached,
  isParametrized,
  type Parametrization,
  ParametrizationList,
  registerParametrization,
  removeParametrizations,
  typeBeforeParametrizations,
} from './utils/parametrize';
export { SpectralNorm, type SpectralNormOptions, spectralNorm } from './utils/spectral-norm';
export { normExceptDim, removeWeightNorm, weightNorm } from './utils/weight-norm';
