import type { View } from '../backend';
import { BINARY_OPS, type BinaryOp, UNARY_OPS, type UnaryOp } from '../ops/elementwise-table';
import { binaryWasm, copyWasm, unaryWasm, whereWasm } from '../wasm/ops/elementwise';
import type { CpuStorage } from './storage';
import { forEachRow } from './strided';

const data = (view: View) => (view.storage as CpuStorage).data;
/** Bool storage holds 0/1: any nonzero (NaN included) stores as 1, as PyTorch casts. */
const storesBool = (view: View) => view.storage.dtype === 'bool';

export function copy(input: View, out: View): void {
  if (copyWasm(input, out)) return;
  const src = data(input);
  const dst = data(out);
  const toBool = storesBool(out) && !storesBool(input);
  forEachRow(out.shape, [input, out], (n, [i, o], [si, so]) => {
    if (toBool) for (let k = 0; k < n; k++) dst[o + k * so] = src[i + k * si] !== 0 ? 1 : 0;
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

export function unary(op: UnaryOp, input: View, out: View, params: readonly number[] = []): void {
  if (unaryWasm(op, input, out, params)) return;
  const fn = UNARY_OPS[op].js as (a: number, p0: number, p1: number) => number;
  const [p0 = 0, p1 = 0] = params;
  const src = data(input);
  const dst = data(out);
  const toBool = storesBool(out);
  forEachRow(out.shape, [input, out], (n, [i, o], [si, so]) => {
    if (toBool)
      for (let k = 0; k < n; k++) dst[o + k * so] = fn(src[i + k * si], p0, p1) !== 0 ? 1 : 0;
    else for (let k = 0; k < n; k++) dst[o + k * so] = fn(src[i + k * si], p0, p1);
  });
}

export function binary(op: BinaryOp, a: View, b: View | number, out: View): void {
  if (binaryWasm(op, a, b, out)) return;
  const fn = BINARY_OPS[op].js as (a: number, b: number) => number;
  const srcA = data(a);
  const dst = data(out);
  const toBool = storesBool(out);
  if (typeof b === 'number') {
    forEachRow(out.shape, [a, out], (n, [i, o], [si, so]) => {
      if (toBool)
        for (let k = 0; k < n; k++) dst[o + k * so] = fn(srcA[i + k * si], b) !== 0 ? 1 : 0;
      else for (let k = 0; k < n; k++) dst[o + k * so] = fn(srcA[i + k * si], b);
    });
    return;
  }
  const srcB = data(b);
  forEachRow(out.shape, [a, b, out], (n, [i, j, o], [si, sj, so]) => {
    if (toBool) {
      for (let k = 0; k < n; k++)
        dst[o + k * so] = fn(srcA[i + k * si], srcB[j + k * sj]) !== 0 ? 1 : 0;
    } else {
      for (let k = 0; k < n; k++) dst[o + k * so] = fn(srcA[i + k * si], srcB[j + k * sj]);
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
