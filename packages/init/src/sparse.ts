import {
  ArgumentError,
  cpu,
  tensor as fromValues,
  noGrad,
  type RandomOptions,
  randperm,
  type Tensor,
} from '@x/tensor';
import { readArguments } from './arguments';
import { checkFinite, checkFloat, checkNdim, checkStd } from './checks';

export interface SparseOptions extends RandomOptions {
  /** Standard deviation of the nonzero entries, 0.01 by default. */
  std?: number;
}

/**
 * Fills a 2-D `tensor` as a sparse matrix, in place (torch.nn.init.sparse_, Martens 2010):
 * N(0, std²) everywhere, then in each column ⌈sparsity·rows⌉ entries set to zero. PyTorch's
 * order of draws: normal_ over the whole tensor, then one randperm(rows) per column whose
 * first ⌈sparsity·rows⌉ indices are zeroed, so after manualSeed(s) the zero positions equal
 * PyTorch's exactly. Takes PyTorch's positional `(tensor, sparsity, std=0.01)`; std may also
 * come in an options object.
 *
 * @example
 * sparse_(empty([100, 20]), 0.9, 0.01);
 * sparse_(empty([100, 20]), 0.9, { std: 0.01, generator });
 */
export function sparse_(tensor: Tensor, sparsity: number, options?: SparseOptions): Tensor;
export function sparse_(
  tensor: Tensor,
  sparsity: number,
  std?: number,
  options?: RandomOptions,
): Tensor;
export function sparse_(tensor: Tensor, sparsity: number, ...args: unknown[]): Tensor {
  const { std = 0.01, generator } = readArguments('sparse_', args, [
    { name: 'std', kind: 'number' },
  ]) as SparseOptions;
  checkFloat('sparse_', tensor);
  checkNdim('sparse_', tensor, (ndim) => ndim === 2, '2');
  checkFinite('sparse_', 'sparsity', sparsity);
  if (sparsity < 0 || sparsity >= 1) {
    throw new ArgumentError(`sparse_: sparsity must be in [0, 1), got ${sparsity}`);
  }
  checkStd('sparse_', std);
  const [rows, cols] = tensor.shape;
  const zeros = Math.ceil(sparsity * rows);
  return noGrad(() => {
    tensor.normal_(0, std, { generator });
    const mask = new Uint8Array(rows * cols);
    for (let col = 0; col < cols; col++) {
      const order = randperm(rows, { generator, backend: cpu });
      const indices = order.toArraySync();
      order.dispose();
      for (let k = 0; k < zeros; k++) mask[indices[k] * cols + col] = 1;
    }
    const zeroed = fromValues(mask, {
      shape: [rows, cols],
      dtype: 'bool',
      backend: tensor.backend,
    });
    return tensor.maskedFill_(zeroed, 0);
  });
}
