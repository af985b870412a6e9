import { erfFloat } from '../erf';
import type { ElementwiseDecl } from '../ops/elementwise-table';
import type {
  BinaryPrimitive,
  BoolExpr,
  Comparison,
  Expr,
  NumExpr,
  Operand,
  UnaryPrimitive,
} from '../ops/primitives';
import { isBoolExpr } from '../ops/primitives';

/**
 * The CPU's TypeScript rendering of the elementwise primitives (ops/primitives.ts): each
 * expression becomes closures composed once per op. Values are float64 throughout and the
 * kernel rounds once on store, which for each primitive gives the bits its exactness rule
 * promises; `fround` rounds where an op's definition does. Integer kernels (int32 results)
 * wrap products as two's complement.
 */

/** A kernel: unary ops take (a, p0, p1), binary ones (a, b, unused). */
export type JsKernel = (x0: number, x1: number, x2: number) => number;
type JsCondition = (x0: number, x1: number, x2: number) => boolean;

/**
 * pow as C's powf (PyTorch's CPU kernel): unlike JS's `**`, 1 to any power, NaN included, and
 * −1 to ±inf give 1.
 */
export function powFloat(base: number, exponent: number): number {
  if (
    base === 1 ||
    (base === -1 &&
      (exponent === Number.POSITIVE_INFINITY || exponent === Number.NEGATIVE_INFINITY))
  )
    return 1;
  return base ** exponent;
}

/**
 * base ** exponent in wrapping int32 arithmetic by repeated squaring, as PyTorch's powi: a
 * negative exponent gives 0 except for bases ±1.
 */
export function powInt(base: number, exponent: number): number {
  if (exponent < 0) return base === 1 ? 1 : base === -1 ? (exponent % 2 === 0 ? 1 : -1) : 0;
  let result = 1;
  for (let b = base | 0, e = exponent; e !== 0; e = Math.floor(e / 2), b = Math.imul(b, b)) {
    if (e % 2 !== 0) result = Math.imul(result, b);
  }
  return result;
}

