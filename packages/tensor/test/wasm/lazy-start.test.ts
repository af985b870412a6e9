import { describe, expect, test, vi } from 'vitest';

// Importing @x/tensor must not compile the kernels (tens of milliseconds) or schedule their
// warm-up: a program that only imports it pays nothing; the first CPU tensor, or ready(), does.
describe('importing @x/tensor', () => {
  test('compiles nothing; the first tensor compiles the kernels, ready() warms them', async () => {
    vi.resetModules();
    const fresh = await import('../../src');
    const runtime = await import('../../src/cpu/wasm/runtime');
    await new Promise((resolve) => setTimeout(resolve, 20)); // work scheduled at import would run here
    expect(runtime.getCompiledModule()).toBeNull();
    expect(runtime.heap.stats.liveBlocks).toBe(0);

    expect(Array.from(fresh.tensor([1, 2]).add(1).toArraySync())).toEqual([2, 3]);
    expect(runtime.getCompiledModule()).not.toBeNull();
    await expect(fresh.ready()).resolves.toBe(true);
  });
});
