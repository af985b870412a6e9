/**
 * Every elementwise op, declared once: its name, how its result dtype follows from its
 * inputs, how many scalar parameters it takes, and its expression in the primitives of
 * ./primitives.ts (which also says how exact each primitive is on each backend). The CPU
 * backend renders the expression as JS closures and, where every primitive allows, as
 * WebAssembly; @x/backend-webgpu renders it as WGSL; autograd's VJP table is keyed by these
 * names. A unary expression reads `a` and the parameters `p0`/`p1`; a binary one `a` and `b`.
 */

import { ArgumentError, show } from '../errors';
import {
  a,
  abs,
  add,
  and,
  atan2,
  type BoolExpr,
  b,
  ceil,
  cos,
  div,
  eq,
  erf,
  exp,
  expm1,
  floor,
  fround,
  ge,
  gt,
  isnan,
  le,
  log,
  log1p,
  lt,
  max,
  min,
  mul,
  type NumExpr,
  ne,
  neg,
  or,
  p0,
  p1,
  pow,
  round,
  select,
  sin,
  sqrt,
  sub,
  tan,
  tanh,
  trunc,
} from './primitives';

/** How a result dtype follows from the (promoted) input dtype. */
export type DTypeRule =
  | 'same' // keeps the promoted input dtype (neg, abs, add, ...)
  | 'float' // integers and bools become float32 (exp, div, ...)
  | 'bool'; // comparisons and logical ops

/** A bool op's expression is a condition; any other op's is a number. */
type Declared<O extends 'a' | 'b' | 'p0' | 'p1'> =
  | { readonly rule: 'same' | 'float'; readonly expr: NumExpr<O> }
  | { readonly rule: 'bool'; readonly expr: BoolExpr<O> };

export type UnaryDecl = Declared<'a' | 'p0' | 'p1'> & {
  readonly kind: 'unary';
  /** Number of scalar parameters the op takes (clamp: min, max). */
  readonly params?: number;
};

export type BinaryDecl = Declared<'a' | 'b'> & { readonly kind: 'binary' };

export type ElementwiseDecl = UnaryDecl | BinaryDecl;

/** a < bound or the bound is NaN: the bound wins, as in PyTorch's clamp. */
const atLeastLo = select(or(lt(a, p0), isnan(p0)), p0, a);

export const UNARY_OPS = {
  neg: { kind: 'unary', rule: 'same', expr: neg(a) },
  abs: { kind: 'unary', rule: 'same', expr: abs(a) },
  // NaN and −0 give +0, as PyTorch's (0 < a) − (a < 0).
  sign: { kind: 'unary', rule: 'same', expr: select(gt(a, 0), 1, select(lt(a, 0), -1, 0)) },
  exp: { kind: 'unary', rule: 'float', expr: exp(a) },
  expm1: { kind: 'unary', rule: 'float', expr: expm1(a) },
  log: { kind: 'unary', rule: 'float', expr: log(a) },
  log1p: { kind: 'unary', rule: 'float', expr: log1p(a) },
  sqrt: { kind: 'unary', rule: 'float', expr: sqrt(a) },
  // 1 / sqrtf(a), rounded twice as PyTorch computes it.
  rsqrt: { kind: 'unary', rule: 'float', expr: div(1, fround(sqrt(a))) },
  reciprocal: { kind: 'unary', rule: 'float', expr: div(1, a) },
  sin: { kind: 'unary', rule: 'float', expr: sin(a) },
  cos: { kind: 'unary', rule: 'float', expr: cos(a) },
  tan: { kind: 'unary', rule: 'float', expr: tan(a) },
  tanh: { kind: 'unary', rule: 'float', expr: tanh(a) },
  sigmoid: { kind: 'unary', rule: 'float', expr: div(1, add(1, exp(neg(a)))) },
  erf: { kind: 'unary', rule: 'float', expr: erf(a) },
  // clamp(a, min=0): NaN and −0 pass through, as in PyTorch (max(−0, 0) would be +0).
  relu: { kind: 'unary', rule: 'same', expr: select(lt(a, 0), 0, a) },
  floor: { kind: 'unary', rule: 'same', expr: floor(a) },
  ceil: { kind: 'unary', rule: 'same', expr: ceil(a) },
  round: { kind: 'unary', rule: 'same', expr: round(a) },
  trunc: { kind: 'unary', rule: 'same', expr: trunc(a) },
  square: { kind: 'unary', rule: 'same', expr: mul(a, a) },
  logicalNot: { kind: 'unary', rule: 'bool', expr: eq(a, 0) },
  isnan: { kind: 'unary', rule: 'bool', expr: isnan(a) },
  /**
   * clamp(a, p0, p1); a missing bound is passed as ±Infinity. A bound replaces a when a is
   * beyond it (so NaN and −0 at a bound of 0 pass through) or when the bound is NaN, and max
   * wins over min, as in PyTorch.
   */
  clamp: {
    kind: 'unary',
    rule: 'same',
    expr: select(or(gt(atLeastLo, p1), isnan(p1)), p1, atLeastLo),
    params: 2,
  },
  leakyRelu: {
    kind: 'unary',
    rule: 'float',
    expr: select(gt(a, 0), a, mul(a, p0)),
    params: 1,
  },
  /**
   * a ** p0 with a scalar exponent, as PyTorch's kernel: shortcuts for a few exponents (sqrt
   * for 0.5, a reciprocal square root for −0.5, products for ±2 and 3), so its rounding and its
   * values at −0 and −inf follow those, not powf.
   */
  powScalar: {
    kind: 'unary',
    rule: 'float',
    expr: select(
      eq(p0, 0.5),
      sqrt(a),
      select(
        eq(p0, -0.5),
        div(1, fround(sqrt(a))),
        select(
          eq(p0, 2),
          mul(a, a),
          select(
            eq(p0, 3),
            mul(fround(mul(a, a)), a),
            select(
              eq(p0, -1),
              div(1, a),
              select(eq(p0, -2), div(1, fround(mul(a, a))), pow(a, p0)),
            ),
          ),
        ),
      ),
    ),
    params: 1,
  },
} as const satisfies Record<string, UnaryDecl>;

