import { describe, expect, it } from 'vitest';
import { ArgumentError, erf, erfFloat, erfScalar, pow, tensor } from '../src';

const f32 = Math.fround;
const int32 = (...values: number[]) => tensor(Int32Array.from(values));

describe('softmax, logSoftmax and logsumexp shift by the max before exp', () => {
  it('equal large logits give exactly 1/2 and −ln 2 (PyTorch), not a rounding of ln 2 + 1e6', () => {
    expect([...tensor([1e6, 1e6]).softmax(0).toArraySync()]).toEqual([0.5, 0.5]);
    expect([...tensor([2e7, 2e7]).softmax(0).toArraySync()]).toEqual([0.5, 0.5]);
    expect([...tensor([1e6, 1e6]).logSoftmax(0).toArraySync()]).toEqual([
      f32(-Math.LN2),
      f32(-Math.LN2),
    ]);
  });

  it('along a dim of a 2-D tensor, each row shifted by its own max', () => {
    const rows = tensor([
      [1e6, 1e6 + 1],
      [-5, -4],
    ]).softmax(1);
    const low = f32(1 / (1 + Math.E));
    const values = [...rows.toArraySync()];
    for (const [i, want] of [low, 1 - low, low, 1 - low].entries())
      expect(values[i]).toBeCloseTo(want, 6);
  });

  it('an empty reduction: softmax gives [], logsumexp −inf, as PyTorch (no amax error)', () => {
    expect(tensor([]).softmax(0).shape).toEqual([0]);
    expect(tensor([]).logSoftmax(0).shape).toEqual([0]);
    expect(tensor([]).logsumexp(0).item()).toBe(Number.NEGATIVE_INFINITY);
    expect(tensor([[], []]).logsumexp(1).toArraySync()).toEqual(
      Float32Array.of(Number.NEGATIVE_INFINITY, Number.NEGATIVE_INFINITY),
    );
  });
});

describe('erf is correctly rounded to float32 and odd', () => {
  it('erf(0) = 0, erf(−0) = −0, erf(1) is the float32 nearest erf(1)', () => {
    const values = erf(tensor([0, -0, 1, -1])).toArraySync();
    expect(Object.is(values[0], 0)).toBe(true);
    expect(Object.is(values[1], -0)).toBe(true);
    // erf(1) = 0.8427007929497148693412...; the float32 nearest it:
    expect(values[2]).toBe(f32(0.8427007929497149));
    expect(values[3]).toBe(-f32(0.8427007929497149));
  });

  it('is exported once for @x/init: erfScalar in double precision, erfFloat rounded', () => {
    expect(erfScalar(0.5)).toBeCloseTo(0.5204998778130465, 15);
    expect(Object.is(erfScalar(-0), -0)).toBe(true);
    expect(erfFloat(0.5)).toBe(f32(0.5204998778130465));
  });
});

describe('int32 arithmetic wraps as two’s complement, as PyTorch', () => {
  it('mul: INT_MAX * INT_MAX is 1', () => {
    expect(int32(2147483647).mul(2147483647).item()).toBe(1);
    expect(int32(2147483647).mul(int32(2147483647)).item()).toBe(1);
    expect(int32(65536).square().item()).toBe(0);
  });

  it('add and sub wrap', () => {
    expect(int32(2147483647).add(1).item()).toBe(-2147483648);
    expect(int32(-2147483648).sub(1).item()).toBe(2147483647);
  });

  it('pow by repeated squaring: 7 ** 46341 is 418859431 (PyTorch), both operand forms', () => {
    expect(pow(int32(7), int32(46341)).item()).toBe(418859431);
    expect(int32(7).pow(46341).item()).toBe(418859431);
    expect(int32(7).pow(46341).dtype).toBe('int32');
  });

  it('a negative integer scalar exponent of an integer tensor is refused, as in PyTorch', () => {
    expect(() => int32(2).pow(-1)).toThrow(ArgumentError);
    expect(() => int32(2).pow(-1)).toThrow(/pow: integers to negative integer powers/);
    expect(pow(int32(2, 1, -1), int32(-1)).toArraySync()).toEqual(Int32Array.of(0, 1, -1));
  });

  it('prod wraps', () => {
    expect(int32(2147483647, 2147483647).prod().item()).toBe(1);
  });
});

describe('pow, clamp, sign, std and casts at edge values follow PyTorch 1.13', () => {
  it('pow(1, NaN | ±inf) and pow(−1, ±inf) are 1; pow(−inf, 0.5) is NaN', () => {
    const exponents = tensor([Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY]);
    expect([...pow(tensor([1, 1, 1]), exponents).toArraySync()]).toEqual([1, 1, 1]);
    expect([...pow(tensor([-1, -1]), exponents.get('1:')).toArraySync()]).toEqual([1, 1]);
    expect([...tensor([1]).pow(Number.NaN).toArraySync()]).toEqual([1]);
    expect(tensor([Number.NEGATIVE_INFINITY]).pow(0.5).item()).toBeNaN();
    expect(Object.is(tensor([-0]).pow(0.5).item(), -0)).toBe(true);
  });

  it('clamp with a lone NaN bound returns the input; with both bounds, NaN', () => {
    const input = tensor([-1, 0.5, 2]);
    expect([...input.clamp({ min: Number.NaN }).toArraySync()]).toEqual([-1, 0.5, 2]);
    expect([...input.clamp({ max: Number.NaN }).toArraySync()]).toEqual([-1, 0.5, 2]);
    expect([...input.clamp({ min: Number.NaN, max: 1 }).toArraySync()].every(Number.isNaN)).toBe(
      true,
    );
  });

  it('sign(NaN) and sign(−0) are +0', () => {
    const values = tensor([Number.NaN, -0, -3, 3]).sign().toArraySync();
    expect(Object.is(values[0], 0) && Object.is(values[1], 0)).toBe(true);
    expect([values[2], values[3]]).toEqual([-1, 1]);
  });

  it('std of denormals is not 0 (PyTorch: 1e-40 for [1e-40, 2e-40, 3e-40])', () => {
    const spread = tensor([1e-40, 2e-40, 3e-40]).std().item();
    expect(Math.abs(spread - 1e-40)).toBeLessThan(2e-45);
    // and huge deviations do not overflow when squared
    expect(tensor([1e30, -1e30]).std().item()).toBe(f32(Math.SQRT2 * f32(1e30)));
  });

  it('float32 → int32 casts of NaN, ±inf and out-of-range values give INT_MIN (x86 PyTorch)', () => {
    const floats = tensor([
      Number.NaN,
      Number.POSITIVE_INFINITY,
      -Number.POSITIVE_INFINITY,
      3e9,
      -2.9,
    ]);
    expect([...floats.int().toArraySync()]).toEqual([
      -2147483648, -2147483648, -2147483648, -2147483648, -2,
    ]);
  });
});
