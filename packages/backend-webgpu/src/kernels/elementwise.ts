import {
  BINARY_OPS,
  type BinaryOp,
  type DefinedUnaryOp,
  type DType,
  promoteTypes,
  type UnaryOp,
  unaryDecl,
  type View,
} from '@x/tensor';
import { numel } from '@x/tensor/backend';
import { coalesceOperands } from '../layout';
import type { Runtime } from '../runtime';
import type { WebGPUStorage } from '../storage';
import {
  computeType,
  declareBindings,
  grid,
  LINEAR_ENTRY,
  loadAs,
  offsetsCode,
  planBindings,
  scalarBits,
  storageType,
  storeAs,
  stridedMeta,
  WORKGROUP_SIZE,
} from './codegen';
import { type ComputeType, prelude } from './prelude';
import { needsFloat, renderWgsl } from './render-wgsl';

/** Metadata header: element count, rank (unused when contiguous), then up to four scalars. */
const HEADER = 6;
/**
 * Consecutive elements (or vec4s) each thread of the contiguous kernel handles. A fixed trip
 * count that the compiler unrolls beat a grid-stride loop by a fifth on lavapipe.
 */
const PER_THREAD = 4;

interface Input {
  readonly view: View;
  readonly name: string;
  /** The type the kernel reads it as; 'bool' for a condition. */
  readonly as: ComputeType | 'bool';
}

/**
 * Every elementwise kernel is this one generator: read the inputs at their strided offsets,
 * evaluate `expr` (a WGSL expression of type `result` over the inputs and scalars, all in
 * compute type `type`), store into `out` with PyTorch's cast.
 */
interface Elementwise {
  /** Names the expression in the pipeline key: same name, same expr. */
  readonly name: string;
  readonly type: ComputeType;
  readonly inputs: readonly Input[];
  readonly out: View;
  readonly expr: string;
  readonly result: ComputeType | 'bool';
  /** Values of compute type `type` the expression reads by name. */
  readonly scalars?: readonly { name: string; value: number }[];
}

const storageOf = (view: View) => view.storage as WebGPUStorage;

function loadBool(element: string, dtype: DType): string {
  if (dtype === 'float32') return `nonzero_f32(${element})`;
  return `${element} != 0${dtype === 'bool' ? 'u' : ''}`;
}

function elementwise(runtime: Runtime, spec: Elementwise): void {
  const n = numel(spec.out.shape);
  if (n === 0) return;
  const views = [...spec.inputs.map((input) => input.view), spec.out];
  const layout = coalesceOperands(spec.out.shape, views);
  const plan = planBindings(
    views.map((view, k) => ({ storage: storageOf(view), write: k === views.length - 1 })),
  );
  const scalars = spec.scalars ?? [];
  const out = spec.out.storage.dtype;
  // Every operand contiguous (the common case): no per-element index arithmetic, and each
  // thread does several elements, since on lavapipe each invocation has a fixed cost.
  const contiguous =
    layout.shape.length === 1 && layout.operands.every((op) => op.strides[0] === 1);
  // ...and four at a time when every operand starts on a vec4: one 16-byte load or store per
  // operand, with the expression evaluated per lane, so the results are the scalar kernel's.
  const lanes =
    contiguous && n % 4 === 0 && layout.operands.every((op) => op.offset % 4 === 0) ? 4 : 1;
  /** Loads every input from `element(j)`, evaluates the expression, stores it with `store`. */
  const evaluate = (element: (j: number) => string, store: (value: string) => string) => {
    const loads = spec.inputs.map((input, j) => {
      const dtype = input.view.storage.dtype;
      const value =
        input.as === 'bool' ? loadBool(element(j), dtype) : loadAs(element(j), dtype, input.as);
      return `let ${input.name} = ${value};`;
    });
    return `{
      ${loads.join('\n      ')}
      let r = ${spec.expr};
      ${store(storeAs('r', spec.result, out))};
    }`;
  };
  const body = (k: number) => {
    if (lanes === 1)
      return evaluate(
        (j) => `b${plan.slots[j]}[o${j}]`,
        (v) => `b${plan.slots[k]}[o${k}] = ${v}`,
      );
    const loads = spec.inputs.map((_, j) => `let v${j} = b${plan.slots[j]}[o${j}];`);
    const each = ['x', 'y', 'z', 'w'].map((c) =>
      evaluate(
        (j) => `v${j}.${c}`,
        (v) => `w.${c} = ${v}`,
      ),
    );
    return `${loads.join('\n    ')}
    var w: vec4<${storageType(out)}>;
    ${each.join('\n    ')}
    b${plan.slots[k]}[o${k}] = w;`;
  };
  const code = () => {
    const lets = scalars.map((s, j) => `let ${s.name} = bitcast<${spec.type}>(info[${2 + j}u]);`);
    const k = views.length - 1;
    if (contiguous) {
      const offsets = views.map((_, j) => `let o${j} = info[${HEADER + j}u] + e;`);
      return `${prelude(spec.type)}
${declareBindings(plan.specs, lanes)}
${LINEAR_ENTRY}
  ${lets.join('\n  ')}
  let n = info[0];
  for (var u = 0u; u < ${PER_THREAD}u; u++) {
    let e = i * ${PER_THREAD}u + u;
    if (e >= n) { break; }
    ${offsets.join('\n    ')}
    ${body(k)}
  }
}`;
    }
    return `${prelude(spec.type)}
${declareBindings(plan.specs)}
${LINEAR_ENTRY}
  if (i >= info[0]) { return; }
  let nd = info[1];
  ${offsetsCode(views.length, HEADER)}
  ${lets.join('\n  ')}
  ${body(k)}
}`;
  };
  const groups = contiguous
    ? Math.ceil(n / (WORKGROUP_SIZE * PER_THREAD * lanes))
    : Math.ceil(n / WORKGROUP_SIZE);
  const workgroups = grid(groups);
  const words = contiguous
    ? [n / lanes, 0, 0, 0, 0, 0, ...layout.operands.map((op) => op.offset / lanes)]
    : [n, layout.shape.length, 0, 0, 0, 0, ...stridedMeta(layout.shape, layout.operands)];
  scalars.forEach((s, j) => {
    words[2 + j] = scalarBits(s.value, spec.type);
  });
  runtime.dispatch({
    key: `ew|${contiguous ? `c${lanes}` : 's'}|${spec.name}|${spec.type}|${plan.key}`,
    code,
    buffers: plan.buffers,
    meta: words,
    workgroups,
  });
}

