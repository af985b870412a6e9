import { beforeAll, describe, expect, test } from 'vitest';
import { matmulTests } from '../../tensor/test/conformance/matmul';
import { describeBackend } from '../../tensor/test/conformance/suite';
import { type MatmulKernel, type WebGPUBackend, webgpu } from '../src';
import { hasWebGPU, reportMissingWebGPU } from './gpu-available';

reportMissingWebGPU('WebGPU backend conformance');
if (hasWebGPU) {
  describeBackend('webgpu', () => webgpu());

  // The default kernel depends on the adapter, so both run here whatever this machine has.
  for (const matmulKernel of ['tiled', 'direct'] as const satisfies readonly MatmulKernel[]) {
    describe(`matmul with matmulKernel: '${matmulKernel}'`, { timeout: 60_000 }, () => {
      let backend: WebGPUBackend | undefined;
      beforeAll(async () => {
        backend = await webgpu({ matmulKernel });
      });
      test('the option is taken', () => {
        expect(backend?.matmulKernel).toBe(matmulKernel);
      });
      matmulTests(() => {
        if (backend === undefined) throw new Error('webgpu() has not resolved');
        return backend;
      });
    });
  }
}
