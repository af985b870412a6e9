import { expect } from 'vitest';
import { type Tensor, tensor } from '../../src';
import { setKernelsEnabled } from '../../src/cpu/wasm/runtime';

/** A small deterministic PRNG (mulberry32), so failures reproduce. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const int = (random: () => number, lo: number, hi: number) =>
  lo + Math.floor(random() * (hi - lo + 1));

/** Values that exercise the edge cases as well as ordinary numbers. */
const SPECIAL = [
  0,
  -0,
  1,
  -1,
  Number.NaN,
  Number.POSITIVE_INFINITY,
  Number.NEGATIVE_INFINITY,
  1e-40,
  3e38,
];

export function randomValues(random: () => number, n: number, specials = true): Float32Array {
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    out[i] =
      specials && random() < 0.05
        ? SPECIAL[int(random, 0, SPECIAL.length - 1)]
        : (random() - 0.5) * 8;
  }
  return out;
}

/**
 * A random view of `shape`: either contiguous, or carved out of a bigger tensor by a
 * permutation, strided slices or a broadcast dim, so kernels see every kind of stride.
 */
export function randomView(
  random: () => number,
  shape: readonly number[],
  specials = true,
): Tensor {
  const kind = int(random, 0, 3);
  const numel = shape.reduce((p, s) => p * s, 1);
  if (kind === 0 || shape.length === 0) {
    return tensor(randomValues(random, numel, specials), { shape: [...shape] });
  }
  if (kind === 1) {
    // permuted: build the permuted shape contiguously, then permute back
    const order = [...shape.keys()].sort(() => random() - 0.5);
    const base = tensor(randomValues(random, numel, specials), {
      shape: order.map((d) => shape[d]),
    });
    const inverse = order.map((_, i) => order.indexOf(i));
    return base.permute(inverse);
  }
  if (kind === 2) {
    // every other element of a tensor twice as long in one dim
    const dim = int(random, 0, shape.length - 1);
    const bigger = shape.map((s, d) => (d === dim ? 2 * s : s));
    const base = tensor(randomValues(random, numel * 2, specials), { shape: bigger });
    return base.slice(dim, 0, 2 * shape[dim], 2);
  }
  // broadcast along one dim
  const dim = int(random, 0, shape.length - 1);
  const smaller = shape.map((s, d) => (d === dim ? 1 : s));
  const base = tensor(randomValues(random, numel / Math.max(shape[dim], 1), specials), {
    shape: smaller,
  });
  return base.expand([...shape]);
}

export function randomShape(random: () => number, maxDims = 4, maxSize = 9): number[] {
  return Array.from({ length: int(random, 0, maxDims) }, () => int(random, 1, maxSize));
}

/** Runs `compute` with the TypeScript kernels and with the WebAssembly ones. */
export function bothPaths<T>(compute: () => T): { reference: T; wasm: T } {
  setKernelsEnabled(false);
  let reference: T;
  try {
    reference = compute();
  } finally {
    setKernelsEnabled(true);
  }
  return { reference, wasm: compute() };
}

/** Same values bit for bit (any NaN matches any NaN). */
export function expectSameBits(
  actual: ArrayLike<number>,
  expected: ArrayLike<number>,
  what: string,
): void {
  expect(actual.length, what).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    const [a, e] = [actual[i], expected[i]];
    if (Number.isNaN(e) && Number.isNaN(a)) continue;
    if (!Object.is(a, e))
      expect.fail(`${what}: element ${i} is ${a}, the TypeScript kernel gives ${e}`);
  }
}
