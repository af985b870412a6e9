/**
 * The primitives an elementwise op is written in: a small typed expression language over the
 * op's operands. Each backend renders it itself (the CPU in TypeScript and, where every
 * primitive allows, as WebAssembly SIMD; WebGPU as WGSL), so an op is declared once.
 *
 * Values are numbers of the op's compute type (float32, or int32 for integer and bool
 * inputs of ops that keep the dtype) or booleans (comparisons and logic). The phantom `O`
 * lists the operands an expression reads, so a unary op cannot read `b`.
 *
 * Bit-exactness: a kernel stores an expression's value rounded once to the result dtype.
 * - exact: no rounding at all (neg, abs, floor, ceil, trunc, round, max, min, select,
 *   comparisons, logic, isnan): every backend gives the same bits.
 * - rounded: correctly rounded in float32 on the CPU, JS in float64 then rounded once, which
 *   equals float32 arithmetic for a single operation on float32 values (add, sub, mul, div,
 *   sqrt). Chained, JS keeps float64 between them; `fround` rounds where the op's definition
 *   rounds (PyTorch's rsqrt is 1 / sqrtf(a)). WGSL need not round div and sqrt correctly.
 * - approximate: JS's Math function in float64, rounded once (erf: correctly rounded, see
 *   erf.ts); WGSL's builtin within its ULP bound (erf: a minimax fit, within about 1 ulp, as
 *   WGSL has no float64 to round from); no WebAssembly rendering (exp, expm1, log, log1p, sin,
 *   cos, tan, tanh, erf, pow, atan2).
 * The CPU runs an op as WebAssembly only when its float32 steps give JS's bits: every
 * primitive has a WebAssembly form and no rounded result feeds another operation unless
 * through `fround` (see wasm/kernels/elementwise-ops.ts).
 */

export type Operand = 'a' | 'b' | 'p0' | 'p1';

export const UNARY_PRIMITIVES = [
  'neg',
  'abs',
  'floor',
  'ceil',
  'trunc',
  /** Half to even, as torch.round. */
  'round',
  'sqrt',
  /** Rounds a float32 result to float32 where float64 would keep more bits (identity elsewhere). */
  'fround',
  'exp',
  'expm1',
  'log',
  'log1p',
  'sin',
  'cos',
  'tan',
  'tanh',
  'erf',
] as const;
export type UnaryPrimitive = (typeof UNARY_PRIMITIVES)[number];

export const BINARY_PRIMITIVES = [
  'add',
  'sub',
  /** Wraps as two's complement in int32. */
  'mul',
  'div',
  /** NaN if either operand is NaN; max(−0, +0) is +0. */
  'max',
  /** NaN if either operand is NaN; min(−0, +0) is −0. */
  'min',
  /** C's pow (1 ** NaN is 1); wrapping repeated squaring in int32. */
  'pow',
  /** IEEE atan2(y, x), signed zeros and infinities included. */
  'atan2',
] as const;
export type BinaryPrimitive = (typeof BINARY_PRIMITIVES)[number];

export const COMPARISONS = ['eq', 'ne', 'lt', 'le', 'gt', 'ge'] as const;
export type Comparison = (typeof COMPARISONS)[number];

/** How far each primitive's result may differ between backends (see above). */
export const EXACTNESS: Record<
  UnaryPrimitive | BinaryPrimitive,
  'exact' | 'rounded' | 'approximate'
> = {
  neg: 'exact',
  abs: 'exact',
  floor: 'exact',
  ceil: 'exact',
  trunc: 'exact',
  round: 'exact',
  max: 'exact',
  min: 'exact',
  sqrt: 'rounded',
  fround: 'rounded',
  add: 'rounded',
  sub: 'rounded',
  mul: 'rounded',
  div: 'rounded',
  exp: 'approximate',
  expm1: 'approximate',
  log: 'approximate',
  log1p: 'approximate',
  sin: 'approximate',
  cos: 'approximate',
  tan: 'approximate',
  tanh: 'approximate',
  erf: 'approximate',
  pow: 'approximate',
  atan2: 'approximate',
};

interface Typed<O extends Operand> {
  /** Only carries the operands' names for the compiler. */
  readonly operands?: O;
}

export type NumExpr<O extends Operand = Operand> = Typed<O> &
  (
    | { readonly kind: 'operand'; readonly name: O }
    | { readonly kind: 'const'; readonly value: number }
    | { readonly kind: 'unary'; readonly op: UnaryPrimitive; readonly x: NumExpr<O> }
    | {
        readonly kind: 'binary';
        readonly op: BinaryPrimitive;
        readonly x: NumExpr<O>;
        readonly y: NumExpr<O>;
      }
    | {
        readonly kind: 'select';
        readonly condition: BoolExpr<O>;
        readonly ifTrue: NumExpr<O>;
        readonly ifFalse: NumExpr<O>;
      }
  );

export type BoolExpr<O extends Operand = Operand> = Typed<O> &
  (
    | {
        readonly kind: 'compare';
        readonly op: Comparison;
        readonly x: NumExpr<O>;
        readonly y: NumExpr<O>;
      }
    | { readonly kind: 'isnan'; readonly x: NumExpr<O> }
    | {
        readonly kind: 'logic';
        readonly op: 'and' | 'or';
        readonly x: BoolExpr<O>;
        readonly y: BoolExpr<O>;
      }
    | { readonly kind: 'not'; readonly x: BoolExpr<O> }
  );

