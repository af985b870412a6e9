import { checkTensor } from '../checks';
import { ArgumentError, show } from '../errors';
import type { Tensor } from '../tensor';
import { unary } from './elementwise';
import {
  type DefinedUnaryOp,
  type DTypeRule,
  isElementwiseOp,
  registerUnaryOp,
  type UnaryDecl,
} from './elementwise-table';
import type { OutOptions } from './functional';
import { type BoolExpr, isBoolExpr, type NumExpr, operandsOf } from './primitives';

/** A unary op's declaration: its expression reads its input `a` only. */
export type UnaryOpDeclaration =
  | { name: string; rule: 'same' | 'float'; expr: NumExpr<'a'> }
  | { name: string; rule: 'bool'; expr: BoolExpr<'a'> };

const RULES: readonly DTypeRule[] = ['same', 'float', 'bool'];

/**
 * Declares an elementwise op from the primitives and returns its functional form, which
 * runs on every backend (each renders the expression) and records under `name`, so
 * @x/autograd's `defineGradient(name, ...)` gives its backward.
 *
 * @example
 * import { defineUnaryOp, primitives as p } from '@x/tensor';
 * const softsign = defineUnaryOp({ name: 'softsign', rule: 'float', expr: p.div(p.a, p.add(1, p.abs(p.a))) });
 * softsign(tensor([-3, 1])); // tensor([-0.7500,  0.5000])
 */
export function defineUnaryOp(
  declaration: UnaryOpDeclaration,
): (input: Tensor, options?: OutOptions) => Tensor {
  const { name, rule, expr } = declaration ?? {};
  if (typeof name !== 'string' || !/^[A-Za-z][A-Za-z0-9]*$/.test(name) || isElementwiseOp(name)) {
    throw new ArgumentError(
      `defineUnaryOp: name must be an identifier not already naming an op, got ${show(name)}`,
    );
  }
  if (!RULES.includes(rule)) {
    throw new ArgumentError(
      `defineUnaryOp: rule must be one of 'same', 'float', 'bool', got ${show(rule)}`,
    );
  }
  if (
    typeof expr !== 'object' ||
    expr === null ||
    !('kind' in expr) ||
    isBoolExpr(expr) !== (rule === 'bool') ||
    [...operandsOf(expr)].some((operand) => operand !== 'a')
  ) {
    throw new ArgumentError(
      `defineUnaryOp: expr must be built from primitives over the input a (a condition for rule 'bool', a number otherwise), got ${show(expr)}`,
    );
  }
  const op = name as DefinedUnaryOp;
  registerUnaryOp(op, { kind: 'unary', rule, expr } as UnaryDecl);
  return (input, options = {}) => {
    checkTensor(name, 'input', input);
    return unary(op, input, [], options.out);
  };
}
