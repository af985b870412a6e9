/**
 * Host-side truth for the conformance suite: inputs placed on a backend in several memory
 * layouts, naive reference evaluations over plain arrays (independent of any backend's
 * strided machinery), and value comparison with stated tolerances.
 */

import { expect } from 'vitest';
import { type Backend, type DType, type Tensor, tensor } from '../index';
import { numel } from '../shape';

export interface HostTensor {
  readonly values: readonly number[];
  readonly shape: readonly number[];
  readonly dtype: DType;
}

/** A deterministic sequence in [0, 1) (an LCG): the same inputs on every run and backend. */
export function sequence(n: number, seed: number): number[] {
  let state = seed >>> 0 || 1;
  return Array.from({ length: n }, () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  });
}

/** Values of `dtype`: floats in [lo, hi), ints in [lo, hi], bools 0/1. */
export function values(n: number, dtype: DType, seed: number, lo = -3, hi = 3): number[] {
  const u = sequence(n, seed);
  if (dtype === 'bool') return u.map((x) => (x < 0.5 ? 0 : 1));
  if (dtype === 'int32') return u.map((x) => Math.floor(lo + x * (hi - lo + 1)));
  return u.map((x) => Math.fround(lo + x * (hi - lo)));
}

/** Values every float op must get right: zeros, infinities, NaN, halves (round), large. */
export const SPECIAL = [
  0,
  -0,
  Number.NaN,
  Number.POSITIVE_INFINITY,
  Number.NEGATIVE_INFINITY,
  0.5,
  -0.5,
  1.5,
  2.5,
  -2.5,
  1,
  -1,
  40,
  -40,
];

/** A JS number stored into `dtype`, as typed arrays (and so every backend) store it. */
/** A float cast to int32 as PyTorch does on x86: truncated; NaN, ±inf and overflow give INT_MIN. */
export function floatToInt32(value: number): number {
  return Math.abs(value) < 2 ** 31 || value === -(2 ** 31) ? Math.trunc(value) : -(2 ** 31);
}

export function cast(value: number, dtype: DType): number {
  if (dtype === 'bool') return value !== 0 ? 1 : 0;
  if (dtype === 'int32') return new Int32Array([value])[0];
  return Math.fround(value);
}

export type Layout = 'contiguous' | 'transposed' | 'strided' | 'offset';
export const LAYOUTS: readonly Layout[] = ['contiguous', 'transposed', 'strided', 'offset'];

/** Row-major multi-index of flat position `i`. */
function unravel(i: number, shape: readonly number[]): number[] {
  const index = new Array<number>(shape.length);
  for (let d = shape.length - 1; d >= 0; d--) {
    index[d] = i % shape[d];
    i = Math.floor(i / shape[d]);
  }
  return index;
}

function ravel(index: readonly number[], shape: readonly number[]): number {
  let i = 0;
  for (let d = 0; d < shape.length; d++) i = i * shape[d] + index[d];
  return i;
}

/**
 * A tensor on `backend` whose logical values are `host`, laid out as asked: contiguous,
 * transposed (every dim reversed), strided (every other element of a wider last dim) or at
 * an offset inside a larger storage. The filler elements hold 777 so reading them shows.
 */
export function place(host: HostTensor, backend: Backend, layout: Layout = 'contiguous'): Tensor {
  const { shape, dtype } = host;
  const n = numel(shape);
  const make = (data: number[], s: readonly number[]) => tensor(data, { shape: s, dtype, backend });
  if (layout === 'transposed' && shape.length >= 2) {
    const reversed = [...shape].reverse();
    const data = new Array<number>(n);
    for (let i = 0; i < n; i++) data[ravel(unravel(i, shape).reverse(), reversed)] = host.values[i];
    return make(data, reversed).permute([...shape.keys()].reverse());
  }
  if (layout === 'strided' && shape.length >= 1) {
    const wide = [...shape.slice(0, -1), shape[shape.length - 1] * 2];
    const data = new Array<number>(n * 2).fill(777);
    for (let i = 0; i < n; i++) data[2 * i] = host.values[i];
    return make(data, wide).slice(-1, 0, wide[wide.length - 1], 2);
  }
  if (layout === 'offset') {
    const data = [...new Array<number>(n).fill(777), ...Array.from(host.values)];
    return make(data, [2, ...shape]).select(0, 1);
  }
  return make(Array.from(host.values), shape);
}

/** Values broadcast from `shape` to `target`, row-major. */
export function broadcastTo(host: HostTensor, target: readonly number[]): number[] {
  const offset = target.length - host.shape.length;
  return Array.from({ length: numel(target) }, (_, i) => {
    const index = unravel(i, target)
      .slice(offset)
      .map((c, d) => (host.shape[d] === 1 ? 0 : c));
    return host.values[ravel(index, host.shape)];
  });
}

export interface Tolerance {
  rtol?: number;
  atol?: number;
}

/** Exact for integers and bools; floats within atol + rtol * |expected|, NaN matching NaN. */
export function expectValues(
  actual: ArrayLike<number>,
  expected: ArrayLike<number>,
  dtype: DType,
  label: string,
  tol: Tolerance = {},
): void {
  const { rtol = 0, atol = 0 } = tol;
  expect(actual.length, `${label}: length`).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    const [got, want] = [actual[i], expected[i]];
    if (dtype !== 'float32' || !Number.isFinite(want)) {
      if (!(Object.is(got, want) || got === want))
        expect.fail(`${label}: element ${i} is ${got}, expected ${want}`);
    } else if (!(Math.abs(got - want) <= atol + rtol * Math.abs(want))) {
      expect.fail(
        `${label}: element ${i} is ${got}, expected ${want} (rtol ${rtol}, atol ${atol})`,
      );
    }
  }
}

/** Reads a tensor on any backend and checks shape, dtype and values. */
export async function expectTensor(
  actual: Tensor,
  expected: HostTensor,
  label: string,
  tol: Tolerance = {},
): Promise<void> {
  expect(actual.shape, `${label}: shape`).toEqual(expected.shape);
  expect(actual.dtype, `${label}: dtype`).toBe(expected.dtype);
  expectValues(await actual.toArray(), expected.values, expected.dtype, label, tol);
}

/** The values of a tensor on the CPU (for references computed by composite ops). */
export async function hostOf(t: Tensor): Promise<HostTensor> {
  return { values: Array.from(await t.toArray()), shape: [...t.shape], dtype: t.dtype };
}
