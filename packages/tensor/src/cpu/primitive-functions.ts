import { erfFloat } from '../erf';
import type { ElementwiseDecl } from '../ops/elementwise-table';
import type { BinaryPrimitive, Comparison, Operand, UnaryPrimitive } from '../ops/primitives';

// Each elementwise primitive (ops/primitives.ts) as a JS function of float64 values: what the
// CPU's TypeScript kernels compute, rounded once on store.

/** A kernel: unary ops take (a, p0, p1), binary ones (a, b, unused). */
export type JsKernel = (x0: number, x1: number, x2: number) => number;

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

export const UNARY: Record<UnaryPrimitive, (x: number) => number> = {
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

export const BINARY: Record<BinaryPrimitive, (x: number, y: number) => number> = {
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
export const BINARY_INT: Partial<Record<BinaryPrimitive, (x: number, y: number) => number>> = {
  mul: Math.imul,
  pow: powInt,
};

/** Comparisons as kernels: 1 for true, 0 for false. */
export const COMPARE_01: Record<Comparison, JsKernel> = {
  eq: (x, y) => (x === y ? 1 : 0),
  ne: (x, y) => (x !== y ? 1 : 0),
  lt: (x, y) => (x < y ? 1 : 0),
  le: (x, y) => (x <= y ? 1 : 0),
  gt: (x, y) => (x > y ? 1 : 0),
  ge: (x, y) => (x >= y ? 1 : 0),
};

/** Argument positions of the operands: unary kernels take (a, p0, p1), binary ones (a, b). */
export const SLOTS: Record<ElementwiseDecl['kind'], Partial<Record<Operand, 0 | 1 | 2>>> = {
  unary: { a: 0, p0: 1, p1: 2 },
  binary: { a: 0, b: 1 },
};

export const binaryFor = (op: BinaryPrimitive, integer: boolean) =>
  (integer && BINARY_INT[op]) || BINARY[op];
