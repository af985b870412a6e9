import {
  BINARY_OPS,
  type ElementwiseDecl,
  UNARY_OPS,
  type UnaryDecl,
} from '../../../ops/elementwise-table';
import type {
  BinaryPrimitive,
  BoolExpr,
  Comparison,
  NumExpr,
  Expr as OpExpr,
  Operand,
  UnaryPrimitive,
} from '../../../ops/primitives';
import { isBoolExpr } from '../../../ops/primitives';
import type { Expr } from '../emitter/expr';
import { f32, i32, select } from '../emitter/scalar';
import { f32x4, v128 } from '../emitter/simd';
import type { ElementwiseKernel, Lane } from './elementwise';

// The WebAssembly rendering of the elementwise primitives (ops/primitives.ts). An op runs as
// WebAssembly when every primitive of its expression has a form here and its float32 steps
// give the TypeScript kernel's bits (see faithful); the rest stay in TypeScript.

type V = Expr<'v128'>;
type F = Expr<'f32'>;

/** One rendering: f32x4 lanes and masks, or one f32 and an i32 0/1. */
interface Algebra<N, B> {
  constant(value: number): N;
  unary: Partial<Record<UnaryPrimitive, (x: N) => N>>;
  binary: Partial<Record<BinaryPrimitive, (x: N, y: N) => N>>;
  compare: Record<Comparison, (x: N, y: N) => B>;
  isnan(x: N): B;
  and(x: B, y: B): B;
  or(x: B, y: B): B;
  not(x: B): B;
  select(condition: B, ifTrue: N, ifFalse: N): N;
}

const VECTOR: Algebra<V, V> = {
  constant: (value) => f32x4.splat(value),
  unary: {
    neg: f32x4.neg,
    abs: f32x4.abs,
    floor: f32x4.floor,
    ceil: f32x4.ceil,
    trunc: f32x4.trunc,
    round: f32x4.nearest,
    sqrt: f32x4.sqrt,
    fround: (x) => x,
  },
  // f32x4.min/max propagate NaN and order −0 below +0, as Math.min/max.
  binary: {
    add: f32x4.add,
    sub: f32x4.sub,
    mul: f32x4.mul,
    div: f32x4.div,
    max: f32x4.max,
    min: f32x4.min,
  },
  compare: {
    eq: f32x4.eq,
    ne: f32x4.ne,
    lt: f32x4.lt,
    le: f32x4.le,
    gt: f32x4.gt,
    ge: f32x4.ge,
  },
  isnan: (x) => f32x4.ne(x, x),
  and: v128.and,
  or: v128.or,
  not: v128.not,
  select: (condition, ifTrue, ifFalse) => v128.bitselect(ifTrue, ifFalse, condition),
};

const SCALAR: Algebra<F, Expr<'i32'>> = {
  constant: (value) => f32.const(value),
  unary: {
    neg: f32.neg,
    abs: f32.abs,
    floor: f32.floor,
    ceil: f32.ceil,
    trunc: f32.trunc,
    round: f32.nearest,
    sqrt: f32.sqrt,
    fround: (x) => x,
  },
  binary: {
    add: f32.add,
    sub: f32.sub,
    mul: f32.mul,
    div: f32.div,
    max: f32.max,
    min: f32.min,
  },
  compare: {
    eq: f32.eq,
    ne: f32.ne,
    lt: f32.lt,
    le: f32.le,
    gt: f32.gt,
    ge: f32.ge,
  },
  isnan: (x) => f32.ne(x, x),
  and: i32.and,
  or: i32.or,
  not: i32.eqz,
  select: (condition, ifTrue, ifFalse) => select(ifTrue, ifFalse, condition),
};

function render<N, B>(
  algebra: Algebra<N, B>,
  expr: OpExpr,
  operands: Partial<Record<Operand, N>>,
): N | B {
  const number = (e: NumExpr): N => {
    switch (e.kind) {
      case 'operand':
        return operands[e.name] as N;
      case 'const':
        return algebra.constant(e.value);
      case 'unary':
        return (algebra.unary[e.op] as (x: N) => N)(number(e.x));
      case 'binary':
        return (algebra.binary[e.op] as (x: N, y: N) => N)(number(e.x), number(e.y));
      case 'select':
        return algebra.select(condition(e.condition), number(e.ifTrue), number(e.ifFalse));
    }
  };
  const condition = (e: BoolExpr): B => {
    switch (e.kind) {
      case 'compare':
        return algebra.compare[e.op](number(e.x), number(e.y));
      case 'isnan':
        return algebra.isnan(number(e.x));
      case 'logic':
        return algebra[e.op](condition(e.x), condition(e.y));
      case 'not':
        return algebra.not(condition(e.x));
    }
  };
  return isBoolExpr(expr) ? condition(expr) : number(expr);
}

