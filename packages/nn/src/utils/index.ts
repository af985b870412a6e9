export { clipGradNorm_, clipGradValue_ } from './clip-grad';
export { parametersToVector, vectorToParameters } from './convert-parameters';
export { orthogonal } from './orthogonal';
export {
  cached,
  isParametrized,
  registerParametrization,
  removeParametrizations,
  typeBeforeParametrizations,
} from './parametrize';
export { spectralNorm } from './spectral-norm';
export { removeWeightNorm, weightNorm } from './weight-norm';
