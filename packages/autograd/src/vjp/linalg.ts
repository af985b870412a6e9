import type { Tensor } from '@x/tensor';
import type { VjpRule } from './rule';
import { gradFor } from './shapes';

const transposed = (matrix: Tensor) => matrix.transpose(-1, -2);

export const LINALG_RULES: Record<string, VjpRule> = {
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
    vjp: (grad, ctx) => [
      ctx.needsInputGrad[0] ? grad.matmul(transposed(ctx.saved(1))) : null,
      ctx.needsInputGrad[1] ? transposed(ctx.saved(0)).matmul(grad) : null,
    ],
  },
  /** bias + mat1 @ mat2, with bias broadcast to the product's shape (what Linear runs). */
  addmm: {
    name: 'AddmmBackward0',
    save: ({ inputs, needsInputGrad }) => [
      undefined,
      needsInputGrad[2] ? inputs[1] : undefined,
      needsInputGrad[1] ? inputs[2] : undefined,
    ],
    vjp: (grad, ctx) => [
      gradFor(ctx, 0, () => grad),
      ctx.needsInputGrad[1] ? grad.matmul(ctx.saved(2).t()) : null,
      ctx.needsInputGrad[2] ? ctx.saved(1).t().matmul(grad) : null,
    ],
  },
};
