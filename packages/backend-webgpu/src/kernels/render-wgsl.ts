import { type ElementwiseDecl, primitives } from '@x/tensor';
import type { ComputeType } from './prelude';

const { primitivesOf } = primitives;

type Expr = primitives.Expr;
type NumExpr = primitives.NumExpr;
type BoolExpr = primitives.BoolExpr;

/**
 * WGSL for @x/tensor's elementwise primitives. An expression is rendered for the shader's
 * compute type T (f32, or i32 for integer and bool inputs of ops that keep the dtype) over
 * the variables `a`, `b`, `p0`, `p1`; a number-valued one yields T, a condition a WGSL bool.
 * The T-generic helpers (`maximum_`, `pow_`, `floor_`, `is_nan`, ...) come from prelude.ts,
 * which also handles the special values WGSL's builtins leave undefined.
 */

const UNARY: Record<primitives.UnaryPrimitive, (x: string) => string> = {
  neg: (x) => `(-${x})`,
  abs: (x) => `abs(${x})`,
  floor: (x) => `floor_(${x})`,
  ceil: (x) => `ceil_(${x})`,
  trunc: (x) => `trunc_(${x})`,
  round: (x) => `round_(${x})`,
  sqrt: (x) => `sqrt(${x})`,
  // Every f32 operation already rounds to float32.
  fround: (x) => x,
  exp: (x) => `exp(${x})`,
  expm1: (x) => `expm1_(${x})`,
  log: (x) => `log(${x})`,
  log1p: (x) => `log1p_(${x})`,
  sin: (x) => `sin(${x})`,
  cos: (x) => `cos(${x})`,
  tan: (x) => `tan(${x})`,
  tanh: (x) => `tanh(${x})`,
  erf: (x) => `erf_(${x})`,
};

const BINARY: Record<primitives.BinaryPrimitive, (x: string, y: string) => string> = {
  add: (x, y) => `(${x} + ${y})`,
  sub: (x, y) => `(${x} - ${y})`,
  mul: (x, y) => `(${x} * ${y})`,
  div: (x, y) => `(${x} / ${y})`,
  max: (x, y) => `maximum_(${x}, ${y})`,
  min: (x, y) => `minimum_(${x}, ${y})`,
  pow: (x, y) => `pow_(${x}, ${y})`,
  atan2: (x, y) => `atan2_(${x}, ${y})`,
};

const COMPARE: Record<primitives.Comparison, string> = {
  eq: '==',
  ne: '!=',
  lt: '<',
  le: '<=',
  gt: '>',
  ge: '>=',
};

/** Primitives that only exist in f32 (an i32 division would truncate). */
const FLOAT_ONLY = new Set<primitives.UnaryPrimitive | primitives.BinaryPrimitive>([
  'div',
  'sqrt',
  'exp',
  'expm1',
  'log',
  'log1p',
  'sin',
  'cos',
  'tan',
  'tanh',
  'erf',
  'atan2',
]);

const NEEDS_FLOAT = new WeakMap<ElementwiseDecl, boolean>();

/** Whether the op must be computed in f32 whatever its inputs; worked out once per op. */
export function needsFloat(decl: ElementwiseDecl): boolean {
  let needs = NEEDS_FLOAT.get(decl);
  if (needs === undefined) {
    needs = [...primitivesOf(decl.expr)].some((primitive) => FLOAT_ONLY.has(primitive));
    NEEDS_FLOAT.set(decl, needs);
  }
  return needs;
}

/** A constant of type T: NaN and infinities cannot be WGSL literals. */
function constant(value: number, type: ComputeType): string {
  if (!Number.isFinite(value) || (type === 'i32' && !Number.isInteger(value))) {
    throw new Error(`WGSL: no ${type} literal for ${value}`);
  }
  return `${type}(${Object.is(value, -0) ? '-0.0' : value})`;
}

const CACHE = new WeakMap<ElementwiseDecl, Partial<Record<ComputeType, string>>>();

/** The op's WGSL expression for compute type `type`, rendered once. */
export function renderWgsl(decl: ElementwiseDecl, type: ComputeType): string {
  let rendered = CACHE.get(decl);
  if (rendered === undefined) {
    rendered = {};
    CACHE.set(decl, rendered);
  }
  rendered[type] ??= render(decl, type);
  return rendered[type];
}

function render(decl: ElementwiseDecl, type: ComputeType): string {
  const number = (e: NumExpr): string => {
    switch (e.kind) {
      case 'operand':
        return e.name;
      case 'const':
        return constant(e.value, type);
      case 'unary':
        return UNARY[e.op](number(e.x));
      case 'binary':
        return BINARY[e.op](number(e.x), number(e.y));
      case 'select':
        return `select(${number(e.ifFalse)}, ${number(e.ifTrue)}, ${condition(e.condition)})`;
    }
  };
  const condition = (e: BoolExpr): string => {
    switch (e.kind) {
      case 'compare':
        // NaN != NaN is written !(==): compilers may fold x != x to false.
        return e.op === 'ne'
          ? `!(${number(e.x)} == ${number(e.y)})`
          : `(${number(e.x)} ${COMPARE[e.op]} ${number(e.y)})`;
      case 'isnan':
        return `is_nan(${number(e.x)})`;
      case 'logic':
        return `(${condition(e.x)} ${e.op === 'and' ? '&&' : '||'} ${condition(e.y)})`;
      case 'not':
        return `!(${condition(e.x)})`;
    }
  };
  const expr: Expr = decl.expr;
  return decl.rule === 'bool' ? condition(expr as BoolExpr) : number(expr as NumExpr);
}
