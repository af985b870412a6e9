/**
 * `@x/tensor/testing`: the backend conformance suite, for any backend's vitest run (vitest is
 * an optional peer dependency: only this entry imports it). The host-side helpers let a
 * backend's own tests check values the same way.
 *
 * @example
 * import { describeBackend } from '@x/tensor/testing';
 * describeBackend('webgpu', () => webgpu());
 */

export { copyFillTests } from './copy-fill';
export {
  caseName,
  decode,
  EDGE_CASES,
  type EdgeCase,
  type EdgeTensor,
  mismatches,
  run,
  showNumber,
} from './edge-cases';
export { elementwiseOpsUsing, elementwiseTests } from './elementwise';
export {
  broadcastTo,
  cast,
  expectTensor,
  expectValues,
  floatToInt32,
  type HostTensor,
  hostOf,
  LAYOUTS,
  type Layout,
  place,
  SPECIAL,
  sequence,
  type Tolerance,
  values,
} from './host';
export { indexingTests } from './indexing';
export { matmulTests } from './matmul';
export { randomTests } from './random';
export { reduceTests } from './reduce';
export { storageTests } from './storage';
export { describeBackend } from './suite';
export { TORCH_RANDOM } from './torch-random';
