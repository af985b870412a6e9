import { describe, expect, it } from 'vitest';
import { erf, erfinvFloat } from '../src/erf';
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
