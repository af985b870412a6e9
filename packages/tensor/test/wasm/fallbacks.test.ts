import { cpuKernelStats, ready, resetCpuKernelStats, tensor } from '@x/tensor';
import { beforeAll, describe, expect, test } from 'vitest';
import { setKernelsEnabled } from '../../src/cpu/wasm/runtime';

describe('cpuKernelStats', () => {
  beforeAll(async () => {
    await ready();
  });

  test('counts the TypeScript kernel running where a WebAssembly one exists', () => {
    const a = tensor([1, 2, 3]);
    resetCpuKernelStats();
    setKernelsEnabled(false);
    try {
      a.add(a);
      a.add(a);
      a.mul(2);
      a.sum();
      a.gt(a);
    } finally {
      setKernelsEnabled(true);
    }
    expect(cpuKernelStats().fallbacks).toEqual({
      add: 2,
      mul_scalar: 1,
      'reduce sum': 1,
      gt: 1,
    });
  });

  test('counts nothing where the WebAssembly kernels ran or none exists', () => {
    const a = tensor([1, 2, 3]);
    resetCpuKernelStats();
    a.add(a).mul(2).sum();
    a.exp(); // no WebAssembly kernel: TypeScript is the only implementation
    tensor([1, 2], { dtype: 'int32' }).add(1); // nor for int32
    expect(cpuKernelStats().fallbacks).toEqual({});
  });
});
