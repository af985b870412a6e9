import { ArgumentError, type RandomOptions, show, type Tensor } from '@x/tensor';
import { readArguments } from './arguments';
import { checkFinite, checkFloat } from './checks';
import { normal_, truncNormal_, uniform_ } from './distributions';
import { fansOfShape } from './fan';

export const VARIANCE_SCALING_MODES = ['fan_in', 'fan_out', 'fan_avg'] as const;
export type VarianceScalingMode = (typeof VARIANCE_SCALING_MODES)[number];
export const VARIANCE_SCALING_DISTRIBUTIONS = [
  'truncated_normal',
  'untruncated_normal',
  'uniform',
] as const;
export type VarianceScalingDistribution = (typeof VARIANCE_SCALING_DISTRIBUTIONS)[number];

/** Keras's std correction for a N(0, 1) truncated at ±2: the std of that truncated law. */
export const TRUNCATED_NORMAL_STD = 0.87962566103423978;

export interface VarianceScalingOptions extends RandomOptions {
  /** Target variance times fan, 1 by default. Must be positive. */
  scale?: number;
  /** Which fan divides scale: 'fan_in' (default), 'fan_out' or their mean 'fan_avg'. */
  mode?: VarianceScalingMode;
  /** 'truncated_normal' (default), 'untruncated_normal' or 'uniform'. */
  distribution?: VarianceScalingDistribution;
}

/** Checks Keras's VarianceScaling arguments; returns them with defaults filled. */
export function checkVarianceScaling(
  op: string,
  options: VarianceScalingOptions,
): Required<Omit<VarianceScalingOptions, 'generator'>> {
  const { scale = 1, mode = 'fan_in', distribution = 'truncated_normal' } = options;
  checkFinite(op, 'scale', scale);
  if (scale <= 0) throw new ArgumentError(`${op}: scale must be a positive number, got ${scale}`);
  if (!VARIANCE_SCALING_MODES.includes(mode)) {
    throw new ArgumentError(
      `${op}: mode must be one of ${VARIANCE_SCALING_MODES.map(show).join(', ')}, got ${show(mode)}`,
    );
  }
  if (!VARIANCE_SCALING_DISTRIBUTIONS.includes(distribution)) {
    throw new ArgumentError(
      `${op}: distribution must be one of ${VARIANCE_SCALING_DISTRIBUTIONS.map(show).join(', ')}, got ${show(distribution)}`,
    );
  }
  return { scale, mode, distribution };
}

/**
 * Keras's VarianceScaling on a weight in PyTorch's [out, in, ...kernel] layout: variance
 * scale / max(1, fan), drawn from a normal truncated at ±2 std (with std divided by
 * 0.8796… so the variance after truncation is the target), an untruncated normal, or
 * U(−√(3·variance), √(3·variance)). Fans are PyTorch's (calculateFanInAndFanOut), which
 * are the same numbers Keras reads from its [...kernel, in, out] layout for the same layer.
 * The draws come from this library's PyTorch streams, not TensorFlow's.
 *
 * Takes Keras's positional `(tensor, scale=1, mode='fan_in', distribution='truncated_normal')`
 * or an options object.
 *
 * @example
 * varianceScaling_(empty([64, 32]), 2, 'fan_in', 'truncated_normal'); // he_normal
 * varianceScaling_(empty([64, 32]), { scale: 2, mode: 'fan_in', distribution: 'truncated_normal' });
 */
export function varianceScaling_(tensor: Tensor, options?: VarianceScalingOptions): Tensor;
export function varianceScaling_(
  tensor: Tensor,
  scale?: number,
  mode?: VarianceScalingMode,
  distribution?: VarianceScalingDistribution,
  options?: RandomOptions,
): Tensor;
export function varianceScaling_(tensor: Tensor, ...args: unknown[]): Tensor {
  const op = 'varianceScaling_';
  const options = readArguments(op, args, [
    { name: 'scale', kind: 'number' },
    { name: 'mode', kind: 'string' },
    { name: 'distribution', kind: 'string' },
  ]) as VarianceScalingOptions;
  checkFloat(op, tensor);
  const { scale, mode, distribution } = checkVarianceScaling(op, options);
  const [fanIn, fanOut] = fansOfShape(op, tensor.shape);
  const fan = mode === 'fan_in' ? fanIn : mode === 'fan_out' ? fanOut : (fanIn + fanOut) / 2;
  const variance = scale / Math.max(1, fan);
  const generator = options.generator;
  if (distribution === 'uniform') {
    const limit = Math.sqrt(3 * variance);
    return uniform_(tensor, { a: -limit, b: limit, generator });
  }
  if (distribution === 'untruncated_normal')
    return normal_(tensor, { std: Math.sqrt(variance), generator });
  const std = Math.sqrt(variance) / TRUNCATED_NORMAL_STD;
  return truncNormal_(tensor, { std, a: -2 * std, b: 2 * std, generator });
}
