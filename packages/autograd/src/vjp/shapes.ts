import { sameShape, type Tensor, zeros } from '@x/tensor';
import type { VjpContext } from './rule';

/**
 * Sums a broadcast gradient back to `shape`: over the leading dims broadcasting added and
 * over the dims where `shape` has size 1 (the adjoint of broadcasting).
 */
export function sumToShape(grad: Tensor, shape: readonly number[]): Tensor {
  if (sameShape(grad.shape, shape)) return grad;
  const lead = grad.ndim - shape.length;
  const dims: number[] = [];
  grad.shape.forEach((size, d) => {
    if (d < lead || (shape[d - lead] === 1 && size !== 1)) dims.push(d);
  });
  return (dims.length > 0 ? grad.sum(dims, { keepdim: true }) : grad).reshape(shape);
}

/** The gradient for input `index` from `compute()`, summed to its shape; null if it needs none. */
export function gradFor(
  ctx: VjpContext<unknown>,
  index: number,
  compute: () => Tensor,
): Tensor | null {
  if (ctx.needsInputGrad[index] !== true) return null;
  return sumToShape(compute(), ctx.inputShapes[index]);
}

/** A reduced tensor with its reduced dims put back as size 1 (what keepdim would have given). */
export function keepReducedDims(
  reduced: Tensor,
  dims: readonly number[],
  keepdim: boolean,
): Tensor {
  if (keepdim) return reduced;
  let out = reduced;
  for (const d of [...dims].sort((a, b) => a - b)) out = out.unsqueeze(d);
  return out;
}

/** Zeros of `shape` on `like`'s backend. */
export function zerosOn(like: Tensor, shape: readonly number[]): Tensor {
  return zeros(shape, { backend: like.backend });
}
