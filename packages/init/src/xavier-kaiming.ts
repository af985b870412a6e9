import { noGrad, type RandomOptions, type Tensor } from '@x/tensor';
import { readArguments, type Slot } from './arguments';
import { checkFinite, checkFloat } from './checks';
import { checkFanMode, type FanMode, fansOfShape } from './fan';
import { gainFor, type Nonlinearity } from './gain';

export interface XavierOptions extends RandomOptions {
  /** Scaling factor, 1 by default (e.g. calculateGain('relu')). */
  gain?: number;
}

const GAIN_SLOTS: readonly Slot[] = [{ name: 'gain', kind: 'number' }];

/** Glorot & Bengio's std, gain·√(2 / (fanIn + fanOut)), in PyTorch's float64 arithmetic. */
function xavierStd(op: string, tensor: Tensor, gain: number): number {
  checkFloat(op, tensor);
  checkFinite(op, 'gain', gain);
  const [fanIn, fanOut] = fansOfShape(op, tensor.shape);
  return gain * Math.sqrt(2.0 / (fanIn + fanOut));
}

/**
 * Fills `tensor` with U(−bound, bound), bound = gain·√(6 / (fanIn + fanOut)), in place
 * (torch.nn.init.xavier_uniform_). Bit-identical to PyTorch after manualSeed(s). Takes
 * PyTorch's positional `(tensor, gain=1)` or an options object.
 *
 * @example
 * xavierUniform_(empty([8, 4]), calculateGain('tanh'));
 * xavierUniform_(empty([8, 4]), { gain: calculateGain('tanh'), generator });
 */
export function xavierUniform_(tensor: Tensor, options?: XavierOptions): Tensor;
export function xavierUniform_(tensor: Tensor, gain?: number, options?: RandomOptions): Tensor;
export function xavierUniform_(tensor: Tensor, ...args: unknown[]): Tensor {
  const { gain = 1, generator } = readArguments(
    'xavierUniform_',
    args,
    GAIN_SLOTS,
  ) as XavierOptions;
  const std = xavierStd('xavierUniform_', tensor, gain);
  if (tensor.numel() === 0) return tensor;
  const bound = Math.sqrt(3.0) * std;
  return noGrad(() => tensor.uniform_(-bound, bound, { generator }));
}

/**
 * Fills `tensor` with N(0, std²), std = gain·√(2 / (fanIn + fanOut)), in place
 * (torch.nn.init.xavier_normal_). Takes PyTorch's positional `(tensor, gain=1)` or an
 * options object.
 *
 * @example
 * xavierNormal_(empty([8, 4]), 2);
 * xavierNormal_(empty([8, 4]), { gain: 2 });
 */
export function xavierNormal_(tensor: Tensor, options?: XavierOptions): Tensor;
export function xavierNormal_(tensor: Tensor, gain?: number, options?: RandomOptions): Tensor;
export function xavierNormal_(tensor: Tensor, ...args: unknown[]): Tensor {
  const { gain = 1, generator } = readArguments('xavierNormal_', args, GAIN_SLOTS) as XavierOptions;
  const std = xavierStd('xavierNormal_', tensor, gain);
  if (tensor.numel() === 0) return tensor;
  return noGrad(() => tensor.normal_(0, std, { generator }));
}

export interface KaimingOptions extends RandomOptions {
  /** Negative slope of the leaky_relu that follows (ignored for other nonlinearities), 0 by default. */
  a?: number;
  /** 'fan_in' (default) keeps the forward pass's variance, 'fan_out' the backward pass's. */
  mode?: FanMode;
  /** The nonlinearity that follows, 'leaky_relu' by default (with a = 0, that is relu). */
  nonlinearity?: Nonlinearity;
}

const KAIMING_SLOTS: readonly Slot[] = [
  { name: 'a', kind: 'number' },
  { name: 'mode', kind: 'string' },
  { name: 'nonlinearity', kind: 'string' },
];

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
 * Bit-identical to PyTorch after manualSeed(s). Takes PyTorch's positional
 * `(tensor, a=0, mode='fan_in', nonlinearity='leaky_relu')` or an options object.
 *
 * @example
 * kaimingUniform_(empty([16, 3, 3, 3]), 0, 'fan_out', 'relu');
 * kaimingUniform_(empty([16, 3, 3, 3]), { mode: 'fan_out', nonlinearity: 'relu' });
 */
export function kaimingUniform_(tensor: Tensor, options?: KaimingOptions): Tensor;
export function kaimingUniform_(
  tensor: Tensor,
  a?: number,
  mode?: FanMode,
  nonlinearity?: Nonlinearity,
  options?: RandomOptions,
): Tensor;
export function kaimingUniform_(tensor: Tensor, ...args: unknown[]): Tensor {
  const options = readArguments('kaimingUniform_', args, KAIMING_SLOTS) as KaimingOptions;
  const std = kaimingStd('kaimingUniform_', tensor, options);
  if (std === null) return tensor;
  const bound = Math.sqrt(3.0) * std;
  return noGrad(() => tensor.uniform_(-bound, bound, { generator: options.generator }));
}

/**
 * Fills `tensor` with N(0, std²), std = gain / √fan, in place (torch.nn.init.kaiming_normal_).
 * Takes PyTorch's positional `(tensor, a=0, mode='fan_in', nonlinearity='leaky_relu')` or an
 * options object.
 *
 * @example
 * kaimingNormal_(empty([16, 3, 3, 3]), 0, 'fan_out', 'relu');
 * kaimingNormal_(empty([16, 3, 3, 3]), { mode: 'fan_out', nonlinearity: 'relu' });
 */
export function kaimingNormal_(tensor: Tensor, options?: KaimingOptions): Tensor;
export function kaimingNormal_(
  tensor: Tensor,
  a?: number,
  mode?: FanMode,
  nonlinearity?: Nonlinearity,
  options?: RandomOptions,
): Tensor;
export function kaimingNormal_(tensor: Tensor, ...args: unknown[]): Tensor {
  const options = readArguments('kaimingNormal_', args, KAIMING_SLOTS) as KaimingOptions;
  const std = kaimingStd('kaimingNormal_', tensor, options);
  if (std === null) return tensor;
  return noGrad(() => tensor.normal_(0, std, { generator: options.generator }));
}
