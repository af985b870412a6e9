import { describe, expect, test, vi } from 'vitest';

// package.json says "sideEffects": false: importing @x/tensor must not compile the kernels
// (tens of milliseconds) or schedule their warm-up; the first op that needs them, or ready(),
// does.
describe('importing @x/tensor', () => {
  test('compiles nothing; the first op compiles the kernels, ready() warms them', async () => {
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
