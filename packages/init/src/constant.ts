import { ArgumentError, eye, noGrad, show, type Tensor } from '@x/tensor';
import { readArguments, rejectExtra } from './arguments';
import { checkNdim, checkTensor } from './checks';
import { writeHost } from './write';

/**
 * Fills `tensor` with `value` in place and returns it (torch.nn.init.constant_). Any dtype,
 * with PyTorch's cast (an int32 tensor truncates, a bool tensor stores value !== 0).
 *
 * @example
 * constant_(empty([2, 3]), 0.5);
 */
export function constant_(tensor: Tensor, value: number | boolean): Tensor;
export function constant_(tensor: Tensor, value: number | boolean, ...extra: unknown[]): Tensor {
  rejectExtra('constant_', extra, 'a tensor and a value');
  checkTensor('constant_', tensor);
  if (typeof value !== 'boolean' && typeof value !== 'number') {
    throw new ArgumentError(`constant_: value must be a number or boolean, got ${show(value)}`);
  }
  return noGrad(() => tensor.fill_(value));
}

/** Fills `tensor` with ones in place (torch.nn.init.ones_). @example ones_(empty([3])); */
export function ones_(tensor: Tensor): Tensor;
export function ones_(tensor: Tensor, ...extra: unknown[]): Tensor {
  rejectExtra('ones_', extra, 'a tensor');
  checkTensor('ones_', tensor);
  return noGrad(() => tensor.fill_(1));
}

/** Fills `tensor` with zeros in place (torch.nn.init.zeros_). @example zeros_(bias); */
export function zeros_(tensor: Tensor): Tensor;
export function zeros_(tensor: Tensor, ...extra: unknown[]): Tensor {
  rejectExtra('zeros_', extra, 'a tensor');
  checkTensor('zeros_', tensor);
  return noGrad(() => tensor.fill_(0));
}

/**
 * Fills a 2-D `tensor` with the identity: ones on the main diagonal, zeros elsewhere, also
 * for non-square shapes (torch.nn.init.eye_). Preserves the identity of the inputs of a
 * linear layer, as many as possible.
 *
 * @example
 * eye_(empty([3, 5]));
 */
export function eye_(tensor: Tensor): Tensor;
export function eye_(tensor: Tensor, ...extra: unknown[]): Tensor {
  rejectExtra('eye_', extra, 'a tensor');
  checkTensor('eye_', tensor);
  checkNdim('eye_', tensor, (ndim) => ndim === 2, '2');
  const [rows, cols] = tensor.shape;
  return noGrad(() =>
    tensor.copy_(eye(rows, cols, { backend: tensor.backend, dtype: tensor.dtype })),
  );
}

export interface DiracOptions {
  /** Number of groups in the conv layer; dim 0 must be divisible by it. 1 by default. */
  groups?: number;
}

/**
 * Fills a 3-, 4- or 5-D conv weight with the Dirac delta, in place (torch.nn.init.dirac_):
 * in each group, output channel d sees input channel d through the kernel's centre and
 * nothing else, so the convolution preserves as many input channels as it can. Takes
 * PyTorch's positional `(tensor, groups=1)` or an options object.
 *
 * @example
 * dirac_(empty([6, 3, 3, 3]), 2);
 * dirac_(empty([6, 3, 3, 3]), { groups: 2 });
 */
export function dirac_(tensor: Tensor, groups?: number): Tensor;
export function dirac_(tensor: Tensor, options?: DiracOptions): Tensor;
export function dirac_(tensor: Tensor, ...args: unknown[]): Tensor {
  const { groups = 1, generator } = readArguments('dirac_', args, [
    { name: 'groups', kind: 'number' },
  ]) as DiracOptions & { generator?: unknown };
  if (generator !== undefined) {
    throw new ArgumentError('dirac_: takes no generator (it draws nothing)');
  }
  checkTensor('dirac_', tensor);
  checkNdim('dirac_', tensor, (ndim) => ndim >= 3 && ndim <= 5, '3, 4, or 5');
  if (!Number.isInteger(groups) || groups < 1) {
    throw new ArgumentError(`dirac_: groups must be a positive integer, got ${show(groups)}`);
  }
  const shape = tensor.shape;
  if (shape[0] % groups !== 0) {
    throw new ArgumentError(
      `dirac_: dim 0 must be divisible by groups, got dim 0 of size ${shape[0]} and groups=${groups}`,
    );
  }
  const outPerGroup = shape[0] / groups;
  const strides = shape.map((_, d) => shape.slice(d + 1).reduce((n, s) => n * s, 1));
  // The kernel's centre: size // 2 along every spatial dim.
  let centre = 0;
  for (let d = 2; d < shape.length; d++) centre += Math.floor(shape[d] / 2) * strides[d];
  const values = new Float32Array(tensor.numel());
  for (let g = 0; g < groups; g++) {
    for (let d = 0; d < Math.min(outPerGroup, shape[1]); d++) {
      values[(g * outPerGroup + d) * strides[0] + d * strides[1] + centre] = 1;
    }
  }
  noGrad(() => writeHost(tensor, values));
  return tensor;
}
