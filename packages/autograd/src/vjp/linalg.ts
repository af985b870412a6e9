import type { Tensor } from '@x/tensor';
import type { VjpContext, VjpRules } from './rule';
import { gradFor } from './shapes';

const transposed = (matrix: Tensor) => matrix.transpose(-1, -2);

/** A 2-D matrix stored column by column: the transpose of a contiguous one (Linear's `weight.t()`). */
function isColumnMajor(shape: readonly number[], strides: readonly number[]): boolean {
  return shape.length === 2 && strides[0] === 1 && strides[1] === shape[0] && shape[0] > 1;
}

/**
 * The gradients of `mat1 @ mat2`, each computed in its operand's layout, as PyTorch's
 * mm_mat1_backward/mm_mat2_backward do: for a column-major operand (Linear's `weight.t()`),
 * `(mat2 @ grad.T).T` rather than `grad @ mat2.T`, so the gradient it passes on is the
 * transpose of a contiguous matrix and the weight's gradient comes out contiguous (no
 * transposing copy when it is stored). Every element is the same sum in the same order.
 */
function productGrads(
  grad: Tensor,
  ctx: VjpContext,
  [i1, i2]: readonly [number, number],
): [Tensor | null, Tensor | null] {
  const layout = (i: number) => isColumnMajor(ctx.inputShapes[i], ctx.inputStrides[i]);
  const mat1 = () => ctx.saved(i1);
  const mat2 = () => ctx.saved(i2);
  return [
    !ctx.needsInputGrad[i1]
      ? null
      : layout(i1)
        ? mat2().matmul(grad.t()).t()
        : grad.matmul(transposed(mat2())),
    !ctx.needsInputGrad[i2]
      ? null
      : layout(i2)
        ? grad.t().matmul(mat1()).t()
        : transposed(mat1()).matmul(grad),
  ];
}

export const LINALG_RULES = {
  /**
   * Recorded with batch dims already broadcast to equal sizes, so each gradient is one more
   * product (transposed operands are strided views, not copies). PyTorch prints MmBackward0
   * for 2-D products; its matmul of batches prints UnsafeViewBackward0, its bmm BmmBackward0.
   */
  matmul: {
    name: ({ output }) => (output.ndim === 2 ? 'MmBackward0' : 'BmmBackward0'),
    save: ({ inputs, needsInputGrad }) => [
      needsInputGrad[1] ? inputs[0] : undefined,
      needsInputGrad[0] ? inputs[1] : undefined,
    ],
    vjp: (grad, ctx) => productGrads(grad, ctx, [0, 1]),
  },
  /** bias + mat1 @ mat2, with bias broadcast to the product's shape (what Linear runs). */
  addmm: {
    name: 'AddmmBackward0',
    save: ({ inputs, needsInputGrad }) => [
      undefined,
      needsInputGrad[2] ? inputs[1] : undefined,
      needsInputGrad[1] ? inputs[2] : undefined,
    ],
    vjp: (grad, ctx) => [gradFor(ctx, 0, () => grad), ...productGrads(grad, ctx, [1, 2])],
  },
} satisfies Partial<VjpRules>;
