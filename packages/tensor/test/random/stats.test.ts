// Distribution checks with fixed seeds, so they are deterministic. Bounds:
// - Kolmogorov-Smirnov: D <= 1.94947 / sqrt(n), the asymptotic critical value for alpha = 0.001.
// - mean / variance: within 5 standard errors of the true value (SE from the known moments).
// - randint frequencies: chi-square with 9 degrees of freedom <= 27.877 (alpha = 0.001).
import { describe, expect, it } from 'vitest';
import {
  bernoulliFill,
  Generator,
  normalFill,
  type RngAlgorithm,
  randintFill,
  uniformFill,
} from '../../src/random/index.js';

const N = 100_000;
const KS_CRIT = 1.94947 / Math.sqrt(N);

function ks(sample: Float32Array, cdf: (x: number) => number): number {
  const xs = Float64Array.from(sample).sort();
  let d = 0;
  for (let i = 0; i < xs.length; i++) {
    const f = cdf(xs[i]);
    d = Math.max(d, (i + 1) / xs.length - f, f - i / xs.length);
  }
  return d;
}

function moments(a: Float32Array): { mean: number; variance: number } {
  let s = 0;
  for (const x of a) s += x;
  const mean = s / a.length;
  let v = 0;
  for (const x of a) v += (x - mean) ** 2;
  return { mean, variance: v / (a.length - 1) };
}

// erfc with fractional error < 1.2e-7 (Numerical Recipes' Chebyshev fit); ample for KS here.
function erfc(x: number): number {
  const z = Math.abs(x);
  const t = 1 / (1 + 0.5 * z);
  const r =
    t *
    Math.exp(
      -z * z -
        1.26551223 +
        t *
          (1.00002368 +
            t *
              (0.37409196 +
                t *
                  (0.09678418 +
                    t *
                      (-0.18628806 +
                        t *
                          (0.27886807 +
                            t *
                              (-1.13520398 +
                                t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))),
    );
  return x >= 0 ? r : 2 - r;
}
const normalCdf = (x: number) => 0.5 * erfc(-x / Math.SQRT2);
const uniformCdf = (x: number) => Math.min(1, Math.max(0, x));

const ALGORITHMS: RngAlgorithm[] = ['mt19937', 'philox'];

describe.each(ALGORITHMS)('%s statistics (n = 100000)', (algorithm) => {
  const gen = (seed: number) => new Generator({ algorithm, seed });

  it('uniform: KS against U(0,1); mean 0.5 +- 0.0046, variance 1/12 +- 0.0012', () => {
    const u = uniformFill(gen(2024), new Float32Array(N));
    expect(ks(u, uniformCdf)).toBeLessThan(KS_CRIT);
    const { mean, variance } = moments(u);
    expect(Math.abs(mean - 0.5)).toBeLessThan(5 * Math.sqrt(1 / 12 / N));
    expect(Math.abs(variance - 1 / 12)).toBeLessThan(5 * Math.sqrt((1 / 80 - 1 / 144) / N));
    expect(Math.min(...u)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...u)).toBeLessThan(1);
  });

  it('uniform(-3, 5): KS against U(-3,5)', () => {
    const u = uniformFill(gen(7), new Float32Array(N), -3, 5);
    expect(ks(u, (x) => uniformCdf((x + 3) / 8))).toBeLessThan(KS_CRIT);
  });

  it('normal: KS against N(0,1); mean 0 +- 0.016, variance 1 +- 0.022', () => {
    const z = normalFill(gen(31337), new Float32Array(N));
    expect(ks(z, normalCdf)).toBeLessThan(KS_CRIT);
    const { mean, variance } = moments(z);
    expect(Math.abs(mean)).toBeLessThan(5 * Math.sqrt(1 / N));
    expect(Math.abs(variance - 1)).toBeLessThan(5 * Math.sqrt(2 / N));
  });

  it('normal(2, 3): KS against N(2, 9)', () => {
    const z = normalFill(gen(5), new Float32Array(N), 2, 3);
    expect(ks(z, (x) => normalCdf((x - 2) / 3))).toBeLessThan(KS_CRIT);
  });

  it('randint(0, 10): chi-square over the 10 values', () => {
    const v = randintFill(gen(99), new Int32Array(N), 0, 10);
    const counts = new Array(10).fill(0);
    for (const x of v) counts[x]++;
    const chi2 = counts.reduce((s, c) => s + (c - N / 10) ** 2 / (N / 10), 0);
    expect(chi2).toBeLessThan(27.877);
  });

  it('bernoulli(0.3): mean 0.3 +- 5 SE', () => {
    const b = bernoulliFill(gen(4), new Float32Array(N), 0.3);
    expect(Math.abs(moments(b).mean - 0.3)).toBeLessThan(5 * Math.sqrt((0.3 * 0.7) / N));
  });
});

describe('scalar normal path (n < 16, cached second sample)', () => {
  it('KS against N(0,1) over 100000 one-element draws', () => {
    const g = new Generator({ seed: 12 });
    const z = new Float32Array(N);
    for (let i = 0; i < N; i++) normalFill(g, z.subarray(i, i + 1));
    expect(ks(z, normalCdf)).toBeLessThan(KS_CRIT);
  });
});
