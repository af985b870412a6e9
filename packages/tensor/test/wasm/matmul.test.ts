import { afterAll, describe, expect, test } from 'vitest';
import { getNumThreads, matmul, setNumThreads, tensor } from '../../src';
import { getKernels } from '../../src/cpu/wasm/runtime';
import { bothPaths, expectSameBits, int, randomValues, rng } from './helpers';

/** a·b in float64 from the values as stored (an independent truth for the rounding bound). */
function exactProduct(
  a: Float32Array,
  b: Float32Array,
  m: number,
  n: number,
  k: number,
): Float64Array {
  const out = new Float64Array(m * n);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let sum = 0;
      for (let p = 0; p < k; p++) sum += a[i * k + p] * b[p * n + j];
      out[i * n + j] = sum;
    }
  }
  return out;
}

describe('WebAssembly matmul', () => {
  test('matches the TypeScript kernel bit for bit in all four transpose cases and at tile edges', () => {
    const random = rng(21);
    const sizes = [
      [1, 1, 1],
      [5, 8, 256],
      [6, 9, 257],
      [13, 17, 3],
      [33, 70, 300],
      [130, 10, 513],
      [4, 2100, 7],
    ];
    for (const [m, n, k] of sizes) {
      const a = tensor(randomValues(random, m * k, false), { shape: [m, k] });
      const b = tensor(randomValues(random, k * n, false), { shape: [k, n] });
      const aT = a.t().contiguous().t();
      const bT = b.t().contiguous().t();
      const { reference, wasm } = bothPaths(() =>
        [a.matmul(b), aT.matmul(b), a.matmul(bT), aT.matmul(bT)].map((t) => t.toArraySync()),
      );
      wasm.forEach((values, i) => {
        expectSameBits(values, reference[i], `${m}x${k}·${k}x${n} case ${i}`);
      });
    }
  });

  test('is within float32 accumulation error of the exact product', () => {
    const random = rng(22);
    const [m, n, k] = [37, 29, 700];
    const av = randomValues(random, m * k, false);
    const bv = randomValues(random, k * n, false);
    const got = tensor(av, { shape: [m, k] })
      .matmul(tensor(bv, { shape: [k, n] }))
      .toArraySync();
    const exact = exactProduct(av, bv, m, n, k);
    for (let i = 0; i < exact.length; i++) {
      // |error| <= k·eps·Σ|a||b|; with values below 4 in magnitude Σ|a||b| < 16k.
      expect(Math.abs(got[i] - exact[i])).toBeLessThan(k * 2 ** -24 * 16 * k);
    }
  });

  test('batched, broadcast and strided views (slices with steps) match the TypeScript kernel', () => {
    const random = rng(23);
    for (let trial = 0; trial < 20; trial++) {
      const [m, n, k, batch] = [
        int(random, 1, 20),
        int(random, 1, 20),
        int(random, 1, 40),
        int(random, 1, 3),
      ];
      const a = tensor(randomValues(random, batch * 2 * m * k), { shape: [batch, 2 * m, k] }).slice(
        1,
        0,
        2 * m,
        2,
      );
      const b = tensor(randomValues(random, k * n * 3), { shape: [k, 3 * n] }).slice(
        1,
        1,
        3 * n,
        3,
      );
      const { reference, wasm } = bothPaths(() => matmul(a, b).toArraySync());
      expectSameBits(wasm, reference, `trial ${trial}`);
    }
  });

  test('NaN and infinity propagate as in PyTorch (0 · inf is NaN, no term skipped)', () => {
    const a = tensor([
      [0, 1],
      [1, 1],
    ]);
    const b = tensor([
      [Number.POSITIVE_INFINITY, 1],
      [1, Number.NaN],
    ]);
    const { reference, wasm } = bothPaths(() => a.matmul(b).toArraySync());
    expectSameBits(wasm, reference, 'specials');
    expect(Array.from(wasm)).toEqual([
      Number.NaN,
      Number.NaN,
      Number.POSITIVE_INFINITY,
      Number.NaN,
    ]);
  });

  test('K = 0 gives zeros, empty M or N give empty results', () => {
    expect(
      tensor(new Float32Array(0), { shape: [2, 0] })
        .matmul(tensor(new Float32Array(0), { shape: [0, 3] }))
        .tolistSync(),
    ).toEqual([
      [0, 0, 0],
      [0, 0, 0],
    ]);
    expect(
      tensor(new Float32Array(0), { shape: [0, 4] }).matmul(
        tensor(new Float32Array(8), { shape: [4, 2] }),
      ).shape,
    ).toEqual([0, 2]);
  });
});

