import { describe, expect, test } from 'vitest';
import { tensor } from '../../src';
import { bothPaths, expectSameBits, randomShape, randomValues, randomView, rng } from './helpers';

/** A random subset of the dims, sorted. */
function someAxes(random: () => number, ndim: number): number[] {
  return [...Array(ndim).keys()].filter(() => random() < 0.5);
}

/**
 * Equal as numbers (NaN matches NaN): f32x4.max picks +0 over -0 where the TypeScript kernel
 * keeps the first of equal values, the one way max/min may differ.
 */
function expectSameValues(got: ArrayLike<number>, want: ArrayLike<number>, what: string) {
  expect(got.length, what).toBe(want.length);
  for (let i = 0; i < want.length; i++) {
    if (Number.isNaN(want[i])) expect(got[i], `${what} [${i}]`).toBeNaN();
    else expect(got[i] === want[i], `${what} [${i}]: ${got[i]} vs ${want[i]}`).toBe(true);
  }
}

describe("WebAssembly reductions give the TypeScript kernels' values", () => {
  test('sum, amax and amin over random dims of random views', () => {
    const random = rng(31);
    for (let trial = 0; trial < 60; trial++) {
      const shape = randomShape(random, 4, 12);
      const input = randomView(random, shape, trial % 3 === 0);
      const axes = someAxes(random, shape.length);
      const dims = axes.length > 0 ? axes : undefined;
      const { reference, wasm } = bothPaths(() => [
        input.sum(dims).toArraySync(),
        input.amax(dims).toArraySync(),
        input.amin(dims).toArraySync(),
      ]);
      expectSameBits(wasm[0], reference[0], `sum ${shape} over ${axes}`);
      expectSameValues(wasm[1], reference[1], `amax ${shape} over ${axes}`);
      expectSameValues(wasm[2], reference[2], `amin ${shape} over ${axes}`);
    }
  });

  test('long rows and columns (the vector loops and their tails)', () => {
    const random = rng(32);
    for (const [rows, cols] of [
      [3, 1000],
      [1000, 3],
      [17, 33],
      [64, 8],
      [1, 4099],
    ]) {
      const input = tensor(randomValues(random, rows * cols, false), { shape: [rows, cols] });
      for (const dim of [0, 1]) {
        const { reference, wasm } = bothPaths(() => [
          input.sum(dim).toArraySync(),
          input.amax(dim).toArraySync(),
          input.amin(dim).toArraySync(),
        ]);
        expectSameBits(wasm[0], reference[0], `sum ${rows}x${cols} dim ${dim}`);
        expectSameValues(wasm[1], reference[1], `amax ${rows}x${cols} dim ${dim}`);
        expectSameValues(wasm[2], reference[2], `amin ${rows}x${cols} dim ${dim}`);
      }
    }
  });

  test('NaN propagates through max and min; sums of inf and NaN follow IEEE', () => {
    const values = new Float32Array(40).fill(1);
    values[37] = Number.NaN;
    const input = tensor(values, { shape: [2, 20] });
    expect(Array.from(input.amax(1).toArraySync())).toEqual([1, Number.NaN]);
    expect(Array.from(input.amin(0).toArraySync()).filter(Number.isNaN).length).toBe(1);
    const inf = tensor([Number.POSITIVE_INFINITY, 1, Number.NEGATIVE_INFINITY, 2, 3, 4, 5, 6, 7]);
    expect(inf.sum().item()).toBeNaN();
    expect(inf.get('1:').sum().item()).toBe(Number.NEGATIVE_INFINITY);
  });
});
