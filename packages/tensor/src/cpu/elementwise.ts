import type { View } from '../backend';
import { type TypedArray, toInt32 } from '../dtype';
import {
  BINARY_OPS,
  type BinaryOp,
  type DefinedUnaryOp,
  type UnaryOp,
  unaryDecl,
} from '../ops/elementwise-table';
import { BLOCK, type JsProgram } from './js-program';
import { directKernel, jsProgram } from './render-js';
import type { CpuStorage } from './storage';
import { forEachRow } from './strided';

const data = (view: View) => (view.storage as CpuStorage).data;
/** Bool storage holds 0/1: any nonzero (NaN included) stores as 1, as PyTorch casts. */
const storesBool = (view: View) => view.storage.dtype === 'bool';
const identity = (value: number) => value;
/**
 * How an op reads an input element: int32 values that an op computes on in float32 become
 * float32 first, as in PyTorch (sin(2147483647) is sin(2147483648)).
 */
const loader = (view: View, rule: string, out: View) =>
  view.storage.dtype === 'int32' && (rule === 'float' || out.storage.dtype === 'float32')
    ? Math.fround
    : identity;

export function copy(input: View, out: View): void {
  const src = data(input);
  const dst = data(out);
  const toBool = storesBool(out) && !storesBool(input);
  // NaN, ±inf and floats out of int32's range become INT_MIN, as PyTorch's casts on x86 give.
  const toInt = out.storage.dtype === 'int32' && input.storage.dtype === 'float32';
  forEachRow(out.shape, [input, out], (n, [i, o], [si, so]) => {
    if (toBool) for (let k = 0; k < n; k++) dst[o + k * so] = src[i + k * si] !== 0 ? 1 : 0;
    else if (toInt) for (let k = 0; k < n; k++) dst[o + k * so] = toInt32(src[i + k * si]);
    else for (let k = 0; k < n; k++) dst[o + k * so] = src[i + k * si];
  });
}

export function fill(out: View, value: number): void {
  const dst = data(out);
  const stored = storesBool(out) ? (value !== 0 ? 1 : 0) : value;
  forEachRow(out.shape, [out], (n, [o], [so]) => {
    if (so === 1) dst.fill(stored, o, o + n);
    else for (let k = 0; k < n; k++) dst[o + k * so] = stored;
  });
}

export function unary(
  op: UnaryOp | DefinedUnaryOp,
  input: View,
  out: View,
  params: readonly number[] = [],
): void {
  const decl = unaryDecl(op);
  const load = loader(input, decl.rule, out);
  const [p0 = 0, p1 = 0] = params;
  const src = data(input);
  const dst = data(out);
  const toBool = storesBool(out);
  const fn = directKernel(decl, out.storage.dtype === 'int32');
  if (fn === null) {
    const program = jsProgram(decl, out.storage.dtype) as JsProgram;
    const [a] = program.operands;
    forEachRow(out.shape, [input, out], (n, [i, o], [si, so]) => {
      forEachBlock(n, (from, count) => {
        gather(a, src, i + from * si, si, count, load);
        store(dst, o + from * so, so, program.run(count, p0, p1), count, toBool);
      });
    });
    return;
  }
  forEachRow(out.shape, [input, out], (n, [i, o], [si, so]) => {
    if (toBool)
      for (let k = 0; k < n; k++) dst[o + k * so] = fn(load(src[i + k * si]), p0, p1) !== 0 ? 1 : 0;
    else for (let k = 0; k < n; k++) dst[o + k * so] = fn(load(src[i + k * si]), p0, p1);
  });
}

/** Calls `block(from, count)` over 0..n in blocks a program evaluates at once. */
function forEachBlock(n: number, block: (from: number, count: number) => void): void {
  for (let from = 0; from < n; from += BLOCK) block(from, Math.min(BLOCK, n - from));
}

/** Reads `count` elements from `start` by `stride` into a program's operand. */
function gather(
  values: Float64Array,
  src: TypedArray,
  start: number,
  stride: number,
  count: number,
  load: (value: number) => number,
): void {
  if (load === identity) for (let k = 0; k < count; k++) values[k] = src[start + k * stride];
  else for (let k = 0; k < count; k++) values[k] = load(src[start + k * stride]);
}

/** Stores a program's values with out's cast (bool: nonzero, NaN included, is 1). */
function store(
  dst: TypedArray,
  start: number,
  stride: number,
  values: Float64Array,
  count: number,
  toBool: boolean,
): void {
  if (toBool) for (let k = 0; k < count; k++) dst[start + k * stride] = values[k] !== 0 ? 1 : 0;
  else for (let k = 0; k < count; k++) dst[start + k * stride] = values[k];
}

export function binary(op: BinaryOp, a: View, b: View | number, out: View): void {
  const decl = BINARY_OPS[op];
  const loadA = loader(a, decl.rule, out);
  const srcA = data(a);
  const dst = data(out);
  const toBool = storesBool(out);
  const fn = directKernel(decl, out.storage.dtype === 'int32');
  if (fn === null) {
    const program = jsProgram(decl, out.storage.dtype) as JsProgram;
    const [va, vb] = program.operands;
    if (typeof b === 'number') {
      const scalar = decl.rule === 'float' ? Math.fround(b) : b;
      vb.fill(scalar);
      forEachRow(out.shape, [a, out], (n, [i, o], [si, so]) => {
        forEachBlock(n, (from, count) => {
          gather(va, srcA, i + from * si, si, count, loadA);
          store(dst, o + from * so, so, program.run(count, 0, 0), count, toBool);
        });
      });
      return;
    }
    const loadB = loader(b, decl.rule, out);
    const srcB = data(b);
    forEachRow(out.shape, [a, b, out], (n, [i, j, o], [si, sj, so]) => {
      forEachBlock(n, (from, count) => {
        gather(va, srcA, i + from * si, si, count, loadA);
        gather(vb, srcB, j + from * sj, sj, count, loadB);
        store(dst, o + from * so, so, program.run(count, 0, 0), count, toBool);
      });
    });
    return;
  }
  if (typeof b === 'number') {
    const scalar = decl.rule === 'float' ? Math.fround(b) : b;
    forEachRow(out.shape, [a, out], (n, [i, o], [si, so]) => {
      if (toBool)
        for (let k = 0; k < n; k++)
          dst[o + k * so] = fn(loadA(srcA[i + k * si]), scalar, 0) !== 0 ? 1 : 0;
      else for (let k = 0; k < n; k++) dst[o + k * so] = fn(loadA(srcA[i + k * si]), scalar, 0);
    });
    return;
  }
  const loadB = loader(b, decl.rule, out);
  const srcB = data(b);
  forEachRow(out.shape, [a, b, out], (n, [i, j, o], [si, sj, so]) => {
    if (toBool) {
      for (let k = 0; k < n; k++)
        dst[o + k * so] = fn(loadA(srcA[i + k * si]), loadB(srcB[j + k * sj]), 0) !== 0 ? 1 : 0;
    } else {
      for (let k = 0; k < n; k++)
        dst[o + k * so] = fn(loadA(srcA[i + k * si]), loadB(srcB[j + k * sj]), 0);
    }
  });
}

export function where(condition: View, a: View, b: View, out: View): void {
  const cond = data(condition);
  const srcA = data(a);
  const srcB = data(b);
  const dst = data(out);
  forEachRow(out.shape, [condition, a, b, out], (n, [c, i, j, o], [sc, si, sj, so]) => {
    for (let k = 0; k < n; k++) {
      dst[o + k * so] = cond[c + k * sc] !== 0 ? srcA[i + k * si] : srcB[j + k * sj];
    }
  });
}
