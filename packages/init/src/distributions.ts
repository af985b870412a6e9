import { ArgumentError, erfScalar, noGrad, type RandomOptions, type Tensor } from '@x/tensor';
import { readArguments, type Slot } from './arguments';
import { checkFinite, checkFloat, checkPositiveStd, checkStd, checkUniformBounds } from './checks';
import { erfinvFloat } from './erf';
import { drawOnHost, writeHost } from './write';

export interface UniformOptions extends RandomOptions {
  /** Lower bound, 0 by default. */
  a?: number;
  /** Upper bound, 1 by default. */
  b?: number;
}

const UNIFORM_SLOTS: readonly Slot[] = [
  { name: 'a', kind: 'number' },
  { name: 'b', kind: 'number' },
];

/**
 * Fills `tensor` with U(a, b) draws in place and returns it (torch.nn.init.uniform_). After
 * manualSeed(s) the values equal PyTorch's bit for bit. Takes PyTorch's positional
 * `(tensor, a=0, b=1)` or an options object.
 *
 * @example
 * uniform_(empty([3, 5]), -0.1, 0.1);
 * uniform_(empty([3, 5]), { a: -0.1, b: 0.1, generator });
 */
export function uniform_(tensor: Tensor, options?: UniformOptions): Tensor;
export function uniform_(tensor: Tensor, a?: number, b?: number, options?: RandomOptions): Tensor;
export function uniform_(tensor: Tensor, ...args: unknown[]): Tensor {
  const {
    a = 0,
    b = 1,
    generator,
  } = readArguments('uniform_', args, UNIFORM_SLOTS) as UniformOptions;
  checkFloat('uniform_', tensor);
  checkUniformBounds('uniform_', a, b);
  return noGrad(() => tensor.uniform_(a, b, { generator }));
}

export interface NormalOptions extends RandomOptions {
  /** Mean, 0 by default. */
  mean?: number;
  /** Standard deviation, 1 by default. */
  std?: number;
}

const NORMAL_SLOTS: readonly Slot[] = [
  { name: 'mean', kind: 'number' },
  { name: 'std', kind: 'number' },
];

/**
 * Fills `tensor` with N(mean, std²) draws in place and returns it (torch.nn.init.normal_).
 * After manualSeed(s) the values equal PyTorch's to float rounding. Takes PyTorch's
 * positional `(tensor, mean=0, std=1)` or an options object.
 *
 * @example
 * normal_(empty([3, 5]), 0, 0.01);
 * normal_(empty([3, 5]), { std: 0.01 });
 */
export function normal_(tensor: Tensor, options?: NormalOptions): Tensor;
export function normal_(
  tensor: Tensor,
  mean?: number,
  std?: number,
  options?: RandomOptions,
): Tensor;
export function normal_(tensor: Tensor, ...args: unknown[]): Tensor {
  const {
    mean = 0,
    std = 1,
    generator,
  } = readArguments('normal_', args, NORMAL_SLOTS) as NormalOptions;
  checkFloat('normal_', tensor);
  checkFinite('normal_', 'mean', mean);
  checkStd('normal_', std);
  return noGrad(() => tensor.normal_(mean, std, { generator }));
}

export interface TruncNormalOptions extends NormalOptions {
  /** Lower cut-off, -2 by default (an absolute value, not in units of std). */
  a?: number;
  /** Upper cut-off, 2 by default. */
  b?: number;
}

/**
 * Fills `tensor` with draws from N(mean, std²) truncated to [a, b], in place, and returns it
 * (torch.nn.init.trunc_normal_). Uses PyTorch's inverse-CDF method, never a rejection loop:
 * uniforms in [2·Φ(α) − 1, 2·Φ(β) − 1], erfinv, times std·√2, plus mean, clamped to [a, b].
 * The uniforms equal PyTorch's bit for bit; erfinv runs on the host in float32 as PyTorch's
 * kernel does, so the values agree with PyTorch's to an ulp or two.
 *
 * Takes PyTorch's positional `(tensor, mean=0, std=1, a=-2, b=2)` or an options object.
 *
 * @example
 * truncNormal_(empty([768, 768]), 0, 0.02, -0.04, 0.04);
 * truncNormal_(empty([768, 768]), { std: 0.02, a: -0.04, b: 0.04 });
 */
export function truncNormal_(tensor: Tensor, options?: TruncNormalOptions): Tensor;
export function truncNormal_(
  tensor: Tensor,
  mean?: number,
  std?: number,
  a?: number,
  b?: number,
  options?: RandomOptions,
): Tensor;
export function truncNormal_(tensor: Tensor, ...args: unknown[]): Tensor {
  const op = 'truncNormal_';
  const {
    mean = 0,
    std = 1,
    a = -2,
    b = 2,
    generator,
  } = readArguments(op, args, [
    { name: 'mean', kind: 'number' },
    { name: 'std', kind: 'number' },
    { name: 'a', kind: 'number' },
    { name: 'b', kind: 'number' },
  ]) as TruncNormalOptions;
  checkFloat(op, tensor);
  checkFinite(op, 'mean', mean);
  checkFinite(op, 'std', std);
  checkFinite(op, 'a', a);
  checkFinite(op, 'b', b);
  checkPositiveStd(op, std);
  if (a > b) throw new ArgumentError(`${op}: expected a <= b, but found a=${a} > b=${b}`);
  // PyTorch's bounds, in its order of float64 arithmetic.
  const normCdf = (x: number) => (1 + erfScalar(x / Math.SQRT2)) / 2;
  const low = 2 * normCdf((a - mean) / std) - 1;
  const high = 2 * normCdf((b - mean) / std) - 1;
  if (tensor.numel() === 0) return tensor;
  const values = drawOnHost(
    tensor.shape,
    (scratch, g) => scratch.uniform_(low, high, { generator: g }),
    generator,
  );
  // erfinv_, mul_, add_, clamp_ on float32 values, each scalar cast to float32 as PyTorch does.
  const f32 = Math.fround;
  const scale = f32(std * Math.SQRT2);
  const shift = f32(mean);
  const lower = f32(a);
  const upper = f32(b);
  for (let i = 0; i < values.length; i++) {
    const x = f32(f32(erfinvFloat(values[i]) * scale) + shift);
    values[i] = Math.min(Math.max(x, lower), upper);
  }
  noGrad(() => writeHost(tensor, values));
  return tensor;
}
