import {
  ArgumentError,
  BackendError,
  empty,
  OutOfMemoryError,
  tensor,
  tidy,
  zeros,
} from '@x/tensor';
import { describe, expect, test } from 'vitest';
import { adapterInfo, isAvailable, webgpu } from '../src';
import { hasWebGPU, reportMissingWebGPU } from './gpu-available';

/** A stand-in for navigator.gpu whose adapter request answers `answer` (or never). */
const fakeGPU = (answer: 'null' | 'hang') =>
  ({
    requestAdapter: () => (answer === 'null' ? Promise.resolve(null) : new Promise(() => {})),
  }) as unknown as GPU;

describe('finding an adapter (no GPU needed)', () => {
  test('no adapter: a clear BackendError, isAvailable() false, adapterInfo() null', async () => {
    await expect(webgpu({ gpu: fakeGPU('null') })).rejects.toThrow(BackendError);
    await expect(webgpu({ gpu: fakeGPU('null') })).rejects.toThrow(
      /no WebGPU adapter found.*lavapipe/,
    );
    expect(await isAvailable({ gpu: fakeGPU('null') })).toBe(false);
    expect(await adapterInfo({ gpu: fakeGPU('null') })).toBeNull();
  });

  test('an adapter request that never answers times out instead of hanging', async () => {
    await expect(webgpu({ gpu: fakeGPU('hang'), timeoutMs: 50 })).rejects.toThrow(
      /requestAdapter\(\) did not answer within 50 ms/,
    );
    expect(await isAvailable({ gpu: fakeGPU('hang'), timeoutMs: 50 })).toBe(false);
    await expect(webgpu({ timeoutMs: -1 })).rejects.toThrow(/timeoutMs must be a positive number/);
  });

  test('an unknown matmulKernel is refused before any adapter is asked for', async () => {
    const gpu = fakeGPU('hang');
    const bad = webgpu({ gpu, matmulKernel: 'fast' as never, timeoutMs: 50 });
    await expect(bad).rejects.toThrow(ArgumentError);
    await expect(webgpu({ gpu, matmulKernel: 'fast' as never, timeoutMs: 50 })).rejects.toThrow(
      "webgpu: matmulKernel must be 'tiled' or 'direct', got 'fast'",
    );
  });
});

reportMissingWebGPU('WebGPU backend');