export function unary(
  runtime: Runtime,
  op: UnaryOp | DefinedUnaryOp,
  input: View,
  out: View,
  params: readonly number[],
): void {
  const decl = unaryDecl(op);
  // Fractional bounds (clamp(intTensor, 0.5)) act as the CPU's float64 math does only in f32.
  const fractional = params.some((p) => Number.isFinite(p) && !Number.isInteger(p));
  const type: ComputeType =
    decl.rule === 'float' || fractional || needsFloat(decl)
      ? 'f32'
      : computeType(input.storage.dtype);
  // In i32, a missing clamp bound (±inf) is the end of the range: large ints stay exact.
  const scalarParams =
    type === 'i32' ? params.map((p) => Math.min(Math.max(p, -(2 ** 31)), 2 ** 31 - 1)) : params;
  elementwise(runtime, {
    name: `unary:${op}`,
    type,
    inputs: [{ view: input, name: 'a', as: type }],
    out,
    expr: renderWgsl(decl, type),
    result: decl.rule === 'bool' ? 'bool' : type,
    scalars: [
      { name: 'p0', value: scalarParams[0] ?? 0 },
      { name: 'p1', value: scalarParams[1] ?? 0 },
    ],
  });
}

export function binary(runtime: Runtime, op: BinaryOp, a: View, b: View | number, out: View): void {
  const decl = BINARY_OPS[op];
  const bType: DType =
    typeof b === 'number' ? (Number.isInteger(b) ? 'int32' : 'float32') : b.storage.dtype;
  const type: ComputeType =
    decl.rule === 'float' || needsFloat(decl)
      ? 'f32'
      : computeType(promoteTypes(a.storage.dtype, bType));
  const expr = renderWgsl(decl, type);
  const result = decl.rule === 'bool' ? 'bool' : type;
  if (typeof b === 'number') {
    elementwise(runtime, {
      name: `binary-scalar:${op}`,
      type,
      inputs: [{ view: a, name: 'a', as: type }],
      out,
      expr,
      result,
      scalars: [{ name: 'b', value: b }],
    });
    return;
  }
  elementwise(runtime, {
    name: `binary:${op}`,
    type,
    inputs: [
      { view: a, name: 'a', as: type },
      { view: b, name: 'b', as: type },
    ],
    out,
    expr,
    result,
  });
}

/** Copies with a cast: each value is read in its own compute type and stored as out's dtype. */
export function copy(runtime: Runtime, input: View, out: View): void {
  const type = computeType(input.storage.dtype);
  elementwise(runtime, {
    name: 'copy',
    type,
    inputs: [{ view: input, name: 'a', as: type }],
    out,
    expr: 'a',
    result: type,
  });
}

export function fill(runtime: Runtime, out: View, value: number): void {
  const dtype = out.storage.dtype;
  const stored =
    dtype === 'bool' ? (value !== 0 ? 1 : 0) : dtype === 'int32' ? Math.trunc(value) | 0 : value;
  const type = computeType(dtype);
  elementwise(runtime, {
    name: 'fill',
    type,
    inputs: [],
    out,
    expr: 'v',
    result: type,
    scalars: [{ name: 'v', value: stored }],
  });
}

export function where(runtime: Runtime, condition: View, a: View, b: View, out: View): void {
  const type = computeType(out.storage.dtype);
  elementwise(runtime, {
    name: 'where',
    type,
    inputs: [
      { view: condition, name: 'c', as: 'bool' },
      { view: a, name: 'a', as: type },
      { view: b, name: 'b', as: type },
    ],
    out,
    expr: 'select(b, a, c)',
    result: type,
  });
}
