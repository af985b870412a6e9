export { clipGradNorm_, clipGradValue_ } from './clip-grad';
export { parametersToVector, vectorToParameters } from './convert-parameters';
