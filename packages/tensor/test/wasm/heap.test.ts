import { afterEach, describe, expect, test } from 'vitest';
import { cpu, matmul, rand, type Tensor, tensor, zeros } from '../../src';
import type { CpuStorage } from '../../src/cpu/storage';
import { Heap, RESERVED_BYTES, SOFT_LIMIT_BYTES, sizeClass } from '../../src/cpu/wasm/heap';
import { heap } from '../../src/cpu/wasm/runtime';
import { expectSameBits } from './helpers';

describe('size classes', () => {
  test('a class holds the request, is 64-byte aligned and wastes at most 1/8 above 64 bytes', () => {
    for (let bytes = 1; bytes < 1 << 22; bytes = Math.ceil(bytes * 1.37) + 1) {
      const size = sizeClass(bytes);
      expect(size).toBeGreaterThanOrEqual(bytes);
      expect(size % 64).toBe(0);
      expect(size - bytes).toBeLessThanOrEqual(Math.max(63, bytes / 8));
    }
  });

  test('requests of nearby sizes share a class (so their blocks are reused for each other)', () => {
    expect(sizeClass(1000 * 4)).toBe(sizeClass(1001 * 4));
    expect(sizeClass(1 << 20)).toBe(sizeClass((1 << 20) - 100));
  });
});

describe('the heap allocator', () => {
  test('a freed block is reused for the next request of its class', () => {
    const h = new Heap();
    const first = h.allocate(10_000) as { ptr: number; size: number };
    h.release(first.ptr, first.size, 10_000);
    const second = h.allocate(9_990) as { ptr: number; size: number };
    expect(second.ptr).toBe(first.ptr);
    expect(h.stats.liveBlocks).toBe(1);
  });

  test('adjacent free blocks merge to serve a bigger request before the memory grows', () => {
    const MB = 2 ** 20;
    const h = new Heap();
    const capacity = h.stats.capacity;
    const blocks = Array.from({ length: 8 }, () => h.allocate(MB) as { ptr: number; size: number });
    for (const b of blocks) h.release(b.ptr, b.size, MB);
    // take most of the never-used space, so a 6 MiB request cannot come from there
    const remaining = capacity - RESERVED_BYTES - 8 * MB;
    let filler = remaining - MB;
    while (sizeClass(filler) > remaining - MB / 2) filler -= 65536;
    h.allocate(filler);
    const big = h.allocate(6 * MB) as { ptr: number };
    expect(big.ptr).toBe(blocks[0].ptr);
    expect(h.stats.capacity).toBe(capacity);
  });

  test('growing the memory keeps every storage readable (views are taken fresh)', () => {
    const before = tensor([1, 2, 3]);
    const capacity = heap.stats.capacity;
    const big = zeros([capacity / 4 + 1024]);
    expect(heap.stats.capacity).toBeGreaterThan(capacity);
    expect(Array.from(before.toArraySync())).toEqual([1, 2, 3]);
    big.dispose();
    before.dispose();
  });
});

describe('soak', () => {
  test('10,000 training-like steps leave the live bytes and the heap size flat', () => {
    const w = rand([64, 32]);
    const x = rand([16, 64]);
    const live = cpu.memory();
    let capacityAfterWarmup = 0;
    for (let step = 0; step < 10_000; step++) {
      // every intermediate is disposed, as a training step that frees its temporaries does
      const temporaries: Tensor[] = [];
      const keep = (t: Tensor) => {
        temporaries.push(t);
        return t;
      };
      const y = keep(matmul(x, w));
      const activated = keep(y.relu());
      keep(keep(activated.mul(activated)).sum());
      const mask = keep(keep(keep(activated.gt(0)).float()).mul(2));
      const grad = keep(keep(x.t()).matmul(mask));
      w.sub_(keep(grad.mul(1e-6)));
      for (const t of temporaries) t.dispose();
      if (step === 100) capacityAfterWarmup = heap.stats.capacity;
    }
    expect(cpu.memory()).toEqual(live);
    expect(heap.stats.capacity).toBe(capacityAfterWarmup);
    w.dispose();
    x.dispose();
  });
});

describe('past the soft limit', () => {
  test('storages hold at most the limit; declined until one comes back; kernels are not counted', () => {
    const h = new Heap();
    h.softLimitBytes = 8192;
    const first = h.allocate(4000, true) as { ptr: number; size: number };
    expect(h.stats.storageBytes).toBe(sizeClass(4000));
    expect(h.allocate(8192, true)).toBeNull();
    expect(h.allocate(100, true)).toBeNull(); // would fit, but nothing came back since
    expect(h.allocate(8192)).not.toBeNull(); // a kernel's block
    h.release(first.ptr, first.size, 4000, true);
    h.relieve();
    expect(h.stats.storageBytes).toBe(0);
    expect(h.allocate(8192, true)).not.toBeNull();
  });

  afterEach(() => {
    heap.softLimitBytes = SOFT_LIMIT_BYTES;
    heap.relieve();
  });

  test('storages become plain arrays, and every op still gives the same values', () => {
    // bigger than any block freed so far, so only fresh space could hold it
    const a = rand([1_100_003, 5]);
    const b = rand([5, 3]);
    const inHeap = [a.matmul(b).toArraySync(), a.mul(2).add(b.sum()).toArraySync()];
    heap.softLimitBytes = 0;
    const c = tensor(a.toArraySync(), { shape: [1_100_003, 5] });
    expect((c._storage as CpuStorage).inHeap).toBe(false);
    expectSameBits(c.matmul(b).toArraySync(), inHeap[0], 'matmul of a plain-array storage');
    expectSameBits(a.matmul(b).toArraySync(), inHeap[0], 'matmul into a plain-array storage');
    expectSameBits(c.mul(2).add(b.sum()).toArraySync(), inHeap[1], 'elementwise');
    for (const t of [a, b, c]) t.dispose();
  });
});