describe('matmul threads (torch.set_num_threads)', () => {
  afterAll(() => setNumThreads(1));

  test('setNumThreads validates its argument and getNumThreads reports it', () => {
    expect(getNumThreads()).toBe(1);
    for (const bad of [0, -1, 1.5, Number.NaN, 1000]) {
      expect(() => setNumThreads(bad)).toThrow(
        /setNumThreads: threads must be an integer in \[1, 64\]/,
      );
    }
    expect(getNumThreads()).toBe(1);
  });

  test('results do not depend on the thread count', async () => {
    expect(getKernels()).not.toBeNull();
    const random = rng(24);
    const [m, n, k] = [600, 230, 190];
    const a = tensor(randomValues(random, m * k, false), { shape: [m, k] });
    const b = tensor(randomValues(random, k * n, false), { shape: [k, n] });
    const narrow = tensor(randomValues(random, k * 3, false), { shape: [k, 3] });
    const single = [a.matmul(b).toArraySync(), a.matmul(narrow).toArraySync()];
    setNumThreads(3);
    expect(getNumThreads()).toBe(3);
    for (let wait = 0; wait < 1000 && !(await workersReady()); wait++)
      await new Promise((r) => setTimeout(r, 20));
    expect(await workersReady()).toBe(true);
    const threaded = [
      a.matmul(b).toArraySync(),
      a.t().contiguous().t().matmul(narrow).toArraySync(),
    ];
    threaded.forEach((values, i) => {
      expectSameBits(values, single[i], `case ${i}`);
    });
  }, 60_000);
});

/** True once the workers have started (a product then runs on several threads). */
async function workersReady(count = 2): Promise<boolean> {
  const { workerCount } = await import('../../src/cpu/wasm/threads');
  return workerCount() >= count;
}

async function waitForWorkers(count: number): Promise<void> {
  for (let wait = 0; wait < 1000 && !(await workersReady(count)); wait++)
    await new Promise((r) => setTimeout(r, 20));
  expect(await workersReady(count)).toBe(true);
}

/** Chunks of products the workers have run so far. */
async function chunksRunByWorkers(): Promise<number> {
  const { workerRuns } = await import('../../src/cpu/wasm/threads');
  return workerRuns().reduce((a, b) => a + b, 0);
}

/**
 * The MLP 784-512-512-10 batch-128 training step's products (M×K×N, transposes as the step
 * has them: Linear's `x @ W.T`, addmm's backward `grad @ W` and `x.T @ grad`).
 */
const MLP_PRODUCTS: [number, number, number, boolean, boolean][] = [
  [128, 784, 512, false, true],
  [128, 512, 512, false, true],
  [128, 512, 10, false, true],
  [128, 512, 512, false, false],
  [128, 10, 512, false, false],
  [784, 128, 512, true, false],
  [512, 128, 512, true, false],
  [512, 128, 10, true, false],
  [512, 128, 784, true, false],
];

describe('matmul on two threads', () => {
  afterAll(() => setNumThreads(1));

  test("gives one thread's results bit for bit at the MLP step's shapes", async () => {
    const random = rng(31);
    const operands = MLP_PRODUCTS.map(([m, k, n, transA, transB]) => {
      const a = tensor(randomValues(random, m * k), { shape: transA ? [k, m] : [m, k] });
      const b = tensor(randomValues(random, k * n), { shape: transB ? [n, k] : [k, n] });
      return [transA ? a.t() : a, transB ? b.t() : b] as const;
    });
    setNumThreads(1);
    const single = operands.map(([a, b]) => a.matmul(b).toArraySync());
    setNumThreads(2);
    await waitForWorkers(1);
    const before = await chunksRunByWorkers();
    // The worker claims chunks only when the OS runs it in time, which on a busy machine may
    // take many products: repeat, yielding between rounds, until it has taken part.
    for (let round = 0; round < 5 || (await chunksRunByWorkers()) === before; round++) {
      if (round === 200) break;
      operands.forEach(([a, b], i) => {
        expectSameBits(a.matmul(b).toArraySync(), single[i], `${MLP_PRODUCTS[i]}`);
      });
      await new Promise((r) => setTimeout(r, 1));
    }
    expect(await chunksRunByWorkers()).toBeGreaterThan(before);
  }, 60_000);

  test('setNumThreads(2), (1), (2) again: a 256×256 matmul returns, with the new worker taking part', async () => {
    const random = rng(32);
    const a = tensor(randomValues(random, 256 * 256, false), { shape: [256, 256] });
    const b = tensor(randomValues(random, 256 * 256, false), { shape: [256, 256] });
    setNumThreads(1);
    const single = a.matmul(b).toArraySync();
    setNumThreads(2);
    await waitForWorkers(1);
    setNumThreads(1);
    // Once the stopped worker has exited, the new one starts in the slot it left.
    await new Promise((r) => setTimeout(r, 300));
    setNumThreads(2);
    await waitForWorkers(1);
    const before = await chunksRunByWorkers();
    for (let round = 0; round < 500 && (await chunksRunByWorkers()) === before; round++) {
      expectSameBits(a.matmul(b).toArraySync(), single, `round ${round}`);
      await new Promise((r) => setTimeout(r, 1));
    }
    expect(await chunksRunByWorkers()).toBeGreaterThan(before);
  }, 60_000);
});
