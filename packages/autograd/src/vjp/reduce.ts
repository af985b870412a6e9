import type { ExtremumAttrs, ReduceAttrs, Tensor } from '@x/tensor';
import type { Recorded, VjpContext, VjpRule, VjpRules } from './rule';
import { keepReducedDims, zerosOn } from './shapes';

/** The output gradient broadcast back over the reduced dims. */
function spread(grad: Tensor, ctx: VjpContext<ReduceAttrs>): Tensor {
  const { dims, keepdim } = ctx.attrs;
  return keepReducedDims(grad, dims, keepdim).expand(ctx.inputShapes[0]);
}

/** `SumBackward0` for a full reduction, `SumBackward1` with dims, as PyTorch's overloads print. */
const overloadName = (base: string) => (recorded: Recorded<ReduceAttrs>) =>
  `${base}Backward${recorded.attrs.all ? 0 : 1}`;

/**
 * PyTorch's evenly_distribute_backward (full max()/min()) and the amax/amin rule: the
 * gradient is split evenly among the elements equal to the extreme value (NaN counts as
 * equal to a NaN result).
 */
function distributedAmongTies(name: string): VjpRule<ReduceAttrs> {
  return {
    name,
    save: ({ inputs, output }) => [inputs[0], output],
    vjp: (grad, ctx) => {
      const { dims, keepdim } = ctx.attrs;
      const input = ctx.saved(0);
      const extreme = keepReducedDims(ctx.saved(1), dims, keepdim);
      const ties = extreme.isnan().where(input.isnan(), input.eq(extreme));
      const count = ties.sum(dims, { keepdim: true });
      return [keepReducedDims(grad, dims, keepdim).div(count).mul(ties)];
    },
  };
}

/** max(dim)/min(dim): the gradient goes to the element whose index the op returned. */
function toReturnedIndex(name: string): VjpRule<ExtremumAttrs> {
  return {
    name,
    save: ({ attrs }) => [attrs.indices],
    vjp: (grad, ctx) => {
      const { dims, keepdim } = ctx.attrs;
      const indices = keepReducedDims(ctx.saved(0), dims, keepdim);
      const routed = keepReducedDims(grad, dims, keepdim);
      return [zerosOn(grad, ctx.inputShapes[0]).scatterAdd(dims[0], indices, routed)];
    },
  };
}

/** max()/min() over everything spreads among ties; max(dim)/min(dim) follows the returned index. */
function extremumRule(base: 'Max' | 'Min'): VjpRule<ExtremumAttrs> {
  const overall = distributedAmongTies(`${base}Backward1`);
  const alongDim = toReturnedIndex(`${base}Backward0`);
  const pick = (attrs: ExtremumAttrs) => (attrs.indices === undefined ? overall : alongDim);
  return {
    name: ({ attrs }) => (attrs.indices === undefined ? `${base}Backward1` : `${base}Backward0`),
    save: (recorded) => pick(recorded.attrs).save?.(recorded) ?? [],
    vjp: (grad, ctx) => pick(ctx.attrs).vjp(grad, ctx),
  };
}

export const REDUCE_RULES = {
  sum: { name: overloadName('Sum'), vjp: (grad, ctx) => [spread(grad, ctx)] },
  mean: {
    name: overloadName('Mean'),
    vjp: (grad, ctx) => [spread(grad.div(ctx.attrs.count), ctx)],
  },
  /**
   * d prod / d x_i is the product of the other elements. Zeros are handled without
   * dividing by them: with no zero it is prod / x_i; with one zero, only that element gets
   * the product of the non-zero others; with two or more, every derivative is 0.
   */
  prod: {
    name: overloadName('Prod'),
    save: ({ inputs }) => [inputs[0]],
    vjp: (grad, ctx) => {
      const { dims, keepdim, all } = ctx.attrs;
      const input = ctx.saved(0);
      const isZero = input.eq(0);
      const nonZero = input.where(isZero.logicalNot(), 1);
      const productOfNonZero = all ? nonZero.prod() : nonZero.prod(dims[0], { keepdim: true });
      const zeroCount = isZero.sum(dims, { keepdim: true });
      const others = productOfNonZero
        .div(input)
        .where(zeroCount.eq(0), productOfNonZero.where(isZero.logicalAnd(zeroCount.eq(1)), 0));
      return [keepReducedDims(grad, dims, keepdim).mul(others)];
    },
  },
  max: extremumRule('Max'),
  min: extremumRule('Min'),
  amax: distributedAmongTies('AmaxBackward0'),
  amin: distributedAmongTies('AminBackward0'),
} satisfies Partial<VjpRules>;
