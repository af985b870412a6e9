/**
 * Strided iteration for the CPU kernels. Dims that are contiguous with each other in every
 * operand are merged first, so a contiguous tensor of any rank runs as one flat loop.
 */

import { coalesce, type Strided } from '../layout';

/**
 * Calls `row(length, starts, innerStrides)` once per innermost row, where `starts[k]` is
 * operand k's element offset at the row's first element. Kernels loop over the row.
 */
export function forEachRow(
  shape: readonly number[],
  operands: readonly Strided[],
  row: (length: number, starts: number[], strides: number[]) => void,
): void {
  for (const size of shape) if (size === 0) return;
  const { shape: dims, strides } = coalesce(shape, operands);
  const ndim = dims.length;
  const inner = strides.map((s) => s[ndim - 1]);
  const starts = operands.map((op) => op.offset);
  const counter = new Array<number>(ndim - 1).fill(0);
  const length = dims[ndim - 1];
  for (;;) {
    row(length, starts.slice(), inner);
    let d = ndim - 2;
    for (; d >= 0; d--) {
      counter[d]++;
      for (let k = 0; k < starts.length; k++) starts[k] += strides[k][d];
      if (counter[d] < dims[d]) break;
      for (let k = 0; k < starts.length; k++) starts[k] -= strides[k][d] * dims[d];
      counter[d] = 0;
    }
    if (d < 0) return;
  }
}

/** Element offsets of every element of (shape, strides), in row-major order. */
export function elementOffsets(
  shape: readonly number[],
  strides: readonly number[],
  offset: number,
): Int32Array {
  let total = 1;
  for (const s of shape) total *= s;
  const out = new Int32Array(total);
  let i = 0;
  forEachRow(shape, [{ strides, offset }], (length, [start], [stride]) => {
    for (let j = 0; j < length; j++) out[i++] = start + j * stride;
  });
  return out;
}