export const BINARY_OPS = {
  add: { kind: 'binary', rule: 'same', expr: add(a, b) },
  sub: { kind: 'binary', rule: 'same', expr: sub(a, b) },
  mul: { kind: 'binary', rule: 'same', expr: mul(a, b) },
  div: { kind: 'binary', rule: 'float', expr: div(a, b) },
  pow: { kind: 'binary', rule: 'same', expr: pow(a, b) },
  maximum: { kind: 'binary', rule: 'same', expr: max(a, b) },
  minimum: { kind: 'binary', rule: 'same', expr: min(a, b) },
  atan2: { kind: 'binary', rule: 'float', expr: atan2(a, b) },
  eq: { kind: 'binary', rule: 'bool', expr: eq(a, b) },
  ne: { kind: 'binary', rule: 'bool', expr: ne(a, b) },
  lt: { kind: 'binary', rule: 'bool', expr: lt(a, b) },
  le: { kind: 'binary', rule: 'bool', expr: le(a, b) },
  gt: { kind: 'binary', rule: 'bool', expr: gt(a, b) },
  ge: { kind: 'binary', rule: 'bool', expr: ge(a, b) },
  logicalAnd: { kind: 'binary', rule: 'bool', expr: and(ne(a, 0), ne(b, 0)) },
  logicalOr: { kind: 'binary', rule: 'bool', expr: or(ne(a, 0), ne(b, 0)) },
} as const satisfies Record<string, BinaryDecl>;

export type UnaryOp = keyof typeof UNARY_OPS;
export type BinaryOp = keyof typeof BINARY_OPS;

/** The name of a unary op declared with defineUnaryOp (see ./define-op.ts). */
export type DefinedUnaryOp = string & { readonly definedUnaryOp: true };

const DEFINED_UNARY = new Map<string, UnaryDecl>();

export function registerUnaryOp(name: DefinedUnaryOp, decl: UnaryDecl): void {
  DEFINED_UNARY.set(name, decl);
}

export function isDefinedUnaryOp(name: string): name is DefinedUnaryOp {
  return DEFINED_UNARY.has(name);
}

export function isElementwiseOp(name: string): boolean {
  return name in UNARY_OPS || name in BINARY_OPS || DEFINED_UNARY.has(name);
}

/** The declaration of a built-in or defined unary op. */
export function unaryDecl(op: UnaryOp | DefinedUnaryOp): UnaryDecl {
  const decl: UnaryDecl | undefined =
    (UNARY_OPS as Record<string, UnaryDecl>)[op] ?? DEFINED_UNARY.get(op);
  if (decl === undefined)
    throw new ArgumentError(`unary: expected the name of an elementwise op, got ${show(op)}`);
  return decl;
}

export const REDUCE_OPS = ['sum', 'prod', 'max', 'min', 'argmax', 'argmin'] as const;
export type ReduceOp = (typeof REDUCE_OPS)[number];
