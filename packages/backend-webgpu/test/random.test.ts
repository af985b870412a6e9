import { Generator, manualSeed, rand, randn, zeros } from '@x/tensor';
import { TORCH_RANDOM as torch } from '@x/tensor/testing';
import { describe, expect, test } from 'vitest';
import { webgpu } from '../src';
import { hasWebGPU, reportMissingWebGPU } from './gpu-available';

reportMissingWebGPU('WebGPU random fills');

const bits = (values: ArrayLike<number>) =>
  Array.from(new Uint32Array(Float32Array.from(values).buffer));

describe.runIf(hasWebGPU)('seeded fills on the GPU', () => {
  test("manualSeed(0) then rand/uniform_ on the GPU: torch.manual_seed(0)'s exact bits (PyTorch 1.13 fixture)", async () => {
    const gpu = await webgpu();
    const randCase = torch.rand.find((c) => c.seed === '0' && c.n === 100)!;
    manualSeed(0);
    expect(bits(await rand([100], { backend: gpu }).toArray())).toEqual(randCase.bits);
    const uniformCase = torch.uniform.find((c) => c.seed === '0' && c.n === 100)!;
    manualSeed(0);
    const filled = zeros([10, 10], { backend: gpu }).uniform_(uniformCase.from, uniformCase.to);
    expect(bits(await filled.toArray())).toEqual(uniformCase.bits);
    gpu.dispose();
  });

  test('Philox on the device: 65,539 uniforms bit-identical to the CPU, normals to float rounding, no upload', async () => {
    const gpu = await webgpu();
    const n = 2 ** 16 + 3;
    const onCpu = new Generator({ algorithm: 'philox', seed: 2024 });
    const onGpu = new Generator({ algorithm: 'philox', seed: 2024 });
    const expected = rand([n], { generator: onCpu }).toArraySync();
    const written = gpu.stats.dispatches;
    const actual = rand([n], { backend: gpu, generator: onGpu });
    expect(gpu.stats.dispatches - written).toBe(1); // one philox kernel, not a host fill and a copy
    expect(bits(await actual.toArray())).toEqual(bits(expected));
    const normalCpu = randn([n], { generator: onCpu }).toArraySync();
    const normalGpu = await randn([n], { backend: gpu, generator: onGpu }).toArray();
    let worst = 0;
    for (let i = 0; i < n; i++)
      worst = Math.max(worst, Math.abs(normalGpu[i] - normalCpu[i]) / (1 + Math.abs(normalCpu[i])));
    expect(worst).toBeLessThan(2e-5);
    expect(onGpu.philoxPosition()).toEqual(onCpu.philoxPosition());
    gpu.dispose();
  });
});
