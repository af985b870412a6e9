import { arange } from '@x/tensor';
import { describeBackend, matmulTests } from '@x/tensor/testing';
import { beforeAll, describe, expect, test } from 'vitest';
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
      test('products with more tiles across than a grid dimension holds (65535)', async () => {
        const gpu = backend as WebGPUBackend;
        for (const [M, N] of [
          [4, 2_100_000],
          [4_200_000, 4],
        ]) {
          // a[i][k] = i + k and b[k][j] = j - k, so out[i][j] = sum_k (i + k)(j - k) over k < 3.
          const a = arange(0, M, 1, { backend: gpu, dtype: 'float32' })
            .unsqueeze(1)
            .add(arange(0, 3, 1, { backend: gpu, dtype: 'float32' }));
          const b = arange(0, N, 1, { backend: gpu, dtype: 'float32' }).sub(
            arange(0, 3, 1, { backend: gpu, dtype: 'float32' }).unsqueeze(1),
          );
          const out = await a.matmul(b).toArray();
          const at = (i: number, j: number) => 3 * i * j + 3 * j - 3 * i - 5;
          for (const [i, j] of [
            [0, 0],
            [M - 1, N - 1],
            [M >> 1, N >> 1],
            [M - 1, 0],
          ]) {
            const want = at(i, j);
            expect(
              Math.abs(out[i * N + j] - want),
              `out[${i}][${j}] of ${M}x${N}`,
            ).toBeLessThanOrEqual(1e-6 * Math.abs(want) + 1e-3);
          }
          for (const t of [a, b]) t.dispose();
        }
      });
      matmulTests(() => {
        if (backend === undefined) throw new Error('webgpu() has not resolved');
        return backend;
      });
    });
  }
}