describe.runIf(hasWebGPU)('the WebGPU backend', () => {
  test('webgpu() gives a Backend with adapter info; tensors print their device', async () => {
    const gpu = await webgpu({ powerPreference: 'high-performance' });
    expect(gpu.name).toBe('webgpu');
    expect(typeof gpu.adapterInfo.description).toBe('string');
    expect(await adapterInfo()).toEqual(gpu.adapterInfo);
    expect(await isAvailable()).toBe(true);
    const t = tensor(
      [
        [1, 2],
        [3, 4],
      ],
      { backend: gpu },
    );
    expect(t.device).toBe('webgpu');
    expect(await t.format()).toBe("tensor([[1., 2.],\n        [3., 4.]], device='webgpu')");
    expect(String(t)).toMatch(/on webgpu; await t.format\(\)/);
    gpu.dispose();
  });

  test('unsupported features and limits are refused by name', async () => {
    await expect(
      webgpu({ requiredFeatures: ['no-such-feature' as GPUFeatureName] }),
    ).rejects.toThrow(/'no-such-feature'/);
    await expect(webgpu({ requiredLimits: { maxComputeWorkgroupSizeX: 1e9 } })).rejects.toThrow(
      /maxComputeWorkgroupSizeX = 1000000000 is beyond/,
    );
    await expect(webgpu({ requiredLimits: { maxBananas: 1 } })).rejects.toThrow(
      /unknown limit 'maxBananas'/,
    );
  });

  test('a disposed backend refuses work with a BackendError; freeing into it is harmless', async () => {
    const gpu = await webgpu();
    const t = tensor([1, 2, 3], { backend: gpu });
    gpu.dispose();
    gpu.dispose();
    expect(gpu.isDisposed).toBe(true);
    expect(() => t.add(1)).toThrow(/backend was disposed/);
    expect(() => zeros([2], { backend: gpu })).toThrow(BackendError);
    await expect(t.toArray()).rejects.toThrow(/backend was disposed/);
    expect(() => t.dispose()).not.toThrow();
  });

  test('a lost device and a validation error surface on the next call, not as wrong numbers', async () => {
    const lost = await webgpu();
    const t = tensor([1, 2], { backend: lost });
    lost.device.destroy(); // as a driver reset would
    await lost.device.lost;
    expect(() => t.mul(2)).toThrow(/GPU device was lost/);
    await expect(t.toArray()).rejects.toThrow(BackendError);

    const gpu = await webgpu();
    const u = tensor([1, 2], { backend: gpu });
    gpu.device.createBuffer({ size: 16, usage: 0x1 | 0x80 }); // MAP_READ | STORAGE: invalid
    await expect((async () => u.add(1).toArray())()).rejects.toThrow(
      /a GPU operation failed: .*usage/i,
    );
    expect(() => u.add(1)).toThrow(/Results since then may be wrong/);
    gpu.dispose();
  });

  test('storages of another backend or another device are refused by name', async () => {
    const a = await webgpu();
    const b = await webgpu();
    const onA = tensor([1, 2], { backend: a });
    const onB = tensor([1, 2], { backend: b });
    expect(() => onA.add(onB)).toThrow(/expected all tensors on the same backend/);
    expect(() => b.copy(onA._view('x'), onB._view('x'))).toThrow(
      /input is stored on backend 'webgpu', not on this WebGPU device/,
    );
    const onCpu = tensor([1, 2]);
    expect(() => a.copy(onCpu._view('x'), onA._view('x'))).toThrow(/stored on backend 'cpu'/);
    expect(() => a.write(onCpu._storage, new Float32Array(2))).toThrow(BackendError);
    a.dispose();
    b.dispose();
  });

  test('write() checks the typed array and the range; allocations past the device limit are refused', async () => {
    const gpu = await webgpu();
    const t = zeros([4], { backend: gpu });
    expect(() => gpu.write(t._storage, new Int32Array(4))).toThrow(ArgumentError);
    expect(() => gpu.write(t._storage, new Float32Array(3), 2)).toThrow(
      /3 elements at offset 2 do not fit a storage of 4/,
    );
    expect(Array.from(await t.toArray())).toEqual([0, 0, 0, 0]);
    const { maxBufferSize, maxStorageBufferBindingSize } = gpu.device.limits;
    const tooBig = Math.floor(Math.min(maxBufferSize, maxStorageBufferBindingSize) / 4) + 1;
    expect(() => zeros([tooBig], { backend: gpu })).toThrow(OutOfMemoryError);
    expect(() => zeros([tooBig], { backend: gpu })).toThrow(
      /more than this device's largest buffer/,
    );
    gpu.dispose();
  });

  test('a tidy loop binds the same pooled buffers each step and so creates no new bind groups', async () => {
    const gpu = await webgpu();
    const x = tensor([1, 2, 3, 4], { backend: gpu });
    const step = () => tidy(() => void x.mul(2).add(1).relu().sum());
    for (let i = 0; i < 3; i++) step();
    const warm = gpu.stats;
    for (let i = 0; i < 50; i++) step();
    await gpu.synchronize();
    const after = gpu.stats;
    expect(after.dispatches - warm.dispatches).toBe(200);
    expect(after.bindGroups).toBe(warm.bindGroups);
    expect(gpu.memory().buffers).toBe(1);
    gpu.dispose();
  });

  test('a synchronous burst of ops is one submit; pipelines are compiled once per kernel', async () => {
    const gpu = await webgpu();
    let t = tensor([1, 2, 3, 4], { backend: gpu });
    await t.toArray();
    const before = gpu.stats;
    for (let i = 0; i < 100; i++) t = t.mul(1.01).add(0.5);
    await gpu.synchronize();
    const after = gpu.stats;
    expect(after.dispatches - before.dispatches).toBe(200);
    expect(after.submits - before.submits).toBe(1);
    expect(after.pipelines - before.pipelines).toBe(2);
    let expected = [1, 2, 3, 4].map(Math.fround);
    for (let i = 0; i < 100; i++)
      expected = expected.map((v) => Math.fround(Math.fround(v * Math.fround(1.01)) + 0.5));
    expect(Array.from(await t.toArray())).toEqual(expected);
    gpu.dispose();
  });

  test('freed buffers return to a size-bucketed pool and are reused', async () => {
    const gpu = await webgpu();
    const first = zeros([1000], { backend: gpu });
    await first.toArray();
    first.dispose();
    const pooled = gpu.memory();
    expect(pooled.pooledBuffers).toBeGreaterThan(0);
    empty([900], { backend: gpu }); // 3600 bytes: the same 4096-byte bucket
    expect(gpu.memory().pooledBuffers).toBe(pooled.pooledBuffers - 1);
    expect(gpu.memory().bytes).toBe(pooled.bytes + 4096);
    gpu.dispose();
  });

  test('a freed buffer is reusable at once; one the full pool cannot keep is destroyed only after its batch', async () => {
    const gpu = await webgpu();
    const a = tensor([1, 2, 3, 4], { backend: gpu });
    await gpu.synchronize();
    // a.add(1)'s buffer, freed while the unsubmitted batch still writes it, serves a.mul(3).
    const added = a.add(1);
    added.dispose();
    const pooled = gpu.memory().pooledBuffers;
    const tripled = a.mul(3);
    expect(gpu.memory().pooledBuffers).toBe(pooled - 1);
    expect(Array.from(await tripled.toArray())).toEqual([3, 6, 9, 12]);
    // 128 MiB buffers: three and a small one fill the 512 MiB pool past the point where it
    // can keep a fourth, so the fifth is destroyed when freed, but not before the batch that
    // fills it is submitted (a destroyed buffer in a submit fails the backend).
    const n = 2 ** 25;
    const big = Array.from({ length: 5 }, () => zeros([n], { backend: gpu }));
    const small = zeros([4], { backend: gpu });
    await gpu.synchronize();
    for (const t of big.slice(0, 4)) t.dispose();
    big[4].fill_(2);
    small.dispose();
    const full = gpu.memory().pooledBytes;
    expect(full + n * 4).toBeGreaterThan(512 * 2 ** 20);
    big[4].dispose();
    expect(gpu.memory().pooledBytes).toBe(full);
    await gpu.synchronize();
    await new Promise((resolve) => setTimeout(resolve, 50)); // for an uncaptured error to arrive
    await gpu.synchronize();
    expect(Array.from(await a.add(1).toArray())).toEqual([2, 3, 4, 5]);
    gpu.dispose();
  }, 60_000);
});
