import { checkGenerator, type RandomOptions, type Tensor, withoutRecording } from '@x/tensor';
import { checkFinite, checkFloat } from './checks';
import { checkFanMode, type FanMode, fansOfShape } from './fan';
import { gainFor, type Nonlinearity } from './gain';

export interface XavierOptions extends RandomOptions {
  /** Scaling factor, 1 by default (e.g. calculateGain('relu')). */
  gain?: number;
}

/** Glorot & Bengio's std, gain·√(2 / (fanIn + fanOut)), in PyTorch's float64 arithmetic. */
function xavierStd(op: string, tensor: Tensor, gain: number): number {
  checkFloat(op, tensor);
  checkFinite(op, 'gain', gain);
  const [fanIn, fanOut] = fansOfShape(op, tensor.shape);
  return gain * Math.sqrt(2.0 / (fanIn + fanOut));
}

/**
 * Fills `tensor` with U(−bound, bound), bound = gain·√(6 / (fanIn + fanOut)), in place
 * (torch.nn.init.xavier_uniform_). Bit-identical to PyTorch after manualSeed(s).
 *
 * @example
 * xavierUniform_(empty([8, 4]), { gain: calculateGain('tanh') });
 */
export function xavierUniform_(tensor: Tensor, options: XavierOptions = {}): Tensor {
  const { gain = 1, generator } = options;
  checkGenerator('xavierUniform_', generator);
  const std = xavierStd('xavierUniform_', tensor, gain);
  if (tensor.numel() === 0) return tensor;
  const bound = Math.sqrt(3.0) * std;
  return withoutRecording(() => tensor.uniform_(-bound, bound, { generator }));
}

/**
 * Fills `tensor` with N(0, std²), std = gain·√(2 / (fanIn + fanOut)), in place
 * (torch.nn.init.xavier_normal_).
 *
 * @example
 * xavierNormal_(empty([8, 4]));
 */
export function xavierNormal_(tensor: Tensor, options: XavierOptions = {}): Tensor {
  const { gain = 1, generator } = options;
  checkGenerator('xavierNormal_', generator);
  const std = xavierStd('xavierNormal_', tensor, gain);
  if (tensor.numel() === 0) return tensor;
  return withoutRecording(() => tensor.normal_(0, std, { generator }));
}

export interface KaimingOptions extends RandomOptions {
  /** Negative slope of the leaky_relu that follows (ignored for other nonlinearities), 0 by default. */
  a?: number;
  /** 'fan_in' (default) keeps the forward pass's variance, 'fan_out' the backward pass's. */
  mode?: FanMode;
  /** The nonlinearity that follows, 'leaky_relu' by default (with a = 0, that is relu). */
  nonlinearity?: Nonlinearity;
}

/**
 * He et al.'s std, gain / √fan, or null for a zero-element tensor, which PyTorch leaves as it
 * is. Options are checked first, so a bad mode or nonlinearity fails even then.
 */
function kaimingStd(op: string, tensor: Tensor, options: KaimingOptions): number | null {
  const { a = 0, mode = 'fan_in', nonlinearity = 'leaky_relu' } = options;
  checkFloat(op, tensor);
  checkFinite(op, 'a', a);
  const fanMode = checkFanMode(op, mode);
  const gain = gainFor(op, nonlinearity, a);
  if (tensor.shape.includes(0)) return null;
  const [fanIn, fanOut] = fansOfShape(op, tensor.shape);
  return gain / Math.sqrt(fanMode === 'fan_in' ? fanIn : fanOut);
}

/**
 * Fills `tensor` with U(−bound, bound), bound = gain·√(3 / fan), in place
 * (torch.nn.init.kaiming_uniform_). nn.Linear's default is `{ a: Math.sqrt(5) }`.
 * Bit-identical to PyTorch after manualSeed(s).
 *
 * @example
 * kaimingUniform_(empty([16, 3, 3, 3]), { mode: 'fan_out', nonlinearity: 'relu' });
 */
export function kaimingUniform_(tensor: Tensor, options: KaimingOptions = {}): Tensor {
  checkGenerator('kaimingUniform_', options.generator);
  const std = kaimingStd('kaimingUniform_', tensor, options);
  if (std === null) return tensor;
  const bound = Math.sqrt(3.0) * std;
  return withoutRecording(() => tensor.uniform_(-bound, bound, { generator: options.generator }));
}

/**
 * Fills `tensor` with N(0, std²), std = gain / √fan, in place (torch.nn.init.kaiming_normal_).
 *
 * @example
 * kaimingNormal_(empty([16, 3, 3, 3]), { mode: 'fan_out', nonlinearity: 'relu' });
 */
export function kaimingNormal_(tensor: Tensor, options: KaimingOptions = {}): Tensor {
  checkGenerator('kaimingNormal_', options.generator);
  const std = kaimingStd('kaimingNormal_', tensor, options);
  if (std === null) return tensor;
  return withoutRecording(() => tensor.normal_(0, std, { generator: options.generator }));
}
