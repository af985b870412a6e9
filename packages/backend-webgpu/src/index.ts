export { WebGPUBackend, type WebGPUMemoryInfo } from './backend';
export { SynchronousLoopError } from './errors';
export { type AdapterInfo, type AdapterOptions, adapterInfo, isAvailable } from './gpu';
export { WEBGPU_KERNELS } from './kernel-list';
export type { MatmulKernel } from './kernels/matmul';
export { type WebGPUOptions, webgpu } from './webgpu';
