import type { VjpRuleOf } from './rule';

/** torch.cat: each input gets its slice of the gradient (a view, no copy). */
export const CAT_RULE: VjpRuleOf<'cat'> = {
  name: 'CatBackward0',
  vjp: (grad, ctx) => {
    const { dim, sizes } = ctx.attrs;
    let start = 0;
    return sizes.map((size, i) => {
      const part = ctx.needsInputGrad[i] ? grad.narrow(dim, start, size) : null;
      start += size;
      return part;
    });
  },
};
