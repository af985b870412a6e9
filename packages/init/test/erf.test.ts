import { erfScalar as erf, erfFloat } from '@x/tensor';
import { describe, expect, it } from 'vitest';
import { erfinvFloat } from '../src/erf';
import { torch } from './fixtures';
import { ulpDistance } from './helpers';

describe('erf (double precision)', () => {
  it("agrees with Python's math.erf within 4e-16 from −7 to 7", () => {
    for (const { x, erf: expected } of torch.erf)
      expect(Math.abs(erf(x) - expected)).toBeLessThan(4e-16);
  });

  it('is odd, saturates and passes NaN through', () => {
    expect(erf(0)).toBe(0);
    expect(erf(-1.5)).toBe(-erf(1.5));
    expect(erf(40)).toBe(1);
    expect(erf(Number.NEGATIVE_INFINITY)).toBe(-1);
    expect(erf(Number.NaN)).toBeNaN();
  });
});

describe('erfFloat (erf rounded to float32)', () => {
  const bits = new Float32Array(1);
  const words = new Uint32Array(bits.buffer);
  const float = (word: number) => {
    words[0] = word;
    return bits[0];
  };
  const wordOf = (x: number) => {
    bits[0] = x;
    return words[0];
  };
  /** The xs where erfFloat differs from Math.fround(erf(x)) in any bit (−0 counts). */
  const mismatches = (xs: Iterable<number>) =>
    [...xs].filter((x) => !Object.is(erfFloat(x), Math.fround(erf(x))));

  it('equals Math.fround(erf(x)) on 2 million evenly spaced float32 bit patterns in [−5, 5]', () => {
    const five = wordOf(5);
    const stride = Math.floor(five / 1e6) | 1; // odd, so every mantissa bit varies
    function* sweep() {
      for (let word = 0; word <= five; word += stride) {
        yield float(word);
        yield float(word | 0x80000000);
      }
    }
    expect(mismatches(sweep())).toEqual([]);
  });

  it('equals Math.fround(erf(x)) at the pieces’ edges, their neighbours and special values', () => {
    const special = [0, -0, Infinity, -Infinity, NaN, 3.4028234663852886e38];
    for (const word of [1, 2, 3, 0x7fffff, 0x800000]) special.push(float(word)); // subnormals
    for (let k = 1; k <= 24; k++) special.push(k / 4); // 1/4 … 6: pieces, their end, saturation
    const withNeighbours = special.flatMap((x) =>
      Number.isFinite(x) && x !== 0 ? [-1, 0, 1].map((step) => float(wordOf(x) + step)) : [x],
    );
    expect(mismatches(withNeighbours.flatMap((x) => [x, -x]))).toEqual([]);
  });

  it('equals Math.fround(erf(x)) on a million random float32s in [−4.5, 4.5]', () => {
    let state = 20240601;
    function* random() {
      for (let i = 0; i < 1e6; i++) {
        state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
        yield Math.fround((state / 2 ** 32 - 0.5) * 9);
      }
    }
    expect(mismatches(random())).toEqual([]);
  });
});

describe('erfinvFloat (PyTorch’s float32 erfinv)', () => {
  const { y, float32, float64 } = torch.erfinv;

  it('matches torch.erfinv on float32 bit for bit for most inputs and within 8 ulp for all', () => {
    let identical = 0;
    y.forEach((value, i) => {
      const result = erfinvFloat(value);
      if (result === float32[i]) identical++;
      expect(ulpDistance(result, float32[i])).toBeLessThanOrEqual(8);
    });
    expect(identical / y.length).toBeGreaterThan(0.9);
  });

  it('is accurate: within 1e-5 relative of the float64 inverse, tails included', () => {
    y.forEach((value, i) => {
      expect(Math.abs(erfinvFloat(value) - float64[i])).toBeLessThanOrEqual(
        1e-5 * Math.abs(float64[i]),
      );
    });
  });

  it('returns ±Infinity at ±1 and NaN outside [−1, 1]', () => {
    expect(erfinvFloat(1)).toBe(Number.POSITIVE_INFINITY);
    expect(erfinvFloat(-1)).toBe(Number.NEGATIVE_INFINITY);
    expect(erfinvFloat(1.5)).toBeNaN();
    expect(erfinvFloat(Number.NaN)).toBeNaN();
  });
});
