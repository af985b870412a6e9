import type { Tensor } from '@x/tensor';
import type { VjpContext, VjpRule, VjpRules } from './rule';
import { sumToShape, zerosOn } from './shapes';

/** A view op's rule: it saves nothing, and in-place writes through its output are refused. */
function viewRule<Attrs>(
  name: string,
  vjp: (grad: Tensor, ctx: VjpContext<Attrs>) => Tensor,
): VjpRule<Attrs> {
  return { name, isView: true, vjp: (grad, ctx) => [vjp(grad, ctx)] };
}

/** The adjoint of a view that picks part of its input: zeros with the gradient written in. */
function scatteredInto(
  grad: Tensor,
  shape: readonly number[],
  pick: (full: Tensor) => Tensor,
): Tensor {
  const full = zerosOn(grad, shape);
  pick(full).copy_(grad);
  return full;
}

export const VIEW_RULES = {
  view: viewRule('ViewBackward0', (grad, ctx) => grad.reshape(ctx.attrs.inputShape)),
  permute: viewRule('PermuteBackward0', (grad, ctx) => {
    const { dims } = ctx.attrs;
    const inverse = new Array<number>(dims.length);
    dims.forEach((d, i) => {
      inverse[d] = i;
    });
    return grad.permute(inverse);
  }),
  transpose: viewRule('TransposeBackward0', (grad, ctx) =>
    grad.transpose(ctx.attrs.dim0, ctx.attrs.dim1),
  ),
  expand: viewRule('ExpandBackward0', (grad, ctx) => sumToShape(grad, ctx.inputShapes[0])),
  // squeeze() and squeeze(dim) are two overloads in PyTorch, printed apart.
  squeeze: {
    ...viewRule('', (grad, ctx) => grad.reshape(ctx.inputShapes[0])),
    name: ({ attrs }) => (attrs.all ? 'SqueezeBackward0' : 'SqueezeBackward1'),
  },
  unsqueeze: viewRule('UnsqueezeBackward0', (grad, ctx) => grad.squeeze(ctx.attrs.dim)),
  slice: viewRule('SliceBackward0', (grad, ctx) => {
    const { dim, start, step } = ctx.attrs;
    const stop = start + grad.shape[dim] * step;
    return scatteredInto(grad, ctx.inputShapes[0], (full) => full.slice(dim, start, stop, step));
  }),
  select: viewRule('SelectBackward0', (grad, ctx) =>
    scatteredInto(grad, ctx.inputShapes[0], (full) => full.select(ctx.attrs.dim, ctx.attrs.index)),
  ),
  clone: { name: 'CloneBackward0', vjp: (grad) => [grad] },
} satisfies Partial<VjpRules>;
