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
 * `nonzero`, `maximum_`/`minimum_` (NaN-propagating), `pow_` (JS's `**`), `floor_`, `ceil_`,
 * `round_`, `trunc_` (identities on i32) and, for f32 only, `expm1_`, `log1p_` and `atan2_`
 * (which handle the special cases WGSL's builtins leave undefined). Test NaN with `is_nan`,
 * never with `a != a`: GPU compilers may assume NaN never occurs.
 */

/** How a result dtype follows from the (promoted) input dtype. */
export type DTypeRule =
  | 'same' // keeps the promoted input dtype (neg, abs, add, ...)
  | 'float' // integers and bools become float32 (exp, div, ...)
  | 'bool'; // comparisons and logical ops

export interface UnaryDecl {
  readonly rule: DTypeRule;
  readonly js: (a: number, p0: number, p1: number) => number;
  readonly wgsl: string;
  /** Number of scalar parameters the op takes (clamp: min, max). */
  readonly params?: number;
}

export interface BinaryDecl {
  readonly rule: DTypeRule;
  readonly js: (a: number, b: number) => number;
  readonly wgsl: string;
}

/** Abramowitz–Stegun 7.1.26, |error| < 1.5e-7: enough for float32, and expressible in WGSL. */
function erf(x: number): number {
  const sign = x < 0 ? -1 : 1;
  const t = 1 / (1 + 0.3275911 * Math.abs(x));
  const poly =
    ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t;
  return sign * (1 - poly * Math.exp(-x * x));
}

const WGSL_ERF =
  'sign(a) * (1.0 - ((((1.061405429 * (1.0 / (1.0 + 0.3275911 * abs(a))) - 1.453152027) * (1.0 / (1.0 + 0.3275911 * abs(a))) + 1.421413741) * (1.0 / (1.0 + 0.3275911 * abs(a))) - 0.284496736) * (1.0 / (1.0 + 0.3275911 * abs(a))) + 0.254829592) * (1.0 / (1.0 + 0.3275911 * abs(a))) * exp(-a * a))';

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
    js: (a) => (a > 0 ? 1 : a < 0 ? -1 : a),
    wgsl: 'select(select(a, -1, a < 0), 1, a > 0)',
  },
  exp: { rule: 'float', js: Math.exp, wgsl: 'exp(a)' },
  expm1: { rule: 'float', js: Math.expm1, wgsl: 'expm1_(a)' },
  log: { rule: 'float', js: Math.log, wgsl: 'log(a)' },
  log1p: { rule: 'float', js: Math.log1p, wgsl: 'log1p_(a)' },
  sqrt: { rule: 'float', js: Math.sqrt, wgsl: 'sqrt(a)' },
  rsqrt: { rule: 'float', js: (a) => 1 / Math.sqrt(a), wgsl: 'inverseSqrt(a)' },
  reciprocal: { rule: 'float', js: (a) => 1 / a, wgsl: '(1.0 / a)' },
  sin: { rule: 'float', js: Math.sin, wgsl: 'sin(a)' },
  cos: { rule: 'float', js: Math.cos, wgsl: 'cos(a)' },
  tan: { rule: 'float', js: Math.tan, wgsl: 'tan(a)' },
  tanh: { rule: 'float', js: Math.tanh, wgsl: 'tanh(a)' },
  sigmoid: { rule: 'float', js: (a) => 1 / (1 + Math.exp(-a)), wgsl: '(1.0 / (1.0 + exp(-a)))' },
  erf: { rule: 'float', js: erf, wgsl: WGSL_ERF },
  relu: { rule: 'same', js: (a) => Math.max(a, 0), wgsl: 'select(0, a, a > 0 || is_nan(a))' },
  floor: { rule: 'same', js: Math.floor, wgsl: 'floor_(a)' },
  ceil: { rule: 'same', js: Math.ceil, wgsl: 'ceil_(a)' },
  round: { rule: 'same', js: roundHalfEven, wgsl: 'round_(a)' },
  trunc: { rule: 'same', js: Math.trunc, wgsl: 'trunc_(a)' },
  square: { rule: 'same', js: (a) => a * a, wgsl: '(a * a)' },
  logicalNot: { rule: 'bool', js: (a) => (a === 0 ? 1 : 0), wgsl: 'a == 0' },
  isnan: { rule: 'bool', js: (a) => (Number.isNaN(a) ? 1 : 0), wgsl: 'is_nan(a)' },
  /** clamp(a, p0, p1); NaN bounds are passed as ±Infinity by the frontend. */
  clamp: {
    rule: 'same',
    js: (a, lo, hi) => Math.min(Math.max(a, lo), hi),
    wgsl: 'minimum_(maximum_(a, p0), p1)',
    params: 2,
  },
  leakyRelu: {
    rule: 'float',
    js: (a, slope) => (a > 0 ? a : a * slope),
    wgsl: 'select(a * p0, a, a > 0)',
    params: 1,
  },
  /** a ** p0 with a scalar exponent. */
  powScalar: { rule: 'float', js: (a, p) => a ** p, wgsl: 'pow_(a, p0)', params: 1 },
  /** p0 ** a with a scalar base. */
  rpowScalar: { rule: 'float', js: (a, p) => p ** a, wgsl: 'pow_(p0, a)', params: 1 },
} as const satisfies Record<string, UnaryDecl>;

export const BINARY_OPS = {
  add: { rule: 'same', js: (a, b) => a + b, wgsl: '(a + b)' },
  sub: { rule: 'same', js: (a, b) => a - b, wgsl: '(a - b)' },
  mul: { rule: 'same', js: (a, b) => a * b, wgsl: '(a * b)' },
  div: { rule: 'float', js: (a, b) => a / b, wgsl: '(a / b)' },
  pow: { rule: 'same', js: (a, b) => a ** b, wgsl: 'pow_(a, b)' },
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
