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
import { BINARY, BINARY_INT, binaryFor, COMPARE_01, SLOTS, UNARY } from './primitive-functions';

/**
 * A composite elementwise op as a program: each primitive a tight loop over a block of
 * elements in float64, so a composite op costs a few passes over a block in cache, not a
 * chain of calls per element. Parameters are folded in once per set of values.
 */

/** Elements a program evaluates at a time. */
export const BLOCK = 256;

type Values = Float64Array;
/** Evaluates a node over the first n elements of the block; returns its values (0/1 for conditions). */
type Node = (n: number) => Values;

const mapUnary =
  (f: (x: number) => number) =>
  (x: Values, out: Values, n: number): void => {
    for (let k = 0; k < n; k++) out[k] = f(x[k]);
  };

const mapBinary =
  (f: (x: number, y: number) => number) =>
  (x: Values, y: Values, out: Values, n: number): void => {
    for (let k = 0; k < n; k++) out[k] = f(x[k], y[k]);
  };

/** The cheap primitives as loops of their own, so nothing is called per element. */
const UNARY_LOOP: Partial<Record<UnaryPrimitive, (x: Values, out: Values, n: number) => void>> = {
  neg: (x, out, n) => {
    for (let k = 0; k < n; k++) out[k] = -x[k];
  },
  abs: (x, out, n) => {
    for (let k = 0; k < n; k++) out[k] = Math.abs(x[k]);
  },
  sqrt: (x, out, n) => {
    for (let k = 0; k < n; k++) out[k] = Math.sqrt(x[k]);
  },
  fround: (x, out, n) => {
    for (let k = 0; k < n; k++) out[k] = Math.fround(x[k]);
  },
  exp: (x, out, n) => {
    for (let k = 0; k < n; k++) out[k] = Math.exp(x[k]);
  },
};

const BINARY_LOOP: Partial<
  Record<BinaryPrimitive, (x: Values, y: Values, out: Values, n: number) => void>
> = {
  add: (x, y, out, n) => {
    for (let k = 0; k < n; k++) out[k] = x[k] + y[k];
  },
  sub: (x, y, out, n) => {
    for (let k = 0; k < n; k++) out[k] = x[k] - y[k];
  },
  mul: (x, y, out, n) => {
    for (let k = 0; k < n; k++) out[k] = x[k] * y[k];
  },
  div: (x, y, out, n) => {
    for (let k = 0; k < n; k++) out[k] = x[k] / y[k];
  },
};

const COMPARE_LOOP: Record<Comparison, (x: Values, y: Values, out: Values, n: number) => void> = {
  eq: (x, y, out, n) => {
    for (let k = 0; k < n; k++) out[k] = x[k] === y[k] ? 1 : 0;
  },
  ne: (x, y, out, n) => {
    for (let k = 0; k < n; k++) out[k] = x[k] !== y[k] ? 1 : 0;
  },
  lt: (x, y, out, n) => {
    for (let k = 0; k < n; k++) out[k] = x[k] < y[k] ? 1 : 0;
  },
  le: (x, y, out, n) => {
    for (let k = 0; k < n; k++) out[k] = x[k] <= y[k] ? 1 : 0;
  },
  gt: (x, y, out, n) => {
    for (let k = 0; k < n; k++) out[k] = x[k] > y[k] ? 1 : 0;
  },
  ge: (x, y, out, n) => {
    for (let k = 0; k < n; k++) out[k] = x[k] >= y[k] ? 1 : 0;
  },
};

/**
 * A composite op compiled once: fill `operands` (a and, for a binary op, b) for n elements,
 * then `run(n, p0, p1)` returns the op's values for them.
 */
export interface JsProgram {
  readonly operands: readonly [Values, Values];
  run(n: number, p0: number, p1: number): Values;
}

/** A condition folded to a constant, or still one to evaluate. */
type Folded = BoolExpr | boolean;

/**
 * The expression with the parameters substituted and everything that no longer depends on
 * an element computed: a parameter's test picks a select's arm once, not per element. JS
 * computes the constants as the kernel would, so the values are the same bits.
 */
