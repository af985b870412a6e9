import { ArgumentError, isDefinedUnaryOp, show, type Tensor } from '@x/tensor';
import type { VjpRule } from './rule';

/** What a defined gradient reads: the op's input and its result. */
export interface UnaryGradientContext {
  readonly input: Tensor;
  readonly output: Tensor;
}

export type UnaryGradient = (outputGrad: Tensor, ctx: UnaryGradientContext) => Tensor;

const DEFINED_RULES = new Map<string, VjpRule>();

/**
 * The gradient of an op declared with @x/tensor's defineUnaryOp, written with tensor ops so
 * every backend runs it: the VJP from the output's gradient to the input's.
 *
 * @example
 * defineGradient('softsign', (grad, { input }) => grad.div(input.abs().add(1).square()));
 */
export function defineGradient(name: string, gradient: UnaryGradient): void {
  if (typeof gradient !== 'function') {
    throw new ArgumentError(
      `defineGradient: gradient must be a function (outputGrad, { input, output }) => Tensor, got ${show(gradient)}`,
    );
  }
  if (typeof name !== 'string' || !isDefinedUnaryOp(name)) {
    throw new ArgumentError(
      `defineGradient: name must name an op declared with defineUnaryOp, got ${show(name)}`,
    );
  }
  if (DEFINED_RULES.has(name)) {
    throw new ArgumentError(`defineGradient: '${name}' already has a gradient`);
  }
  DEFINED_RULES.set(name, {
    name: `${name[0].toUpperCase()}${name.slice(1)}Backward0`,
    save: ({ inputs, output }) => [inputs[0], output],
    vjp: (grad, ctx) => [gradient(grad, { input: ctx.saved(0), output: ctx.saved(1) })],
  });
}

/** The rule defineGradient gave `op`, if any. */
export function definedRule(op: string): VjpRule | undefined {
  return DEFINED_RULES.get(op);
}