/** Round half to even, as torch.round does. */
function roundHalfEven(value: number): number {
  const r = Math.round(value);
  return Math.abs(value % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

const UNARY: Record<UnaryPrimitive, (x: number) => number> = {
  neg: (x) => -x,
  abs: Math.abs,
  floor: Math.floor,
  ceil: Math.ceil,
  trunc: Math.trunc,
  round: roundHalfEven,
  sqrt: Math.sqrt,
  fround: Math.fround,
  exp: Math.exp,
  expm1: Math.expm1,
  log: Math.log,
  log1p: Math.log1p,
  sin: Math.sin,
  cos: Math.cos,
  tan: Math.tan,
  tanh: Math.tanh,
  erf: erfFloat,
};

const BINARY: Record<BinaryPrimitive, (x: number, y: number) => number> = {
  add: (x, y) => x + y,
  sub: (x, y) => x - y,
  mul: (x, y) => x * y,
  div: (x, y) => x / y,
  // Two arguments only: kernels are called with a third.
  max: (x, y) => Math.max(x, y),
  min: (x, y) => Math.min(x, y),
  pow: powFloat,
  atan2: Math.atan2,
};

/** Where int32 results need their own arithmetic: float64 products lose bits past 2^53. */
const BINARY_INT: Partial<Record<BinaryPrimitive, (x: number, y: number) => number>> = {
  mul: Math.imul,
  pow: powInt,
};

const COMPARE: Record<Comparison, (x: number, y: number) => boolean> = {
  eq: (x, y) => x === y,
  ne: (x, y) => x !== y,
  lt: (x, y) => x < y,
  le: (x, y) => x <= y,
  gt: (x, y) => x > y,
  ge: (x, y) => x >= y,
};

/** Comparisons as kernels: 1 for true, 0 for false. */
const COMPARE_01: Record<Comparison, JsKernel> = {
  eq: (x, y) => (x === y ? 1 : 0),
  ne: (x, y) => (x !== y ? 1 : 0),
  lt: (x, y) => (x < y ? 1 : 0),
  le: (x, y) => (x <= y ? 1 : 0),
  gt: (x, y) => (x > y ? 1 : 0),
  ge: (x, y) => (x >= y ? 1 : 0),
};

/** Argument positions of the operands: unary kernels take (a, p0, p1), binary ones (a, b). */
const SLOTS: Record<ElementwiseDecl['kind'], Partial<Record<Operand, 0 | 1 | 2>>> = {
  unary: { a: 0, p0: 1, p1: 2 },
  binary: { a: 0, b: 1 },
};

const binaryFor = (op: BinaryPrimitive, integer: boolean) =>
  (integer && BINARY_INT[op]) || BINARY[op];

/** The kernel of an op for results of dtype int32 (`integer`) or any other. */
export function renderJs(decl: ElementwiseDecl, integer: boolean): JsKernel {
  const slots = SLOTS[decl.kind];
  const expr: Expr = decl.expr;
  const direct = directKernel(expr, slots, integer);
  if (direct !== null) return direct;
  if (isBoolExpr(expr)) {
    const condition = renderCondition(expr, slots, integer);
    return (x0, x1, x2) => (condition(x0, x1, x2) ? 1 : 0);
  }
  return renderNumber(expr, slots, integer);
}

/**
 * The primitive's own function where the op is one primitive over its operands in order
 * (exp, add, ...): the common case costs no closure call more than a hand-written kernel.
 */
function directKernel(
  expr: Expr,
  slots: Partial<Record<Operand, number>>,
  integer: boolean,
): JsKernel | null {
  const inOrder = (...operands: NumExpr[]) =>
    operands.every((o, k) => o.kind === 'operand' && slots[o.name] === k);
  if (expr.kind === 'unary' && inOrder(expr.x)) return UNARY[expr.op];
  if (expr.kind === 'binary' && inOrder(expr.x, expr.y)) return binaryFor(expr.op, integer);
  if (expr.kind === 'compare' && inOrder(expr.x, expr.y)) return COMPARE_01[expr.op];
  return null;
}

function renderNumber(
  expr: NumExpr,
  slots: Partial<Record<Operand, number>>,
  integer: boolean,
): JsKernel {
  switch (expr.kind) {
    case 'operand': {
      const slot = slots[expr.name];
      if (slot === 0) return (x0) => x0;
      if (slot === 1) return (_, x1) => x1;
      return (_, __, x2) => x2;
    }
    case 'const': {
      const value = expr.value;
      return () => value;
    }
    case 'unary': {
      const f = UNARY[expr.op];
      const x = renderNumber(expr.x, slots, integer);
      return (x0, x1, x2) => f(x(x0, x1, x2));
    }
    case 'binary': {
      const f = binaryFor(expr.op, integer);
      const x = renderNumber(expr.x, slots, integer);
      if (expr.y.kind === 'const') {
        const y = expr.y.value;
        return (x0, x1, x2) => f(x(x0, x1, x2), y);
      }
      if (expr.x.kind === 'const') {
        const constant = expr.x.value;
        const y = renderNumber(expr.y, slots, integer);
        return (x0, x1, x2) => f(constant, y(x0, x1, x2));
      }
      const y = renderNumber(expr.y, slots, integer);
      return (x0, x1, x2) => f(x(x0, x1, x2), y(x0, x1, x2));
    }
    case 'select': {
      const condition = renderCondition(expr.condition, slots, integer);
      const ifTrue = renderNumber(expr.ifTrue, slots, integer);
      const ifFalse = renderNumber(expr.ifFalse, slots, integer);
      return (x0, x1, x2) => (condition(x0, x1, x2) ? ifTrue(x0, x1, x2) : ifFalse(x0, x1, x2));
    }
  }
}

function renderCondition(
  expr: BoolExpr,
  slots: Partial<Record<Operand, number>>,
  integer: boolean,
): JsCondition {
  switch (expr.kind) {
    case 'compare': {
      const f = COMPARE[expr.op];
      const x = renderNumber(expr.x, slots, integer);
      const y = renderNumber(expr.y, slots, integer);
      return (x0, x1, x2) => f(x(x0, x1, x2), y(x0, x1, x2));
    }
    case 'isnan': {
      const x = renderNumber(expr.x, slots, integer);
      return (x0, x1, x2) => Number.isNaN(x(x0, x1, x2));
    }
    case 'logic': {
      const x = renderCondition(expr.x, slots, integer);
      const y = renderCondition(expr.y, slots, integer);
      return expr.op === 'and'
        ? (x0, x1, x2) => x(x0, x1, x2) && y(x0, x1, x2)
        : (x0, x1, x2) => x(x0, x1, x2) || y(x0, x1, x2);
    }
    case 'not': {
      const x = renderCondition(expr.x, slots, integer);
      return (x0, x1, x2) => !x(x0, x1, x2);
    }
  }
}

const CACHE = new WeakMap<ElementwiseDecl, [JsKernel?, JsKernel?]>();

/** The op's kernel for results of `dtype`, rendered once. */
export function jsKernel(decl: ElementwiseDecl, dtype: string): JsKernel {
  const integer = dtype === 'int32';
  let kernels = CACHE.get(decl);
  if (kernels === undefined) {
    kernels = [];
    CACHE.set(decl, kernels);
  }
  const index = integer ? 1 : 0;
  kernels[index] ??= renderJs(decl, integer);
  return kernels[index];
}