/** Rounds in float32 (correctly, so as JS's float64 rounded once on a single step). */
const ROUNDING = new Set<string>(['add', 'sub', 'mul', 'div', 'sqrt']);

/**
 * Whether float32 steps give the bits of the TypeScript kernel, which keeps float64 between
 * steps and rounds once on store. A value is 'f32' when both agree on it exactly, 'wide' when
 * only their rounding to float32 agrees (one rounding step: the store or an `fround` must
 * follow before anything else reads it), null when the op cannot run as WebAssembly.
 */
function faithful(expr: OpExpr): 'f32' | 'wide' | null {
  switch (expr.kind) {
    case 'operand':
      return 'f32';
    case 'const':
      return Math.fround(expr.value) === expr.value ? 'f32' : null;
    case 'unary': {
      const x = faithful(expr.x);
      if (SCALAR.unary[expr.op] === undefined || x === null) return null;
      if (expr.op === 'fround') return 'f32';
      // rounding commutes with a sign change
      if (expr.op === 'neg' || expr.op === 'abs') return x;
      if (x !== 'f32') return null;
      return ROUNDING.has(expr.op) ? 'wide' : 'f32';
    }
    case 'binary': {
      if (SCALAR.binary[expr.op] === undefined) return null;
      if (faithful(expr.x) !== 'f32' || faithful(expr.y) !== 'f32') return null;
      return ROUNDING.has(expr.op) ? 'wide' : 'f32';
    }
    case 'select': {
      const arms = [faithful(expr.ifTrue), faithful(expr.ifFalse)];
      if (faithful(expr.condition) === null || arms.includes(null)) return null;
      return arms.includes('wide') ? 'wide' : 'f32';
    }
    case 'compare':
      return faithful(expr.x) === 'f32' && faithful(expr.y) === 'f32' ? 'f32' : null;
    case 'isnan':
      return faithful(expr.x) === 'f32' ? 'f32' : null;
    case 'logic':
      return faithful(expr.x) !== null && faithful(expr.y) !== null ? 'f32' : null;
    case 'not':
      return faithful(expr.x);
  }
}

const RUNS_AS_WASM = new WeakMap<ElementwiseDecl, boolean>();

/** Whether the op has WebAssembly kernels (for float32 operands); asked once per op. */
export function runsAsWasm(decl: ElementwiseDecl): boolean {
  let runs = RUNS_AS_WASM.get(decl);
  if (runs === undefined) {
    runs = faithful(decl.expr) !== null;
    RUNS_AS_WASM.set(decl, runs);
  }
  return runs;
}

const outputLane = (decl: ElementwiseDecl): Lane => (decl.rule === 'bool' ? 'u8' : 'f32');

function unaryKernel(name: string, decl: UnaryDecl): ElementwiseKernel {
  const params = decl.params ?? 0;
  return {
    name,
    inputs: ['f32'],
    output: outputLane(decl),
    params,
    vector: ([a], [p0, p1]) => render(VECTOR, decl.expr, { a, p0, p1 }),
    scalar: ([a], [p0, p1]) => render(SCALAR, decl.expr, { a: a as F, p0, p1 }),
  };
}

/** a op b for two float32 tensors, and (`${op}_scalar`) for a tensor and a float32 scalar. */
function binaryKernels(name: string, decl: ElementwiseDecl): ElementwiseKernel[] {
  const output = outputLane(decl);
  return [
    {
      name,
      inputs: ['f32', 'f32'],
      output,
      params: 0,
      vector: ([a, b]) => render(VECTOR, decl.expr, { a, b }),
      scalar: ([a, b]) => render(SCALAR, decl.expr, { a: a as F, b: b as F }),
    },
    {
      name: `${name}_scalar`,
      inputs: ['f32'],
      output,
      params: 1,
      vector: ([a], [b]) => render(VECTOR, decl.expr, { a, b }),
      scalar: ([a], [b]) => render(SCALAR, decl.expr, { a: a as F, b }),
    },
  ];
}

const wasmOps = <D extends ElementwiseDecl>(table: Record<string, D>) =>
  Object.entries(table).filter(([, decl]) => runsAsWasm(decl));

export const ELEMENTWISE_KERNELS: ElementwiseKernel[] = [
  ...wasmOps<ElementwiseDecl>(BINARY_OPS).flatMap(([op, decl]) => binaryKernels(op, decl)),
  ...wasmOps<UnaryDecl>(UNARY_OPS).map(([op, decl]) => unaryKernel(op, decl)),
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
