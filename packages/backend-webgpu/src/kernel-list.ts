import { BINARY_OPS, kernelNames, opsOf, UNARY_OPS } from '@x/tensor';
import { WebGPUBackend } from './backend';
import { REDUCE_IDENTITY } from './kernels/reduce';

/**
 * Every kernel the WebGPU backend runs, listed from its own code: every declared elementwise
 * op (kernels/render-wgsl.ts renders each primitive; its tables are total over them), a
 * reduction where kernels/reduce.ts gives it a starting value, and the other kernels are the
 * methods the class defines.
 */
export const WEBGPU_KERNELS = kernelNames(WebGPUBackend.prototype, {
  unary: opsOf(UNARY_OPS),
  binary: opsOf(BINARY_OPS),
  reduce: opsOf(REDUCE_IDENTITY),
});
