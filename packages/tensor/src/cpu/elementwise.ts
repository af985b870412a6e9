import type { View } from '../backend';
import { toInt32 } from '../dtype';
import {
  BINARY_OPS,
  type BinaryOp,
  type DefinedUnaryOp,
  type UnaryOp,
  unaryDecl,
} from '../ops/elementwise-table';
import { binaryWasm, copyWasm, unaryWasm, whereWasm } from '../wasm/ops/elementwise';
import { jsKernel } from './render-js';
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
  if (copyWasm(input, out)) return;
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
  if (unaryWasm(op, input, out, params)) return;
  const decl = unaryDecl(op);
  const fn = jsKernel(decl, out.storage.dtype);
  const load = loader(input, decl.rule, out);
  const [p0 = 0, p1 = 0] = params;
  const src = data(input);
  const dst = data(out);
  const toBool = storesBool(out);
  forEachRow(out.shape, [input, out], (n, [i, o], [si, so]) => {
    if (toBool)
      for (let k = 0; k < n; k++) dst[o + k * so] = fn(load(src[i + k * si]), p0, p1) !== 0 ? 1 : 0;
    else for (let k = 0; k < n; k++) dst[o + k * so] = fn(load(src[i + k * si]), p0, p1);
  });
}

export function binary(op: BinaryOp, a: View, b: View | number, out: View): void {
  if (binaryWasm(op, a, b, out)) return;
  const decl = BINARY_OPS[op];
  const fn = jsKernel(decl, out.storage.dtype);
  const loadA = loader(a, decl.rule, out);
  const srcA = data(a);
  const dst = data(out);
  const toBool = storesBool(out);
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
  if (whereWasm(condition, a, b, out)) return;
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
