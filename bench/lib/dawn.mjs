/**
 * Installs the `webgpu` package's Dawn as `navigator.gpu` (with the WebGPU globals such as
 * GPUBufferUsage), which @tensorflow/tfjs-backend-webgpu expects to find at import time.
 * Returns a description of the adapter both x and tfjs get from it.
 */
export async function installDawn() {
  const { create, globals } = await import('webgpu');
  Object.assign(globalThis, globals);
  globalThis.navigator = { gpu: create([]) };
  const adapter = await globalThis.navigator.gpu.requestAdapter({
    powerPreference: 'high-performance',
  });
  if (adapter === null) throw new Error('Dawn found no WebGPU adapter');
  const { vendor, architecture, device, description } = adapter.info;
  const name = [vendor, architecture, device, description].filter(Boolean).join(' / ');
  const emulated = /llvmpipe|lavapipe|swiftshader/i.test(name);
  return {
    name,
    emulated,
    label: emulated ? `${description || device} (lavapipe: CPU emulation of a GPU)` : name,
  };
}
