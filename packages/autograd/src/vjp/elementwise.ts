import type {
  BinaryAttrs,
  BinaryOp,
  DifferentiableOp,
  Tensor,
  UnaryAttrs,
  UnaryOp,
} from '@x/tensor';
import type { VjpContext, VjpRule, VjpRuleOf } from './rule';
import { gradFor, zerosOn } from './shapes';

/** Ops whose output is bool carry no gradient and need no rule (@x/tensor's schema says which). */
type DifferentiableUnaryOp = Extract<DifferentiableOp, UnaryOp>;
type DifferentiableBinaryOp = Extract<DifferentiableOp, BinaryOp>;

/** A unary rule whose VJP reads the op's input. */
function fromInput(
  name: string,
  vjp: (grad: Tensor, input: Tensor, params: readonly number[]) => Tensor,
): VjpRule<UnaryAttrs> {
  return {
    name,
    save: ({ inputs }) => [inputs[0]],
    vjp: (grad, ctx) => [vjp(grad, ctx.saved(0), ctx.attrs.params)],
  };
}

/** A unary rule whose VJP reads the op's result (PyTorch saves `result` for these too). */
function fromOutput(
  name: string,
  vjp: (grad: Tensor, output: Tensor) => Tensor,
): VjpRule<UnaryAttrs> {
  return { name, save: ({ output }) => [output], vjp: (grad, ctx) => [vjp(grad, ctx.saved(0))] };
}

/** Piecewise-constant ops: the gradient is zero almost everywhere. */
function zeroGradient(name: string): VjpRule<UnaryAttrs> {
  return { name, vjp: (grad, ctx) => [zerosOn(grad, ctx.inputShapes[0])] };
}

const TWO_OVER_SQRT_PI = 2 / Math.sqrt(Math.PI);

/** d/dx of every differentiable op in @x/tensor's UNARY_OPS (the compiler checks none is missing). */
export const UNARY_RULES: { readonly [Op in DifferentiableUnaryOp]: VjpRuleOf<Op> } = {
  neg: { name: 'NegBackward0', vjp: (grad) => [grad.neg()] },
  abs: fromInput('AbsBackward0', (grad, x) => grad.mul(x.sign())),
  sign: zeroGradient('SignBackward0'),
  exp: fromOutput('ExpBackward0', (grad, y) => grad.mul(y)),
  expm1: fromOutput('Expm1Backward0', (grad, y) => grad.mul(y.add(1))),
  log: fromInput('LogBackward0', (grad, x) => grad.div(x)),
  log1p: fromInput('Log1PBackward0', (grad, x) => grad.div(x.add(1))),
  sqrt: fromOutput('SqrtBackward0', (grad, y) => grad.div(y.mul(2))),
  // d/dx x^(-1/2) = -1/2 x^(-3/2) = -1/2 y^3
  rsqrt: fromOutput('RsqrtBackward0', (grad, y) => grad.mul(y.pow(3)).mul(-0.5)),
  reciprocal: fromOutput('ReciprocalBackward0', (grad, y) => grad.mul(y.mul(y)).neg()),
  sin: fromInput('SinBackward0', (grad, x) => grad.mul(x.cos())),
  cos: fromInput('CosBackward0', (grad, x) => grad.mul(x.sin()).neg()),
  tan: fromOutput('TanBackward0', (grad, y) => grad.mul(y.mul(y).add(1))),
  tanh: fromOutput('TanhBackward0', (grad, y) => grad.mul(y.mul(y).neg().add(1))),
  sigmoid: fromOutput('SigmoidBackward0', (grad, y) => grad.mul(y).mul(y.neg().add(1))),
  erf: fromInput('ErfBackward0', (grad, x) =>
    grad.mul(x.square().neg().exp().mul(TWO_OVER_SQRT_PI)),
  ),
  // threshold_backward(grad, result, 0): no gradient where the output was clipped.
  relu: fromOutput('ReluBackward0', (grad, y) => grad.where(y.gt(0), 0)),
  floor: zeroGradient('FloorBackward0'),
  ceil: zeroGradient('CeilBackward0'),
  round: zeroGradient('RoundBackward0'),
  trunc: zeroGradient('TruncBackward0'),
  square: fromInput('PowBackward0', (grad, x) => grad.mul(x.mul(2))),
  // Gradient passes where min <= x <= max, bounds included, as PyTorch's clamp_backward does.
  clamp: fromInput('ClampBackward1', (grad, x, [min, max]) =>
    grad.where(x.ge(min).logicalAnd(x.le(max)), 0),
  ),
  leakyRelu: fromInput('LeakyReluBackward0', (grad, x, [slope]) =>
    grad.where(x.gt(0), grad.mul(slope)),
  ),
  powScalar: fromInput('PowBackward0', (grad, x, [exponent]) =>
    exponent === 0 ? zerosOn(grad, x.shape) : grad.mul(x.pow(exponent - 1).mul(exponent)),
  ),
};

