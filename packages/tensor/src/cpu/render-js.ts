import type { ElementwiseDecl } from '../ops/elementwise-table';
import type { Expr, NumExpr } from '../ops/primitives';
import { compile, type JsProgram } from './js-program';
import { binaryFor, COMPARE_01, type JsKernel, SLOTS, UNARY } from './primitive-functions';

export type { JsKernel } from './primitive-functions';

/**
 * The CPU's TypeScript rendering of the elementwise primitives (ops/primitives.ts). An op
 * that is one primitive over its operands (exp, add, ...) runs as that primitive's function;
 * any other expression becomes a program composed once per op that evaluates each primitive
 * over a block of elements in a tight loop (so a composite op costs a few passes over a
 * block in cache, not a chain of calls per element). Values are float64 throughout and the
 * kernel rounds once on store, which for each primitive gives the bits its exactness rule
 * promises; `fround` rounds where an op's definition does. Integer kernels (int32 results)
 * wrap products as two's complement.
 */

/**
 * The primitive's own function where the op is one primitive over its operands in order
 * (exp, add, ...): the common case costs no closure call more than a hand-written kernel.
 */
export function directKernel(decl: ElementwiseDecl, integer: boolean): JsKernel | null {
  const expr: Expr = decl.expr;
  const slots = SLOTS[decl.kind];
  const inOrder = (...operands: NumExpr[]) =>
    operands.every((o, k) => o.kind === 'operand' && slots[o.name] === k);
  if (expr.kind === 'unary' && inOrder(expr.x)) return UNARY[expr.op];
  if (expr.kind === 'binary' && inOrder(expr.x, expr.y)) return binaryFor(expr.op, integer);
  if (expr.kind === 'compare' && inOrder(expr.x, expr.y)) return COMPARE_01[expr.op];
  return null;
}

const PROGRAMS = new WeakMap<ElementwiseDecl, [JsProgram?, JsProgram?]>();

/** The op's program for results of `dtype`, compiled once; null where it is one primitive. */
export function jsProgram(decl: ElementwiseDecl, dtype: string): JsProgram | null {
  if (directKernel(decl, dtype === 'int32') !== null) return null;
  let programs = PROGRAMS.get(decl);
  if (programs === undefined) {
    programs = [];
    PROGRAMS.set(decl, programs);
  }
  const index = dtype === 'int32' ? 1 : 0;
  programs[index] ??= compile(decl, dtype === 'int32');
  return programs[index];
}

/**
 * The op as a function of one element, for results of `dtype`: the primitive's own function,
 * or its program run on one element (the reference the conformance suite checks against).
 */
export function jsKernel(decl: ElementwiseDecl, dtype: string): JsKernel {
  const direct = directKernel(decl, dtype === 'int32');
  if (direct !== null) return direct;
  const program = jsProgram(decl, dtype) as JsProgram;
  const [a, b] = program.operands;
  return decl.kind === 'unary'
    ? (x0, x1, x2) => {
        a[0] = x0;
        return program.run(1, x1, x2)[0];
      }
    : (x0, x1) => {
        a[0] = x0;
        b[0] = x1;
        return program.run(1, 0, 0)[0];
      };
}
