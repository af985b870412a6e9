import type { VjpRule } from './rule';

/** torch.cat: each input gets its slice of the gradient (a view, no copy). */
export const CAT_RULE: VjpRule = {
  name: 'CatBackward0',
  vjp: (grad, ctx) => {
    const dim = ctx.attrs.dim as number;
    let start = 0;
    return (ctx.attrs.sizes as number[]).map((size, i) => {
      const part = ctx.needsInputGrad[i] ? grad.narrow(dim, start, size) : null;
      start += size;
      return part;
    });
  },
};
