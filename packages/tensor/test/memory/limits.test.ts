import { describe, expect, test, vi } from 'vitest';
import {
  arange,
  empty,
  eye,
  full,
  getRngState,
  OutOfMemoryError,
  randperm,
  ShapeError,
  tensor,
  zeros,
} from '../../src';
import { Heap } from '../../src/cpu/wasm/heap';

describe('sizes no tensor can have are refused before any allocation', () => {
  test.each([
    ['empty([1e308])', () => empty([1e308]), /^empty: size \[1e\+308\] asks for/],
    ['zeros([2, 1e308])', () => zeros([2, 1e308]), /^zeros: size \[2, 1e\+308\]/],
    [
      'full([2 ** 30, 2 ** 30], 1)',
      () => full([2 ** 30, 2 ** 30], 1),
      /^full: size .* more than any tensor can hold/,
    ],
    ['eye(1e308)', () => eye(1e308), /^eye: n, m \[1e\+308, 1e\+308\]/],
    ['arange(1e300)', () => arange(1e300), /^arange: size/],
  ])('%s throws a ShapeError naming the function and argument', (_, call, message) => {
    expect(call).toThrow(ShapeError);
    expect(call).toThrow(message);
  });

  test('and the heap is intact afterwards (a NaN size once corrupted every later allocation)', () => {
    expect(() => empty([1e308])).toThrow(ShapeError);
    expect(Array.from(full([1000], 1).toArraySync()).every((v) => v === 1)).toBe(true);
    expect(Array.from(full([3], 2).add(1).toArraySync())).toEqual([3, 3, 3]);
  });
});

describe('an allocation the CPU cannot serve', () => {
  test('empty([2 ** 33]) throws OutOfMemoryError with the bytes, and the next op works', () => {
    let error: unknown;
    try {
      empty([2 ** 33]);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(OutOfMemoryError);
    const oom = error as OutOfMemoryError;
    expect(oom.requestedBytes).toBe(2 ** 35);
    expect(oom.heldBytes).toBeGreaterThanOrEqual(0);
    expect(oom.message).toMatch(/^cpu: cannot allocate 32 GiB \(34359738368 bytes\)/);
    expect(Array.from(zeros([17]).add(1).toArraySync())).toEqual(new Array(17).fill(1));
  });

  test('after a failed empty([2 ** 40]) every later allocation still works', () => {
    expect(() => empty([2 ** 40])).toThrow(OutOfMemoryError);
    expect(Array.from(tensor([1, 2]).add(1).toArraySync())).toEqual([2, 3]);
    // sizes no free block serves, so they come from fresh space
    for (const n of [1_000_003, 2_000_003, 3_000_017]) expect(zeros([n]).numel()).toBe(n);
  });

  test('a heap refuses what it could never hold and stays usable', () => {
    const h = new Heap();
    expect(() => h.allocate(2 ** 40)).toThrow(OutOfMemoryError);
    expect(() => h.allocate(Number.NaN)).toThrow(OutOfMemoryError);
    expect(h.allocate(100)).not.toBeNull();
    expect(h.stats.liveBlocks).toBe(1);
  });

  test('arange(2 ** 31) and randperm(2 ** 31) are refused before computing anything', () => {
    const state = getRngState();
    expect(() => arange(2 ** 31)).toThrow(OutOfMemoryError);
    expect(() => randperm(2 ** 31)).toThrow(OutOfMemoryError);
    expect(getRngState()).toEqual(state);
    expect(Array.from(arange(4).toArraySync())).toEqual([0, 1, 2, 3]);
  });
});

describe('before the kernels are ready', () => {
  test('a failed allocation leaves the warm-up and every later op working', async () => {
    vi.resetModules();
    const fresh = await import('../../src'); // a new heap, its kernels still warming up
    expect(() => fresh.empty([2 ** 40])).toThrow(fresh.OutOfMemoryError);
    expect(Array.from(fresh.tensor([1, 2]).add(1).toArraySync())).toEqual([2, 3]);
    await expect(fresh.ready()).resolves.toBe(true);
    expect(Array.from(fresh.tensor([1, 2]).mul(3).toArraySync())).toEqual([3, 6]);
  });
});
