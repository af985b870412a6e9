import { afterEach, describe, expect, test } from 'vitest';
import { CpuBackend, cpu, rand, type Storage, type Tensor, tensor, zeros } from '../../src';
import type { CpuStorage } from '../../src/cpu/storage';
import { SOFT_LIMIT_BYTES } from '../../src/cpu/wasm/heap';
import { binaryWasm, copyWasm, unaryWasm } from '../../src/cpu/wasm/ops/elementwise';
import { matmulWasm } from '../../src/cpu/wasm/ops/matmul';
import { mt19937FillWasm } from '../../src/cpu/wasm/ops/random';
import { reduceWasm } from '../../src/cpu/wasm/ops/reduce';
import { heap } from '../../src/cpu/wasm/runtime';
import { nextTurn } from '../../src/next-turn';
import { Generator } from '../../src/random/generator';
import { expectSameBits } from '../wasm/helpers';
import { collectAndFinalize, gc } from './collect';

const inHeap = (t: Tensor) => (t._storage as CpuStorage).inHeap;

afterEach(() => {
  heap.softLimitBytes = SOFT_LIMIT_BYTES;
  heap.relieve();
});

describe('memory nobody references', () => {
  test('the finalizer holds no storage: a dropped tensor is collectable before it runs', async () => {
    let t: Tensor | null = zeros([1000]);
    const storage = new WeakRef(t._storage);
    t = null;
    await nextTurn(); // a WeakRef keeps its target until the job that read it ends
    gc();
    expect(storage.deref()).toBeUndefined();
  });

  test('past the soft limit new storages own arrays the collector frees, views keep them', async () => {
    heap.softLimitBytes = 0;
    const counted = cpu.memory();
    let owned: Tensor | null = zeros([123_457]);
    expect(inHeap(owned)).toBe(false);
    // nothing registered for it (so nothing piles up in a synchronous loop), nothing counted
    expect((cpu as CpuBackend).finalizer(owned._storage)).toBeNull();
    expect(cpu.memory()).toEqual(counted);
    let view: Tensor | null = owned.slice(0, 10, 20);
    const array = new WeakRef((owned._storage as CpuStorage).data);
    owned = null;
    await nextTurn();
    gc();
    expect(array.deref()).toBeDefined();
    view = null;
    await nextTurn();
    gc();
    expect(view).toBeNull();
    expect(array.deref()).toBeUndefined();
  });

  test('once finalizers have run, new storages go back into the heap', async () => {
    let dropped: Tensor | null = zeros([98_765]);
    expect(inHeap(dropped)).toBe(true);
    heap.softLimitBytes = heap.stats.storageBytes; // full
    const during = zeros([98_765]);
    expect(inHeap(during)).toBe(false);
    dropped = null;
    await collectAndFinalize();
    const after = zeros([98_765]);
    expect(inHeap(after)).toBe(true);
    expect(dropped).toBeNull();
  });
});

describe('what the collector returns to a backend', () => {
  /** A CPU backend without finalizer(), recording free() calls. */
  function recordingBackend(): { backend: CpuBackend; freed: Storage[] } {
    const backend = Object.create(new CpuBackend()) as CpuBackend;
    const freed: Storage[] = [];
    const free = backend.free;
    Object.assign(backend, {
      finalizer: undefined,
      free(storage: Storage) {
        freed.push(storage);
        free.call(backend, storage);
      },
    });
    return { backend, freed };
  }

  test('a backend without finalizer() gets free(storage) once every tensor on it is collected', async () => {
    const { backend, freed } = recordingBackend();
    let base: Tensor | null = zeros([10], { backend });
    let view: Tensor | null = base.slice(0, 2, 5);
    const storage = base._storage;
    base.dispose();
    base = null;
    await collectAndFinalize();
    expect(freed).toEqual([]); // the view still uses it
    view = null;
    await collectAndFinalize();
    expect(view).toBeNull();
    expect(freed).toEqual([storage]);
    expect(backend.memory()).toEqual({ bytes: 0, buffers: 0 });
  });

  test('a storage disposed through every tensor is freed once, never again by the collector', async () => {
    const { backend, freed } = recordingBackend();
    let base: Tensor | null = zeros([10], { backend });
    const view = base.slice(0, 2, 5);
    base.dispose();
    view.dispose();
    base = null;
    await collectAndFinalize();
    expect(freed).toHaveLength(1);
    expect(base).toBeNull();
  });
});

