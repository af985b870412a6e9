/**
 * Every elementwise op, declared once: its name, how its result dtype follows from its
 * inputs, its CPU kernel (`js`, computed in float64 and rounded on store) and its WGSL
 * expression. The CPU backend, the WebGPU code generator and autograd's VJP table are all
 * keyed by these names.
 *
 * The WGSL expression is over `a`, `b` and, for ops with a parameter, `p0`/`p1`, all of the
 * compute type T: f32 for floating inputs and for 'float' ops, i32 for integer and bool inputs
 * otherwise. It yields T, or a WGSL `bool` for 'bool' ops. Besides WGSL's builtins it may call
 * the helpers @x/backend-webgpu defines for every T (its src/kernels/prelude.ts): `is_nan`,
 * `nonzero`, `maximum_`/`minimum_` (NaN-propagating), `pow_` (C's pow; wrapping on i32),
 * `sign_` (PyTorch's), `floor_`, `ceil_`, `round_`, `trunc_` (identities on i32) and, for f32 only, `expm1_`,
 * `log1p_`, `atan2_` (which handle the special cases WGSL's builtins leave undefined) and `erf_`. Test NaN with `is_nan`,
 * never with `a != a`: GPU compilers may assume NaN never occurs.
 */

import { erfFloat } from '../erf';

/** How a result dtype follows from the (promoted) input dtype. */
export type DTypeRule =
  | 'same' // keeps the promoted input dtype (neg, abs, add, ...)
  | 'float' // integers and bools become float32 (exp, div, ...)
  | 'bool'; // comparisons and logical ops

export interface UnaryDecl {
  readonly rule: DTypeRule;
  readonly js: (a: number, p0: number, p1: number) => number;
  /** The kernel for int32 results where `js` would lose bits: wraps as two's complement. */
  readonly int?: (a: number, p0: number, p1: number) => number;
  readonly wgsl: string;
  /** Number of scalar parameters the op takes (clamp: min, max). */
  readonly params?: number;
}

export interface BinaryDecl {
  readonly rule: DTypeRule;
  readonly js: (a: number, b: number) => number;
  /** The kernel for int32 results where `js` would lose bits: wraps as two's complement. */
  readonly int?: (a: number, b: number) => number;
  readonly wgsl: string;
}

/**
 * pow as C's powf (PyTorch's CPU kernel): unlike JS's `**`, 1 to any power, NaN included, and
 * −1 to ±inf give 1.
 */
export function powFloat(a: number, b: number): number {
  if (a === 1 || (a === -1 && (b === Number.POSITIVE_INFINITY || b === Number.NEGATIVE_INFINITY)))
    return 1;
  return a ** b;
}

/**
 * PyTorch's pow of a float32 tensor by a scalar exponent, which takes shortcuts for a few
 * exponents (sqrt for 0.5, a reciprocal square root for −0.5, products for ±2 and 3), so its
 * rounding and its values at −0 and −inf follow those, not powf.
 */
function powScalarFloat(a: number, p: number): number {
  const f32 = Math.fround;
  if (p === 0.5) return Math.sqrt(a);
  if (p === -0.5) return 1 / f32(Math.sqrt(a));
  if (p === 2) return a * a;
  if (p === 3) return f32(a * a) * a;
  if (p === -1) return 1 / a;
  if (p === -2) return 1 / f32(a * a);
  return powFloat(a, p);
}

/**
 * a ** b in wrapping int32 arithmetic by repeated squaring, as PyTorch's powi: a negative
 * exponent gives 0 except for bases ±1.
 */
export function powInt(a: number, b: number): number {
  if (b < 0) return a === 1 ? 1 : a === -1 ? (b % 2 === 0 ? 1 : -1) : 0;
  let result = 1;
  for (let base = a | 0, e = b; e !== 0; e = Math.floor(e / 2), base = Math.imul(base, base)) {
    if (e % 2 !== 0) result = Math.imul(result, base);
  }
  return result;
}

