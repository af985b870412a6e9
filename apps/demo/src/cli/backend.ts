import { webgpu } from '@x/backend-webgpu';
import { type Backend, cpu } from '@x/tensor';

export const BACKEND_NAMES = ['cpu', 'webgpu'] as const;
export type BackendName = (typeof BACKEND_NAMES)[number];

/** The backend a --backend flag names; WebGPU fails with @x/backend-webgpu's message. */
export async function selectBackend(name: BackendName): Promise<Backend> {
  return name === 'webgpu' ? await webgpu() : cpu;
}
