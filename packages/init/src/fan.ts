import { ArgumentError, ShapeError, show, type Tensor } from '@x/tensor';
import { checkTensor } from './checks';

export type FanMode = 'fan_in' | 'fan_out';

/** Fans of a weight in PyTorch's layout: [out, in, ...kernel]. */
export function fansOfShape(op: string, shape: readonly number[]): [number, number] {
  if (shape.length < 2) {
    throw new ShapeError(
      `${op}: Fan in and fan out can not be computed for tensor with fewer than 2 dimensions, got shape ${show(shape)}`,
    );
  }
  let receptiveField = 1;
  for (const size of shape.slice(2)) receptiveField *= size;
  return [shape[1] * receptiveField, shape[0] * receptiveField];
}

/**
 * `[fanIn, fanOut]` of a weight laid out as PyTorch does, [out, in, ...kernel]: fanIn is
 * in × kernel size, fanOut is out × kernel size (torch.nn.init._calculate_fan_in_and_fan_out).
 *
 * @example
 * calculateFanInAndFanOut(empty([16, 3, 3, 3])); // [27, 144]
 */
export function calculateFanInAndFanOut(tensor: Tensor): [number, number] {
  checkTensor('calculateFanInAndFanOut', tensor);
  return fansOfShape('calculateFanInAndFanOut', tensor.shape);
}

/** PyTorch's _calculate_correct_fan mode check: case-insensitive 'fan_in' or 'fan_out'. */
export function checkFanMode(op: string, mode: unknown): FanMode {
  const lower = typeof mode === 'string' ? mode.toLowerCase() : mode;
  if (lower !== 'fan_in' && lower !== 'fan_out') {
    throw new ArgumentError(
      `${op}: Mode ${show(mode)} not supported, please use one of ['fan_in', 'fan_out']`,
    );
  }
  return lower;
}
