// Statistics and float32 comparisons shared by the tests.
import { erfScalar as erf } from '@x/tensor';

const bits = new Float32Array(1);
const words = new Int32Array(bits.buffer);
/** float32 values mapped to integers that are consecutive for consecutive floats. */
function ordinal(x: number): number {
  bits[0] = x;
  return words[0] < 0 ? -(words[0] & 0x7fffffff) : words[0];
}
/** How many float32 steps apart two float32 values are. */
export const ulpDistance = (a: number, b: number) => Math.abs(ordinal(a) - ordinal(b));

/** The largest ulpDistance between matching elements. */
export function maxUlpDistance(actual: ArrayLike<number>, expected: ArrayLike<number>): number {
  let worst = 0;
  for (let i = 0; i < expected.length; i++)
    worst = Math.max(worst, ulpDistance(actual[i], expected[i]));
  return worst;
}

/** The largest |actual − expected| between matching elements. */
export function maxAbsDifference(actual: ArrayLike<number>, expected: ArrayLike<number>): number {
  let worst = 0;
  for (let i = 0; i < expected.length; i++)
    worst = Math.max(worst, Math.abs(actual[i] - expected[i]));
  return worst;
}

/** The standard normal CDF. */
export const phi = (x: number) => (1 + erf(x / Math.SQRT2)) / 2;
const density = (x: number) => Math.exp((-x * x) / 2) / Math.sqrt(2 * Math.PI);

export const uniformCdf = (a: number, b: number) => (x: number) =>
  x <= a ? 0 : x >= b ? 1 : (x - a) / (b - a);
export const normalCdf = (mean: number, std: number) => (x: number) => phi((x - mean) / std);
/** The exact CDF of N(mean, std²) truncated to [a, b]. */
export function truncatedNormalCdf(mean: number, std: number, a: number, b: number) {
  const low = phi((a - mean) / std);
  const mass = phi((b - mean) / std) - low;
  return (x: number) => (x <= a ? 0 : x >= b ? 1 : (phi((x - mean) / std) - low) / mass);
}
/** Mean and variance of N(mean, std²) truncated to [a, b]. */
export function truncatedNormalMoments(mean: number, std: number, a: number, b: number) {
  const alpha = (a - mean) / std;
  const beta = (b - mean) / std;
  const mass = phi(beta) - phi(alpha);
  const shift = (density(alpha) - density(beta)) / mass;
  return {
    mean: mean + std * shift,
    variance:
      std * std * (1 + (alpha * density(alpha) - beta * density(beta)) / mass - shift * shift),
  };
}

/** The Kolmogorov–Smirnov statistic of `samples` against the continuous `cdf`. */
export function ksStatistic(samples: ArrayLike<number>, cdf: (x: number) => number): number {
  const sorted = Float64Array.from(samples).sort();
  const n = sorted.length;
  let d = 0;
  for (let i = 0; i < n; i++) {
    const f = cdf(sorted[i]);
    d = Math.max(d, f - i / n, (i + 1) / n - f);
  }
  return d;
}

/** KS tests here use alpha = 0.001: reject when D > √(−ln(α/2) / 2) / √n. */
export const KS_ALPHA = 0.001;
export const ksCritical = (n: number) => Math.sqrt(-Math.log(KS_ALPHA / 2) / 2) / Math.sqrt(n);

export function moments(samples: ArrayLike<number>): { mean: number; variance: number } {
  let sum = 0;
  for (let i = 0; i < samples.length; i++) sum += samples[i];
  const mean = sum / samples.length;
  let squares = 0;
  for (let i = 0; i < samples.length; i++) squares += (samples[i] - mean) ** 2;
  return { mean, variance: squares / (samples.length - 1) };
}
