// An allocation past the device's largest buffer throws OutOfMemoryError, naming the bytes
// asked for and the bytes held, before WebGPU is asked (which would report it only later, and
// fail the backend at the buffer's first use); the backend carries on.
import { empty, OutOfMemoryError, tensor, zeros } from '@x/tensor';
import { describe, expect, test } from 'vitest';
import { webgpu } from '../src';
import { hasWebGPU, reportMissingWebGPU } from './gpu-available';

reportMissingWebGPU('WebGPU out of memory');

describe.runIf(hasWebGPU)('WebGPU out of memory', () => {
  test('empty([2 ** 33]) throws OutOfMemoryError with the bytes; the next op works', async () => {
    const gpu = await webgpu();
    const kept = tensor([1, 2, 3], { backend: gpu });
    const held = gpu.memory().bytes;
    let error: unknown;
    try {
      empty([2 ** 33], { backend: gpu });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(OutOfMemoryError);
    const oom = error as OutOfMemoryError;
    expect(oom.name).toBe('OutOfMemoryError');
    expect(oom.requestedBytes).toBe(2 ** 35);
    expect(oom.heldBytes).toBe(held);
    expect(oom.message).toContain('webgpu.allocate');
    expect(oom.message).toContain(`needs ${2 ** 35} bytes`);
    expect(oom.message).toContain(`holds ${held} bytes in 1 live storages`);
    // Nothing was allocated, and the backend still computes.
    expect(gpu.memory().bytes).toBe(held);
    expect(Array.from(await zeros([17], { backend: gpu }).add(1).toArray())).toEqual(
      new Array(17).fill(1),
    );
    expect(Array.from(await kept.mul(2).toArray())).toEqual([2, 4, 6]);
    gpu.dispose();
  });
});
