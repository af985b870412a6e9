import { BINARY_OPS, kernelNames, opsOf, UNARY_OPS } from '@x/tensor';
import { WebGPUBackend } from './backend';
import { REDUCE_IDENTITY } from './kernels/reduce';

/**
 * Every kernel the WebGPU backend runs, listed from its own code: an elementwise op runs
 * where it has a WGSL expression, a reduction where kernels/reduce.ts gives it a starting
 * value, and the other kernels are the methods the class defines.
 */
export const WEBGPU_KERNELS = kernelNames(WebGPUBackend.prototype, {
  unary: opsOf(UNARY_OPS).filter((op) => typeof UNARY_OPS[op].wgsl === 'string'),
  binary: opsOf(BINARY_OPS).filter((op) => typeof BINARY_OPS[op].wgsl === 'string'),
  reduce: opsOf(REDUCE_IDENTITY),
});
