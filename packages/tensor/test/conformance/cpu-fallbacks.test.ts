import { cpu, cpuKernelStats, ready, resetCpuKernelStats } from '@x/tensor';
import { describeBackend } from '@x/tensor/testing';
import { beforeAll, expect, test } from 'vitest';

// The whole conformance suite on the CPU backend once its WebAssembly kernels are compiled:
// every float32 case that has a WebAssembly kernel must run it, not fall back to TypeScript.
beforeAll(async () => {
  await ready();
  resetCpuKernelStats();
});

describeBackend('cpu, counting fall-backs to TypeScript', async () => cpu);

test('no case with a WebAssembly kernel fell back to TypeScript', () => {
  expect(cpuKernelStats().fallbacks).toEqual({});
});
