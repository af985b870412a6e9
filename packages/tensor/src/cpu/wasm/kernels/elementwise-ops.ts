import type { Expr } from '../emitter/expr';
import { f32, i32, select } from '../emitter/scalar';
import { f32x4, v128 } from '../emitter/simd';
import type { ElementwiseKernel } from './elementwise';

// The float32 ops that run as WebAssembly. Each gives the same bits as its TypeScript
// kernel (ops/elementwise-table.ts): +, -, *, /, sqrt of float32 values are correctly
// rounded in both, and min/max/compare/select are exact. Ops whose TypeScript form rounds
// through float64 transcendentals (exp, tanh, ...) stay in TypeScript.

type V = Expr<'v128'>;
type F = Expr<'f32'>;

const zero = () => f32x4.splat(0);

/** a op b for two float32 tensors, and for a tensor and a float32 scalar. */
const BINARY: Record<string, [(a: V, b: V) => V, (a: F, b: F) => F]> = {
  add: [f32x4.add, f32.add],
  sub: [f32x4.sub, f32.sub],
  mul: [f32x4.mul, f32.mul],
  div: [f32x4.div, f32.div],
  // NaN if either is NaN; max(-0, +0) = +0 and min(-0, +0) = -0, as Math.max/min.
  maximum: [f32x4.max, f32.max],
  minimum: [f32x4.min, f32.min],
};

const COMPARE: Record<string, [(a: V, b: V) => V, (a: F, b: F) => Expr<'i32'>]> = {
  eq: [f32x4.eq, f32.eq],
  ne: [f32x4.ne, f32.ne],
  lt: [f32x4.lt, f32.lt],
  le: [f32x4.le, f32.le],
  gt: [f32x4.gt, f32.gt],
  ge: [f32x4.ge, f32.ge],
};

const UNARY: Record<string, [(a: V) => V, (a: F) => F]> = {
  neg: [f32x4.neg, f32.neg],
  abs: [f32x4.abs, f32.abs],
  sqrt: [f32x4.sqrt, f32.sqrt],
  square: [(a) => f32x4.mul(a, a), (a) => f32.mul(a, a)],
  reciprocal: [(a) => f32x4.div(f32x4.splat(1), a), (a) => f32.div(1, a)],
  floor: [f32x4.floor, f32.floor],
  ceil: [f32x4.ceil, f32.ceil],
  trunc: [f32x4.trunc, f32.trunc],
  round: [f32x4.nearest, f32.nearest],
  // a < 0 ? 0 : a (NaN and -0 pass through, as the table's relu)
  relu: [
    (a) => v128.bitselect(zero(), a, f32x4.lt(a, zero())),
    (a) => select(f32.const(0), a, f32.lt(a, 0)),
  ],
};

export const ELEMENTWISE_KERNELS: ElementwiseKernel[] = [
  ...Object.entries(BINARY).flatMap(([op, [vector, scalar]]): ElementwiseKernel[] => [
    binaryKernel(op, 'f32', vector, scalar),
    scalarKernel(`${op}_scalar`, 'f32', vector, scalar),
  ]),
  ...Object.entries(COMPARE).flatMap(([op, [vector, scalar]]): ElementwiseKernel[] => [
    binaryKernel(op, 'u8', vector, scalar),
    scalarKernel(`${op}_scalar`, 'u8', vector, scalar),
  ]),
  ...Object.entries(UNARY).map(
    ([op, [vector, scalar]]): ElementwiseKernel => ({
      name: op,
      inputs: ['f32'],
      output: 'f32',
      params: 0,
      vector: ([a]) => vector(a),
      scalar: ([a]) => scalar(a as F),
    }),
  ),
  {
    // A bound replaces a when a is beyond it or the bound is NaN, max after min, as the
    // table's clamp.
    name: 'clamp',
    inputs: ['f32'],
    output: 'f32',
    params: 2,
    vector: ([a], [lo, hi]) => {
      const atLeastLo = v128.bitselect(lo, a, v128.or(f32x4.lt(a, lo), f32x4.ne(lo, lo)));
      return v128.bitselect(hi, atLeastLo, v128.or(f32x4.gt(atLeastLo, hi), f32x4.ne(hi, hi)));
    },
    scalar: ([a], [lo, hi]) => {
      const atLeastLo = select(lo, a as F, i32.or(f32.lt(a as F, lo), f32.ne(lo, lo)));
      return select(hi, atLeastLo, i32.or(f32.gt(atLeastLo, hi), f32.ne(hi, hi)));
    },
  },
  {
    name: 'where',
    inputs: ['u8', 'f32', 'f32'],
    output: 'f32',
    params: 0,
    vector: ([condition, a, b]) => v128.bitselect(a, b, condition),
    scalar: ([condition, a, b]) => select(a as F, b as F, condition as Expr<'i32'>),
  },
  {
    name: 'copy32',
    inputs: ['f32'],
    output: 'f32',
    params: 0,
    vector: ([a]) => a,
    scalar: ([a]) => a,
  },
  {
    name: 'copy8',
    inputs: ['u8'],
    output: 'u8',
    params: 0,
    vector: ([a]) => a,
    scalar: ([a]) => a,
  },
];

function binaryKernel(
  name: string,
  output: 'f32' | 'u8',
  vector: (a: V, b: V) => V,
  scalar: (a: F, b: F) => Expr,
): ElementwiseKernel {
  return {
    name,
    inputs: ['f32', 'f32'],
    output,
    params: 0,
    vector: ([a, b]) => vector(a, b),
    scalar: ([a, b]) => scalar(a as F, b as F),
  };
}

function scalarKernel(
  name: string,
  output: 'f32' | 'u8',
  vector: (a: V, b: V) => V,
  scalar: (a: F, b: F) => Expr,
): ElementwiseKernel {
  return {
    name,
    inputs: ['f32'],
    output,
    params: 1,
    vector: ([a], [b]) => vector(a, b),
    scalar: ([a], [b]) => scalar(a as F, b),
  };
}
