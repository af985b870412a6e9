import type { Tensor } from '@x/tensor';
import type { Recorded, VjpRules } from './rule';
import { zerosOn } from './shapes';

const savedIndex = ({ attrs }: Recorded<{ readonly index: Tensor }>) => [attrs.index];

export const INDEXING_RULES = {
  /** Rows picked more than once get the sum of their gradients (index_add into zeros). */
  indexSelect: {
    name: 'IndexSelectBackward0',
    save: savedIndex,
    vjp: (grad, ctx) => {
      const shape = ctx.inputShapes[0];
      if (shape.length === 0) return [grad.sum()];
      const { dim } = ctx.attrs;
      const index = ctx.saved(0);
      const along = grad.shape.map((size, d) => (d === dim ? size : 1));
      const spread = index.reshape(along).expand(grad.shape);
      return [zerosOn(grad, shape).scatterAdd(dim, spread, grad)];
    },
  },
  gather: {
    name: 'GatherBackward0',
    save: savedIndex,
    vjp: (grad, ctx) => [
      zerosOn(grad, ctx.inputShapes[0]).scatterAdd(ctx.attrs.dim, ctx.saved(0), grad),
    ],
  },
  /** Out-of-place scatter_add: input's gradient passes through, src's is gathered back. */
  scatterAdd: {
    name: 'ScatterAddBackward0',
    save: savedIndex,
    vjp: (grad, ctx) => [
      ctx.needsInputGrad[0] ? grad : null,
      ctx.needsInputGrad[1] ? grad.gather(ctx.attrs.dim, ctx.saved(0)) : null,
    ],
  },
} satisfies Partial<VjpRules>;