function fold(decl: ElementwiseDecl, p0: number, p1: number, integer: boolean): NumExpr | Folded {
  const params: Partial<Record<Operand, number>> = decl.kind === 'unary' ? { p0, p1 } : {};
  const seen = new Map<Expr, NumExpr | Folded>();
  const constant = (value: number): NumExpr => ({ kind: 'const', value });
  // Each sub-expression is folded once, however often the expression shares it.
  const once =
    <E extends Expr, R extends NumExpr | Folded>(compute: (e: E) => R) =>
    (e: E): R => {
      const known = seen.get(e);
      if (known !== undefined) return known as R;
      const folded = compute(e);
      seen.set(e, folded);
      return folded;
    };
  const number = once((e: NumExpr) => foldNumber(e));
  const foldNumber = (e: NumExpr): NumExpr => {
    switch (e.kind) {
      case 'operand': {
        const value = params[e.name];
        return value === undefined ? e : constant(value);
      }
      case 'const':
        return e;
      case 'unary': {
        const x = number(e.x);
        return x.kind === 'const' ? constant(UNARY[e.op](x.value)) : { ...e, x };
      }
      case 'binary': {
        const [x, y] = [number(e.x), number(e.y)];
        if (x.kind === 'const' && y.kind === 'const')
          return constant(binaryFor(e.op, integer)(x.value, y.value));
        return { ...e, x, y };
      }
      case 'select': {
        const c = condition(e.condition);
        if (c === true) return number(e.ifTrue);
        if (c === false) return number(e.ifFalse);
        return { ...e, condition: c, ifTrue: number(e.ifTrue), ifFalse: number(e.ifFalse) };
      }
    }
  };
  const condition = once((e: BoolExpr) => foldCondition(e));
  const foldCondition = (e: BoolExpr): Folded => {
    switch (e.kind) {
      case 'compare': {
        const [x, y] = [number(e.x), number(e.y)];
        if (x.kind === 'const' && y.kind === 'const')
          return COMPARE_01[e.op](x.value, y.value, 0) === 1;
        return { ...e, x, y };
      }
      case 'isnan': {
        const x = number(e.x);
        return x.kind === 'const' ? Number.isNaN(x.value) : { ...e, x };
      }
      case 'logic': {
        const [x, y] = [condition(e.x), condition(e.y)];
        // and: false wins, true drops out; or: the other way round
        const absorbing = e.op === 'or';
        if (x === absorbing || y === absorbing) return absorbing;
        if (x === !absorbing) return y;
        if (y === !absorbing) return x;
        return { ...e, x, y } as BoolExpr;
      }
      case 'not': {
        const x = condition(e.x);
        return typeof x === 'boolean' ? !x : { ...e, x };
      }
    }
  };
  const expr: Expr = decl.expr;
  return isBoolExpr(expr) ? condition(expr) : number(expr);
}

/** select(x op y, ifTrue, ifFalse) in one loop, the commonest shape (relu, clamp, sign). */
const SELECT_COMPARE: Record<
  Comparison,
  (x: Values, y: Values, t: Values, f: Values, out: Values, n: number) => void
> = {
  eq: (x, y, t, f, out, n) => {
    for (let k = 0; k < n; k++) out[k] = x[k] === y[k] ? t[k] : f[k];
  },
  ne: (x, y, t, f, out, n) => {
    for (let k = 0; k < n; k++) out[k] = x[k] !== y[k] ? t[k] : f[k];
  },
  lt: (x, y, t, f, out, n) => {
    for (let k = 0; k < n; k++) out[k] = x[k] < y[k] ? t[k] : f[k];
  },
  le: (x, y, t, f, out, n) => {
    for (let k = 0; k < n; k++) out[k] = x[k] <= y[k] ? t[k] : f[k];
  },
  gt: (x, y, t, f, out, n) => {
    for (let k = 0; k < n; k++) out[k] = x[k] > y[k] ? t[k] : f[k];
  },
  ge: (x, y, t, f, out, n) => {
    for (let k = 0; k < n; k++) out[k] = x[k] >= y[k] ? t[k] : f[k];
  },
};

/** Parameter values as a cache key that tells −0 from +0. */
const paramKey = (p0: number, p1: number) =>
  `${Object.is(p0, -0) ? '-0' : p0},${Object.is(p1, -0) ? '-0' : p1}`;