export type Expr<O extends Operand = Operand> = NumExpr<O> | BoolExpr<O>;

/** A number in an expression is a constant of the compute type. */
export type NumArg<O extends Operand> = NumExpr<O> | number;

const num = <O extends Operand>(x: NumArg<O>): NumExpr<O> =>
  typeof x === 'number' ? { kind: 'const', value: x } : x;

export const a: NumExpr<'a'> = { kind: 'operand', name: 'a' };
export const b: NumExpr<'b'> = { kind: 'operand', name: 'b' };
export const p0: NumExpr<'p0'> = { kind: 'operand', name: 'p0' };
export const p1: NumExpr<'p1'> = { kind: 'operand', name: 'p1' };

const unary =
  (op: UnaryPrimitive) =>
  <O extends Operand>(x: NumArg<O>): NumExpr<O> => ({ kind: 'unary', op, x: num(x) });
const binary =
  (op: BinaryPrimitive) =>
  <O extends Operand>(x: NumArg<O>, y: NumArg<O>): NumExpr<O> => ({
    kind: 'binary',
    op,
    x: num(x),
    y: num(y),
  });
const compare =
  (op: Comparison) =>
  <O extends Operand>(x: NumArg<O>, y: NumArg<O>): BoolExpr<O> => ({
    kind: 'compare',
    op,
    x: num(x),
    y: num(y),
  });

export const neg = unary('neg');
export const abs = unary('abs');
export const floor = unary('floor');
export const ceil = unary('ceil');
export const trunc = unary('trunc');
export const round = unary('round');
export const sqrt = unary('sqrt');
export const fround = unary('fround');
export const exp = unary('exp');
export const expm1 = unary('expm1');
export const log = unary('log');
export const log1p = unary('log1p');
export const sin = unary('sin');
export const cos = unary('cos');
export const tan = unary('tan');
export const tanh = unary('tanh');
export const erf = unary('erf');

export const add = binary('add');
export const sub = binary('sub');
export const mul = binary('mul');
export const div = binary('div');
export const max = binary('max');
export const min = binary('min');
export const pow = binary('pow');
export const atan2 = binary('atan2');

export const eq = compare('eq');
export const ne = compare('ne');
export const lt = compare('lt');
export const le = compare('le');
export const gt = compare('gt');
export const ge = compare('ge');

export const isnan = <O extends Operand>(x: NumArg<O>): BoolExpr<O> => ({
  kind: 'isnan',
  x: num(x),
});
export const and = <O extends Operand>(x: BoolExpr<O>, y: BoolExpr<O>): BoolExpr<O> => ({
  kind: 'logic',
  op: 'and',
  x,
  y,
});
export const or = <O extends Operand>(x: BoolExpr<O>, y: BoolExpr<O>): BoolExpr<O> => ({
  kind: 'logic',
  op: 'or',
  x,
  y,
});
export const not = <O extends Operand>(x: BoolExpr<O>): BoolExpr<O> => ({ kind: 'not', x });

/** `condition ? ifTrue : ifFalse`; backends may evaluate both arms (they have no effects). */
export const select = <O extends Operand>(
  condition: BoolExpr<O>,
  ifTrue: NumArg<O>,
  ifFalse: NumArg<O>,
): NumExpr<O> => ({ kind: 'select', condition, ifTrue: num(ifTrue), ifFalse: num(ifFalse) });

export function isBoolExpr(expr: Expr): expr is BoolExpr {
  return (
    expr.kind === 'compare' || expr.kind === 'isnan' || expr.kind === 'logic' || expr.kind === 'not'
  );
}

/** The sub-expressions an expression applies its primitive to. */
function childrenOf(e: Expr): readonly Expr[] {
  switch (e.kind) {
    case 'operand':
    case 'const':
      return [];
    case 'unary':
    case 'isnan':
    case 'not':
      return [e.x];
    case 'binary':
    case 'compare':
    case 'logic':
      return [e.x, e.y];
    case 'select':
      return [e.condition, e.ifTrue, e.ifFalse];
  }
}

/** What `pick` finds in an expression and all its sub-expressions. */
function collect<T>(expr: Expr, pick: (e: Expr) => T | null): Set<T> {
  const found = new Set<T>();
  const visit = (e: Expr): void => {
    const value = pick(e);
    if (value !== null) found.add(value);
    for (const child of childrenOf(e)) visit(child);
  };
  visit(expr);
  return found;
}

/** Every arithmetic primitive an expression applies: what decides where, and how exactly, it runs. */
export function primitivesOf(expr: Expr): Set<UnaryPrimitive | BinaryPrimitive> {
  return collect(expr, (e) => (e.kind === 'unary' || e.kind === 'binary' ? e.op : null));
}

/** The operands an expression reads. */
export function operandsOf(expr: Expr): Set<Operand> {
  return collect(expr, (e) => (e.kind === 'operand' ? e.name : null));
}
