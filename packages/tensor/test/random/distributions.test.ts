import { describe, expect, it } from 'vitest';
import { fmaf } from '../../src/random/distributions.js';
import {
  bernoulliFill,
  Generator,
  normalFill,
  philoxNormalFill,
  philoxUniformFill,
  randintFill,
  randperm,
  uniformFill,
} from '../../src/random/index.js';

const g = () => new Generator({ seed: 1 });

describe('fmaf', () => {
  it('rounds once, not twice', () => {
    // a*b + c = 2^24 + 3 - 2^-46 exactly: float64 rounds it to the float32 midpoint 2^24 + 3,
    // which ties to 2^24 + 4, but the correctly rounded result is 2^24 + 2.
    const a = 1 + 2 ** -23;
    const b = 1 - 2 ** -23;
    const c = 2 ** 24 + 2;
    expect(Math.fround(a * b + c)).toBe(2 ** 24 + 4);
    expect(fmaf(a, b, c)).toBe(2 ** 24 + 2);
    expect(fmaf(-a, b, -c)).toBe(-(2 ** 24 + 2));
    expect(fmaf(2, 3, 4)).toBe(10);
  });
});

describe('shapes and ranges', () => {
  it('randperm returns a permutation, including n = 0 and 1', () => {
    expect(randperm(g(), 0)).toEqual(new Int32Array(0));
    expect(randperm(g(), 1)).toEqual(new Int32Array([0]));
    const p = randperm(g(), 500);
    expect(Array.from(p).sort((a, b) => a - b)).toEqual(Array.from({ length: 500 }, (_, i) => i));
  });

  it('randint stays in [low, high), for int32 extremes and int64 ranges', () => {
    const a = randintFill(g(), new Int32Array(1000), -(2 ** 31), 2 ** 31);
    expect(a.length).toBe(1000);
    const b = randintFill(g(), new BigInt64Array(1000), -(2n ** 63n), 2n ** 63n);
    for (const x of b) expect(x >= -(2n ** 63n) && x < 2n ** 63n).toBe(true);
    for (const x of randintFill(g(), new Int32Array(1000), 3, 4)) expect(x).toBe(3);
  });

  it('bernoulli with p = 0 and p = 1 is constant', () => {
    expect(Array.from(bernoulliFill(g(), new Float32Array(50), 0))).toEqual(new Array(50).fill(0));
    expect(Array.from(bernoulliFill(g(), new Float32Array(50), 1))).toEqual(new Array(50).fill(1));
  });

  it('uniform with from == to fills the constant; normal with std 0 fills the mean', () => {
    expect(Array.from(uniformFill(g(), new Float32Array(5), 2, 2))).toEqual([2, 2, 2, 2, 2]);
    expect(Array.from(normalFill(g(), new Float32Array(20), 1.5, 0))).toEqual(
      new Array(20).fill(1.5),
    );
  });

  it('fills work on subarrays in place', () => {
    const buf = new Float32Array(40);
    uniformFill(g(), buf.subarray(10, 30));
    expect(buf.subarray(10, 30)).toEqual(uniformFill(g(), new Float32Array(20)));
    expect(buf[9]).toBe(0);
    expect(buf[30]).toBe(0);
  });
});

describe('bad input names the argument, the expectation and the value', () => {
  it.each([
    [
      'from > to',
      () => uniformFill(g(), new Float32Array(1), 2, 1),
      /from must be <= to.*got from=2 > to=1/,
    ],
    [
      'from NaN',
      () => uniformFill(g(), new Float32Array(1), Number.NaN),
      /from must be a finite number, got NaN/,
    ],
    [
      'to infinite',
      () => uniformFill(g(), new Float32Array(1), 0, Infinity),
      /to must be a finite number, got Infinity/,
    ],
    [
      'range too wide',
      () => uniformFill(g(), new Float32Array(1), -3e38, 3e38),
      /to - from must be <= float32 max/,
    ],
    [
      'outside float32',
      () => uniformFill(g(), new Float32Array(1), 0, 1e39),
      /float32 range, got from=0, to=1e\+39/,
    ],
    ['std < 0', () => normalFill(g(), new Float32Array(1), 0, -1), /std must be >= 0, got std=-1/],
    [
      'mean NaN',
      () => normalFill(g(), new Float32Array(1), Number.NaN),
      /mean must be a finite number, got NaN/,
    ],
    [
      'low >= high',
      () => randintFill(g(), new Int32Array(1), 5, 5),
      /high must be greater than low, got low=5, high=5/,
    ],
    [
      'low not integer',
      () => randintFill(g(), new Int32Array(1), 0.5, 5),
      /low must be an integer.*got 0.5/,
    ],
    [
      'int32 overflow',
      () => randintFill(g(), new Int32Array(1), 0, 2 ** 32),
      /must fit int32.*got \[0, 4294967296\)/,
    ],
    [
      'int64 overflow',
      () => randintFill(g(), new BigInt64Array(1), 0n, 2n ** 64n),
      /must fit int64/,
    ],
    ['randperm n < 0', () => randperm(g(), -1), /n must be an integer in \[0, 2\^31\], got -1/],
    ['randperm n fractional', () => randperm(g(), 2.5), /n must be an integer.*got 2.5/],
    [
      'bernoulli p > 1',
      () => bernoulliFill(g(), new Float32Array(1), 1.5),
      /p must be a number in \[0, 1\], got 1.5/,
    ],
    [
      'philox seed',
      () => philoxUniformFill(1 as unknown as bigint, 0n, new Float32Array(1)),
      /seed must be a bigint, got number/,
    ],
    [
      'philox offset',
      () => philoxNormalFill(1n, 0 as unknown as bigint, new Float32Array(1)),
      /offset must be a bigint, got number/,
    ],
    [
      'philox std',
      () => philoxNormalFill(1n, 0n, new Float32Array(1), 0, -2),
      /std must be >= 0, got std=-2/,
    ],
    [
      'advance',
      () => new Generator({ algorithm: 'philox' }).advance(-1),
      /blocks must be a non-negative integer, got -1/,
    ],
  ])('%s', (_name, f, message) => {
    expect(f).toThrow(message);
  });

  it('does not consume randomness when the arguments are rejected', () => {
    const a = g();
    expect(() => normalFill(a, new Float32Array(3), 0, -1)).toThrow();
    expect(a.getState()).toEqual(g().getState());
  });
});