export function compile(decl: ElementwiseDecl, integer: boolean): JsProgram {
  const slots = SLOTS[decl.kind];
  const operands: [Values, Values] = [new Float64Array(BLOCK), new Float64Array(BLOCK)];
  /** Counts runs, so a node read twice in one (clamp's lower bound) is computed once. */
  let generation = 0;
  const leaf =
    (values: Values): Node =>
    () =>
      values;
  const filled = (value: number) => leaf(new Float64Array(BLOCK).fill(value));

  const build = (root: NumExpr | Folded): Node => {
    const nodes = new Map<Expr, Node>();
    const memoized = (e: Expr, make: () => Node): Node => {
      let node = nodes.get(e);
      if (node === undefined) {
        const compute = make();
        let computedAt = -1;
        let values: Values;
        node = (n) => {
          if (computedAt !== generation) {
            values = compute(n);
            computedAt = generation;
          }
          return values;
        };
        nodes.set(e, node);
      }
      return node;
    };
    const number = (e: NumExpr): Node => {
      if (e.kind === 'operand') return leaf(operands[slots[e.name] as number]);
      if (e.kind === 'const') return filled(e.value);
      return memoized(e, () => numberNode(e));
    };
    const numberNode = (e: NumExpr): Node => {
      const out = new Float64Array(BLOCK);
      switch (e.kind) {
        case 'unary': {
          const loop = UNARY_LOOP[e.op] ?? mapUnary(UNARY[e.op]);
          const x = number(e.x);
          return (n) => {
            loop(x(n), out, n);
            return out;
          };
        }
        case 'binary': {
          const intOp = integer ? BINARY_INT[e.op] : undefined;
          const loop =
            (intOp === Math.imul && imulLoop) ||
            (intOp && mapBinary(intOp)) ||
            BINARY_LOOP[e.op] ||
            mapBinary(BINARY[e.op]);
          const withConstant = integer ? undefined : CONSTANT_LOOP[e.op];
          if (withConstant !== undefined && (e.x.kind === 'const' || e.y.kind === 'const')) {
            // one operand constant (sigmoid's 1 + ..., 1 / ...): no array of it to read
            const [c, other, constantFirst] =
              e.y.kind === 'const'
                ? [e.y.value, number(e.x), false]
                : [(e.x as { value: number }).value, number(e.y), true];
            return (n) => {
              withConstant(other(n), c, constantFirst, out, n);
              return out;
            };
          }
          const [x, y] = [number(e.x), number(e.y)];
          return (n) => {
            loop(x(n), y(n), out, n);
            return out;
          };
        }
        case 'select': {
          const [t, f] = [number(e.ifTrue), number(e.ifFalse)];
          const test = e.condition;
          if (test.kind === 'compare') {
            const loop = SELECT_COMPARE[test.op];
            const [x, y] = [number(test.x), number(test.y)];
            return (n) => {
              loop(x(n), y(n), t(n), f(n), out, n);
              return out;
            };
          }
          const c = condition(test);
          return (n) => {
            const [mask, ifTrue, ifFalse] = [c(n), t(n), f(n)];
            for (let k = 0; k < n; k++) out[k] = mask[k] !== 0 ? ifTrue[k] : ifFalse[k];
            return out;
          };
        }
        default:
          throw new Error(`render-js: ${e.kind} is a leaf`);
      }
    };
    const condition = (e: BoolExpr): Node => memoized(e, () => conditionNode(e));
    const conditionNode = (e: BoolExpr): Node => {
      const out = new Float64Array(BLOCK);
      switch (e.kind) {
        case 'compare': {
          const loop = COMPARE_LOOP[e.op];
          const [x, y] = [number(e.x), number(e.y)];
          return (n) => {
            loop(x(n), y(n), out, n);
            return out;
          };
        }
        case 'isnan': {
          const x = number(e.x);
          return (n) => {
            const values = x(n);
            for (let k = 0; k < n; k++) out[k] = Number.isNaN(values[k]) ? 1 : 0;
            return out;
          };
        }
        case 'logic': {
          const [x, y] = [condition(e.x), condition(e.y)];
          const and = e.op === 'and';
          return (n) => {
            const [xs, ys] = [x(n), y(n)];
            if (and) for (let k = 0; k < n; k++) out[k] = xs[k] & ys[k];
            else for (let k = 0; k < n; k++) out[k] = xs[k] | ys[k];
            return out;
          };
        }
        case 'not': {
          const x = condition(e.x);
          return (n) => {
            const values = x(n);
            for (let k = 0; k < n; k++) out[k] = 1 - values[k];
            return out;
          };
        }
      }
    };
    if (typeof root === 'boolean') return filled(root ? 1 : 0);
    return isBoolExpr(root) ? condition(root) : number(root);
  };

  const roots = new Map<string, Node>();
  return {
    operands,
    run(n, p0, p1) {
      const key = decl.kind === 'unary' ? paramKey(p0, p1) : '';
      let root = roots.get(key);
      if (root === undefined) {
        // a few parameter sets in use at once (a model's slopes and bounds)
        if (roots.size >= 16) roots.clear();
        root = build(fold(decl, p0, p1, integer));
        roots.set(key, root);
      }
      generation++;
      return root(n);
    },
  };
}

/** x op c, or c op x where `constantFirst`. */
const CONSTANT_LOOP: Partial<
  Record<
    BinaryPrimitive,
    (x: Values, c: number, constantFirst: boolean, out: Values, n: number) => void
  >
> = {
  add: (x, c, _, out, n) => {
    for (let k = 0; k < n; k++) out[k] = x[k] + c;
  },
  mul: (x, c, _, out, n) => {
    for (let k = 0; k < n; k++) out[k] = x[k] * c;
  },
  sub: (x, c, constantFirst, out, n) => {
    if (constantFirst) for (let k = 0; k < n; k++) out[k] = c - x[k];
    else for (let k = 0; k < n; k++) out[k] = x[k] - c;
  },
  div: (x, c, constantFirst, out, n) => {
    if (constantFirst) for (let k = 0; k < n; k++) out[k] = c / x[k];
    else for (let k = 0; k < n; k++) out[k] = x[k] / c;
  },
};

const imulLoop = (x: Values, y: Values, out: Values, n: number): void => {
  for (let k = 0; k < n; k++) out[k] = Math.imul(x[k], y[k]);
};