/** The right operand: a saved tensor, or the JS scalar @x/tensor passed as `attrs.other`. */
function otherOf(ctx: VjpContext<BinaryAttrs>): Tensor | number {
  return ctx.attrs.other ?? ctx.saved(1);
}

/** Saves the left operand when the right needs a gradient and the right when the left does. */
function saveCrossed({
  inputs,
  needsInputGrad,
}: {
  inputs: readonly Tensor[];
  needsInputGrad: readonly boolean[];
}) {
  return [needsInputGrad[1] ? inputs[0] : undefined, needsInputGrad[0] ? inputs[1] : undefined];
}

/**
 * PyTorch's maximum/minimum rule: the gradient goes to the larger (smaller) operand and is
 * split in half between equal ones.
 */
function extremumRule(
  name: string,
  loses: (a: Tensor, b: Tensor | number) => Tensor,
): VjpRule<BinaryAttrs> {
  return {
    name,
    save: ({ inputs }) => [inputs[0], inputs[1]],
    vjp: (grad, ctx) => {
      const a = ctx.saved(0);
      const b = otherOf(ctx);
      const split = grad.where(a.ne(b), grad.mul(0.5));
      return [
        gradFor(ctx, 0, () => split.where(loses(a, b).logicalNot(), 0)),
        // Only reached when b is a tensor that requires grad.
        gradFor(ctx, 1, () => split.where(loses(b as Tensor, a).logicalNot(), 0)),
      ];
    },
  };
}

/** d/da and d/db of every differentiable op in @x/tensor's BINARY_OPS, with broadcasting undone. */
export const BINARY_RULES: { readonly [Op in DifferentiableBinaryOp]: VjpRuleOf<Op> } = {
  add: {
    name: 'AddBackward0',
    vjp: (grad, ctx) => [gradFor(ctx, 0, () => grad), gradFor(ctx, 1, () => grad)],
  },
  sub: {
    name: 'SubBackward0',
    vjp: (grad, ctx) => [gradFor(ctx, 0, () => grad), gradFor(ctx, 1, () => grad.neg())],
  },
  mul: {
    name: 'MulBackward0',
    save: saveCrossed,
    vjp: (grad, ctx) => [
      gradFor(ctx, 0, () => grad.mul(otherOf(ctx))),
      gradFor(ctx, 1, () => grad.mul(ctx.saved(0))),
    ],
  },
  div: {
    name: 'DivBackward0',
    save: ({ inputs, needsInputGrad }) => [needsInputGrad[1] ? inputs[0] : undefined, inputs[1]],
    vjp: (grad, ctx) => {
      const b = otherOf(ctx);
      return [
        gradFor(ctx, 0, () => grad.div(b)),
        gradFor(ctx, 1, () => {
          const divisor = ctx.saved(1);
          return grad.mul(ctx.saved(0)).div(divisor.mul(divisor)).neg();
        }),
      ];
    },
  },
  // PyTorch's pow_backward_self / pow_backward_exponent, zero where the formula is 0 * inf.
  pow: {
    name: ({ inputs }) => (inputs.length === 2 ? 'PowBackward1' : 'PowBackward0'),
    save: ({ inputs, output }) => [inputs[0], inputs[1], output],
    vjp: (grad, ctx) => {
      const a = ctx.saved(0);
      const b = otherOf(ctx);
      return [
        gradFor(ctx, 0, () => {
          if (typeof b === 'number') {
            return b === 0 ? zerosOn(grad, a.shape) : grad.mul(a.pow(b - 1).mul(b));
          }
          return grad
            .mul(b)
            .mul(a.pow(b.sub(1)))
            .where(b.ne(0), 0);
        }),
        gradFor(ctx, 1, () => {
          const exponent = b as Tensor;
          const slope = grad.mul(ctx.saved(2)).mul(a.log());
          return slope.where(a.eq(0).logicalAnd(exponent.ge(0)).logicalNot(), 0);
        }),
      ];
    },
  },
  maximum: extremumRule('MaximumBackward0', (a, b) => a.lt(b)),
  minimum: extremumRule('MinimumBackward0', (a, b) => a.gt(b)),
  atan2: {
    name: 'Atan2Backward0',
    save: ({ inputs }) => [inputs[0], inputs[1]],
    vjp: (grad, ctx) => {
      const a = ctx.saved(0);
      const b = otherOf(ctx);
      const scale = grad.div(a.square().add(typeof b === 'number' ? b * b : b.square()));
      return [gradFor(ctx, 0, () => scale.mul(b)), gradFor(ctx, 1, () => scale.mul(a).neg())];
    },
  },
};

/** torch.where(condition, a, b): the gradient goes to whichever operand was picked. */
export const WHERE_RULE: VjpRuleOf<'where'> = {
  name: 'WhereBackward0',
  save: ({ inputs }) => [inputs[0]],
  vjp: (grad, ctx) => {
    const condition = ctx.saved(0);
    return [
      null,
      gradFor(ctx, 1, () => grad.where(condition, 0)),
      gradFor(ctx, 2, () => grad.where(condition.logicalNot(), 0)),
    ];
  },
};
