import { ArgumentError, BackendError } from '@x/tensor';
import { WebGPUBackend } from './backend';
import { type AdapterOptions, describeAdapter, getGPU, timeoutOf, withTimeout } from './gpu';
import type { MatmulKernel } from './kernels/matmul';

export interface WebGPUOptions extends AdapterOptions {
  /**
   * Device limits to require (WebGPU's requestDevice option). By default the buffer-size
   * limits are raised to the adapter's maximum so large tensors fit.
   */
  requiredLimits?: Record<string, number>;
  /** Device features to require; a feature the adapter lacks is an error. */
  requiredFeatures?: GPUFeatureName[];
  /**
   * The matmul kernel: 'tiled' stages 64x64 tiles in workgroup memory, as GPUs want;
   * 'direct' has each thread read its operands straight from the buffers, which is about
   * twice as fast on CPU-emulated adapters (lavapipe, SwiftShader), where workgroup memory is
   * ordinary memory and every barrier costs. Default: 'direct' on a fallback adapter, else
   * 'tiled'.
   */
  matmulKernel?: MatmulKernel;
}

const MATMUL_KERNELS: readonly MatmulKernel[] = ['tiled', 'direct'];

const NO_ADAPTER_HELP =
  'In Node this needs a Vulkan (Linux), Metal (macOS) or D3D12 (Windows) driver; on a machine without a GPU ' +
  "install Mesa's lavapipe (e.g. apt-get install mesa-vulkan-drivers). In browsers WebGPU needs a supporting " +
  'browser and a secure context (https or localhost).';

/**
 * Requests a WebGPU adapter and device and returns a Backend running on it (what
 * `tensor.to('cuda')` needs in PyTorch: here `t.to(await webgpu())`). Nothing is registered
 * at import; call this once and pass the backend around or make it the default.
 *
 * @example
 * import { rand, setDefaultBackend } from '@x/tensor';
 * import { webgpu } from '@x/backend-webgpu';
 * const gpu = await webgpu();                  // BackendError if no adapter answers
 * const x = rand([2, 3], { backend: gpu });
 * console.log(await x.matmul(x.t()).format()); // tensor([[...]], device='webgpu')
 */
export async function webgpu(options: WebGPUOptions = {}): Promise<WebGPUBackend> {
  const { matmulKernel } = options;
  if (matmulKernel !== undefined && !MATMUL_KERNELS.includes(matmulKernel)) {
    throw new ArgumentError(
      `webgpu: matmulKernel must be 'tiled' or 'direct', got ${typeof matmulKernel === 'string' ? `'${matmulKernel}'` : String(matmulKernel)}`,
    );
  }
  const ms = timeoutOf(options);
  const gpu = await getGPU(options);
  if (gpu === null) {
    throw new BackendError(
      `webgpu: this JavaScript environment has no WebGPU (navigator.gpu is undefined). ${NO_ADAPTER_HELP}`,
    );
  }
  const request: GPURequestAdapterOptions = {};
  if (options.powerPreference !== undefined) request.powerPreference = options.powerPreference;
  const adapter = await withTimeout(gpu.requestAdapter(request), ms, 'requestAdapter()');
  if (adapter === null)
    throw new BackendError(
      `webgpu: no WebGPU adapter found (requestAdapter() returned null). ${NO_ADAPTER_HELP}`,
    );
  const requiredFeatures = options.requiredFeatures ?? [];
  for (const feature of requiredFeatures) {
    if (!adapter.features.has(feature)) {
      throw new BackendError(
        `webgpu: requiredFeatures asks for '${feature}', which this adapter does not support`,
      );
    }
  }
  const limits = adapter.limits as unknown as Record<string, number>;
  const requiredLimits: Record<string, number> = {
    maxStorageBufferBindingSize: limits.maxStorageBufferBindingSize,
    maxBufferSize: limits.maxBufferSize,
    ...options.requiredLimits,
  };
  for (const [name, value] of Object.entries(requiredLimits)) {
    if (typeof limits[name] !== 'number')
      throw new BackendError(`webgpu: requiredLimits names an unknown limit '${name}'`);
    const better = name.startsWith('min') ? value >= limits[name] : value <= limits[name];
    if (!better) {
      throw new BackendError(
        `webgpu: requiredLimits.${name} = ${value} is beyond this adapter's ${limits[name]}`,
      );
    }
  }
  const device = await withTimeout(
    adapter.requestDevice({ requiredLimits, requiredFeatures }),
    ms,
    'requestDevice()',
  );
  const info = describeAdapter(adapter);
  return new WebGPUBackend(gpu, device, info, matmulKernel);
}