describe('the WebAssembly kernels on storages the collector owns', () => {
  test('elementwise, matmul, reductions and fills run on heap copies, with the same bits', () => {
    const a = rand([37, 45]);
    const b = rand([45, 29]);
    const generator = () => new Generator({ seed: 7 });
    const expected = [
      a.mul(2).add(a).toArraySync(),
      a.matmul(b).toArraySync(),
      a.sum(1).toArraySync(),
      a.sum(0).toArraySync(),
      a.t().contiguous().toArraySync(),
      a.relu().toArraySync(),
      rand([3000], { generator: generator() }).toArraySync(),
    ];
    heap.softLimitBytes = 0;
    expect(inHeap(zeros([1_234_567]))).toBe(false); // declined: no pooled block serves the rest
    const [ga, gb] = [a, b].map((t) => tensor(t.toArraySync(), { shape: t.shape }));
    const outs = [zeros([37, 45]), zeros([37, 29]), zeros([37]), zeros([45]), zeros([45, 37])];
    for (const t of [ga, gb, ...outs]) expect(inHeap(t)).toBe(false);
    const [mul, mm, rows, cols, transposed] = outs.map((t) => t._view('test'));
    // each returns false where it would leave the work to the TypeScript kernels
    expect(binaryWasm('mul', ga._view('test'), 2, mul)).toBe(true);
    expect(binaryWasm('add', mul, ga._view('test'), mul)).toBe(true);
    expect(matmulWasm(ga._view('test'), gb._view('test'), mm)).toBe(true);
    expect(reduceWasm('sum', ga._view('test'), [1], rows)).toBe(true);
    expect(reduceWasm('sum', ga._view('test'), [0], cols)).toBe(true);
    expect(copyWasm(ga.t()._view('test'), transposed)).toBe(true);
    const relu = zeros([37, 45]);
    expect(unaryWasm('relu', ga._view('test'), relu._view('test'), [])).toBe(true);
    const fill = zeros([3000]);
    expect(inHeap(fill)).toBe(false);
    const fillView = fill._view('test');
    expect(
      mt19937FillWasm(fillView, generator(), { distribution: 'uniform', params: [0, 1] }),
    ).toBe(true);
    const results = [...outs, relu, fill];
    for (const [i, t] of results.entries()) {
      expectSameBits(t.toArraySync(), expected[i], `result ${i}`);
    }
  });
});

describe('CPU async reads give the event loop a turn', () => {
  test.each([
    ['itemAsync', (t: Tensor) => t.sum().itemAsync()],
    ['toArray', (t: Tensor) => t.toArray()],
    ['tolist', (t: Tensor) => t.tolist()],
    ['format', (t: Tensor) => t.format()],
  ] as const)('%s resolves after a macrotask (so finalizers can run)', async (_, read) => {
    const t = tensor([1, 2, 3]);
    let turned = false;
    setImmediate(() => {
      turned = true;
    });
    await read(t);
    expect(turned).toBe(true);
  });

  test('the value read is the one at the call, not after later writes', async () => {
    const t = tensor([1, 2, 3]);
    const pending = t.toArray();
    t.add_(10);
    expect(Array.from(await pending)).toEqual([1, 2, 3]);
  });
});

describe('Symbol.dispose', () => {
  test('`using` frees the tensor when its block ends, and only then', () => {
    let inside: Tensor;
    {
      using t = zeros([4]);
      inside = t;
      expect(t.isDisposed).toBe(false);
    }
    expect(inside.isDisposed).toBe(true);
  });

  test('[Symbol.dispose]() is dispose(): idempotent, and views keep the storage', () => {
    const t = tensor([1, 2, 3, 4]);
    const view = t.slice(0, 1, 3);
    t[Symbol.dispose]();
    t[Symbol.dispose]();
    expect(t.isDisposed).toBe(true);
    expect(Array.from(view.toArraySync())).toEqual([2, 3]);
  });
});