/** Round half to even, as torch.round does. */
function roundHalfEven(a: number): number {
  const r = Math.round(a);
  return Math.abs(a % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

export const UNARY_OPS = {
  neg: { rule: 'same', js: (a) => -a, wgsl: '-a' },
  abs: { rule: 'same', js: Math.abs, wgsl: 'abs(a)' },
  sign: {
    rule: 'same',
    // NaN and −0 give +0, as PyTorch's (0 < a) − (a < 0).
    js: (a) => (a > 0 ? 1 : a < 0 ? -1 : 0),
    wgsl: 'sign_(a)',
  },
  exp: { rule: 'float', js: Math.exp, wgsl: 'exp(a)' },
  expm1: { rule: 'float', js: Math.expm1, wgsl: 'expm1_(a)' },
  log: { rule: 'float', js: Math.log, wgsl: 'log(a)' },
  log1p: { rule: 'float', js: Math.log1p, wgsl: 'log1p_(a)' },
  sqrt: { rule: 'float', js: Math.sqrt, wgsl: 'sqrt(a)' },
  // 1 / sqrtf(a), rounded twice as PyTorch computes it.
  rsqrt: { rule: 'float', js: (a) => 1 / Math.fround(Math.sqrt(a)), wgsl: 'inverseSqrt(a)' },
  reciprocal: { rule: 'float', js: (a) => 1 / a, wgsl: '(1.0 / a)' },
  sin: { rule: 'float', js: Math.sin, wgsl: 'sin(a)' },
  cos: { rule: 'float', js: Math.cos, wgsl: 'cos(a)' },
  tan: { rule: 'float', js: Math.tan, wgsl: 'tan(a)' },
  tanh: { rule: 'float', js: Math.tanh, wgsl: 'tanh(a)' },
  sigmoid: { rule: 'float', js: (a) => 1 / (1 + Math.exp(-a)), wgsl: '(1.0 / (1.0 + exp(-a)))' },
  erf: { rule: 'float', js: erfFloat, wgsl: 'erf_(a)' },
  // clamp(a, min=0): NaN and −0 pass through, as in PyTorch (Math.max(−0, 0) would be +0).
  // biome-ignore lint/complexity/useMathMinMax: see above
  relu: { rule: 'same', js: (a) => (a < 0 ? 0 : a), wgsl: 'select(a, 0, a < 0)' },
  floor: { rule: 'same', js: Math.floor, wgsl: 'floor_(a)' },
  ceil: { rule: 'same', js: Math.ceil, wgsl: 'ceil_(a)' },
  round: { rule: 'same', js: roundHalfEven, wgsl: 'round_(a)' },
  trunc: { rule: 'same', js: Math.trunc, wgsl: 'trunc_(a)' },
  square: { rule: 'same', js: (a) => a * a, int: (a) => Math.imul(a, a), wgsl: '(a * a)' },
  logicalNot: { rule: 'bool', js: (a) => (a === 0 ? 1 : 0), wgsl: 'a == 0' },
  isnan: { rule: 'bool', js: (a) => (Number.isNaN(a) ? 1 : 0), wgsl: 'is_nan(a)' },
  /** clamp(a, p0, p1); a missing bound is passed as ±Infinity. */
  clamp: {
    rule: 'same',
    // A bound replaces a when a is beyond it (so NaN and −0 at a bound of 0 pass through) or
    // when the bound is NaN, and max wins over min, as in PyTorch.
    js: (a, lo, hi) => {
      const atLeastLo = a < lo || Number.isNaN(lo) ? lo : a;
      return atLeastLo > hi || Number.isNaN(hi) ? hi : atLeastLo;
    },
    wgsl: 'select(select(a, p0, a < p0 || is_nan(p0)), p1, select(a, p0, a < p0 || is_nan(p0)) > p1 || is_nan(p1))',
    params: 2,
  },
  leakyRelu: {
    rule: 'float',
    js: (a, slope) => (a > 0 ? a : a * slope),
    wgsl: 'select(a * p0, a, a > 0)',
    params: 1,
  },
  /** a ** p0 with a scalar exponent. */
  powScalar: { rule: 'float', js: powScalarFloat, wgsl: 'pow_scalar_(a, p0)', params: 1 },
  /** p0 ** a with a scalar base. */
  rpowScalar: { rule: 'float', js: (a, p) => powFloat(p, a), wgsl: 'pow_(p0, a)', params: 1 },
} as const satisfies Record<string, UnaryDecl>;

export const BINARY_OPS = {
  add: { rule: 'same', js: (a, b) => a + b, wgsl: '(a + b)' },
  sub: { rule: 'same', js: (a, b) => a - b, wgsl: '(a - b)' },
  mul: { rule: 'same', js: (a, b) => a * b, int: Math.imul, wgsl: '(a * b)' },
  div: { rule: 'float', js: (a, b) => a / b, wgsl: '(a / b)' },
  pow: { rule: 'same', js: powFloat, int: powInt, wgsl: 'pow_(a, b)' },
  maximum: {
    rule: 'same',
    js: Math.max,
    wgsl: 'maximum_(a, b)',
  },
  minimum: {
    rule: 'same',
    js: Math.min,
    wgsl: 'minimum_(a, b)',
  },
  atan2: { rule: 'float', js: Math.atan2, wgsl: 'atan2_(a, b)' },
  eq: { rule: 'bool', js: (a, b) => (a === b ? 1 : 0), wgsl: 'a == b' },
  ne: { rule: 'bool', js: (a, b) => (a !== b ? 1 : 0), wgsl: '!(a == b)' },
  lt: { rule: 'bool', js: (a, b) => (a < b ? 1 : 0), wgsl: 'a < b' },
  le: { rule: 'bool', js: (a, b) => (a <= b ? 1 : 0), wgsl: 'a <= b' },
  gt: { rule: 'bool', js: (a, b) => (a > b ? 1 : 0), wgsl: 'a > b' },
  ge: { rule: 'bool', js: (a, b) => (a >= b ? 1 : 0), wgsl: 'a >= b' },
  logicalAnd: {
    rule: 'bool',
    js: (a, b) => (a !== 0 && b !== 0 ? 1 : 0),
    wgsl: 'nonzero(a) && nonzero(b)',
  },
  logicalOr: {
    rule: 'bool',
    js: (a, b) => (a !== 0 || b !== 0 ? 1 : 0),
    wgsl: 'nonzero(a) || nonzero(b)',
  },
} as const satisfies Record<string, BinaryDecl>;

export type UnaryOp = keyof typeof UNARY_OPS;
export type BinaryOp = keyof typeof BINARY_OPS;

export const REDUCE_OPS = ['sum', 'prod', 'max', 'min', 'argmax', 'argmin'] as const;
export type ReduceOp = (typeof REDUCE_OPS)[number];
