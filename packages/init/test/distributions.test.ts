// Statistical checks of every random initialiser: a Kolmogorov–Smirnov test against the exact
// CDF (alpha = 0.001, fixed seeds, so the outcome is reproducible), bounds, and the first two
// moments within 5 standard errors.
import { empty, manualSeed, type Tensor } from '@x/tensor';
import { describe, expect, it } from 'vitest';
import * as init from '../src';
import {
  ksCritical,
  ksStatistic,
  moments,
  normalCdf,
  truncatedNormalCdf,
  truncatedNormalMoments,
  uniformCdf,
} from './helpers';

function samples(fill: (t: Tensor) => Tensor, shape: number[], seed = 1234): Float32Array {
  manualSeed(seed);
  return fill(empty(shape)).toArraySync() as Float32Array;
}

/** Checks the KS statistic, and that the sample moments are within 5 standard errors. */
function checkLaw(
  values: Float32Array,
  cdf: (x: number) => number,
  mean: number,
  variance: number,
): void {
  const n = values.length;
  expect(ksStatistic(values, cdf)).toBeLessThan(ksCritical(n));
  const sample = moments(values);
  expect(Math.abs(sample.mean - mean)).toBeLessThan(5 * Math.sqrt(variance / n));
  // The variance of the sample variance is at most 2σ⁴/(n − 1) · (1 + excess kurtosis / 2); 3σ⁴
  // covers the laws here (uniform, normal, truncated normal).
  expect(Math.abs(sample.variance - variance)).toBeLessThan(
    5 * Math.sqrt((3 * variance * variance) / n),
  );
}

const bounded = (values: Float32Array, low: number, high: number) => {
  for (const v of values) {
    expect(v).toBeGreaterThanOrEqual(low);
    expect(v).toBeLessThanOrEqual(high);
  }
};

describe('the KS test can fail', () => {
  it('rejects uniform draws against a normal CDF', () => {
    const values = samples((t) => init.uniform_(t, { a: -1, b: 1 }), [20000]);
    expect(ksStatistic(values, normalCdf(0, Math.sqrt(1 / 3)))).toBeGreaterThan(
      ksCritical(values.length),
    );
  });
});

describe('uniform_ and normal_', () => {
  it('uniform_ draws U(a, b)', () => {
    const values = samples((t) => init.uniform_(t, { a: -0.5, b: 2.5 }), [200, 100]);
    bounded(values, -0.5, 2.5);
    checkLaw(values, uniformCdf(-0.5, 2.5), 1, 9 / 12);
  });

  it('normal_ draws N(mean, std²)', () => {
    const values = samples((t) => init.normal_(t, { mean: 1, std: 0.1 }), [200, 100]);
    checkLaw(values, normalCdf(1, 0.1), 1, 0.01);
  });
});

describe('truncNormal_ draws the exact truncated normal', () => {
  for (const [mean, std, a, b] of [
    [0, 1, -2, 2],
    [0.5, 2, -1, 3],
    [0, 1, 1, 4],
    [0, 0.02, -0.04, 0.04],
  ]) {
    it(`N(${mean}, ${std}²) on [${a}, ${b}]`, () => {
      const values = samples((t) => init.truncNormal_(t, { mean, std, a, b }), [20000]);
      bounded(values, a, b);
      const exact = truncatedNormalMoments(mean, std, a, b);
      checkLaw(values, truncatedNormalCdf(mean, std, a, b), exact.mean, exact.variance);
    });
  }
});

describe('fan-based initialisers', () => {
  const shape = [64, 32, 3, 3]; // fan_in 288, fan_out 576

  it('xavierUniform_ draws U(−b, b), b = gain·√(6 / (fan_in + fan_out))', () => {
    const bound = 2 * Math.sqrt(6 / (288 + 576));
    const values = samples((t) => init.xavierUniform_(t, { gain: 2 }), shape);
    bounded(values, -bound, bound);
    checkLaw(values, uniformCdf(-bound, bound), 0, (bound * bound) / 3);
  });

  it('xavierNormal_ draws N(0, gain²·2 / (fan_in + fan_out))', () => {
    const std = Math.sqrt(2 / (288 + 576));
    checkLaw(
      samples((t) => init.xavierNormal_(t), shape),
      normalCdf(0, std),
      0,
      std * std,
    );
  });

  it("kaimingUniform_ with nn.Linear's a = √5 draws U(−1/√fan_in, 1/√fan_in)", () => {
    const bound = 1 / Math.sqrt(288);
    const values = samples((t) => init.kaimingUniform_(t, { a: Math.sqrt(5) }), shape);
    bounded(values, -bound, bound);
    checkLaw(values, uniformCdf(-bound, bound), 0, (bound * bound) / 3);
  });

  it("kaimingNormal_ with mode 'fan_out' and relu draws N(0, 2 / fan_out)", () => {
    const std = Math.sqrt(2 / 576);
    const values = samples(
      (t) => init.kaimingNormal_(t, { mode: 'fan_out', nonlinearity: 'relu' }),
      shape,
    );
    checkLaw(values, normalCdf(0, std), 0, std * std);
  });

  it('kaiming accepts the mode in any case, as PyTorch lowercases it', () => {
    const upper = samples(
      (t) => init.kaimingUniform_(t, { mode: 'FAN_OUT' as 'fan_out' }),
      [8, 4],
      3,
    );
    const lower = samples((t) => init.kaimingUniform_(t, { mode: 'fan_out' }), [8, 4], 3);
    expect(upper).toEqual(lower);
  });

  it("varianceScaling_'s truncated normal has the target variance scale / fan after truncation", () => {
    const variance = 2 / 288;
    const std = Math.sqrt(variance) / init.TRUNCATED_NORMAL_STD;
    const values = samples((t) => init.varianceScaling_(t, { scale: 2 }), shape);
    bounded(values, -2 * std, 2 * std);
    const exact = truncatedNormalMoments(0, std, -2 * std, 2 * std);
    expect(exact.variance / variance).toBeCloseTo(1, 7);
    checkLaw(values, truncatedNormalCdf(0, std, -2 * std, 2 * std), 0, variance);
  });

  it("varianceScaling_ 'uniform' and 'untruncated_normal' with 'fan_avg'", () => {
    const variance = 3 / ((288 + 576) / 2);
    const limit = Math.sqrt(3 * variance);
    const uniform = samples(
      (t) => init.varianceScaling_(t, { scale: 3, mode: 'fan_avg', distribution: 'uniform' }),
      shape,
    );
    checkLaw(uniform, uniformCdf(-limit, limit), 0, variance);
    const normal = samples(
      (t) =>
        init.varianceScaling_(t, { scale: 3, mode: 'fan_avg', distribution: 'untruncated_normal' }),
      shape,
    );
    checkLaw(normal, normalCdf(0, Math.sqrt(variance)), 0, variance);
  });
});

describe('sparse_', () => {
  it('zeros ⌈sparsity·rows⌉ entries of every column and draws N(0, std²) elsewhere', () => {
    const [rows, cols] = [300, 80];
    const values = samples((t) => init.sparse_(t, 0.25, { std: 0.5 }), [rows, cols]);
    const nonzero: number[] = [];
    for (let col = 0; col < cols; col++) {
      let zeros = 0;
      for (let row = 0; row < rows; row++) {
        const v = values[row * cols + col];
        if (v === 0) zeros++;
        else nonzero.push(v);
      }
      expect(zeros).toBe(Math.ceil(0.25 * rows));
    }
    checkLaw(Float32Array.from(nonzero), normalCdf(0, 0.5), 0, 0.25);
  });
});
