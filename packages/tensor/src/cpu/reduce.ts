import type { View } from '../backend';
import type { ReduceOp } from '../ops/elementwise-table';
import type { CpuStorage } from './storage';
import { elementOffsets } from './strided';

/**
 * Reductions: the kept dims index the output, the reduced dims are walked for each output
 * element through one precomputed table of relative offsets. Sums accumulate in float64: in
 * order, or, when the reduced elements are contiguous, in the eight partial sums of the
 * WebAssembly row kernel (wasm/kernels/reduce.ts), so both give the same bits.
 */
export function reduce(op: ReduceOp, input: View, axes: readonly number[], out: View): void {
  const src = (input.storage as CpuStorage).data;
  const dst = (out.storage as CpuStorage).data;
  const keptShape: number[] = [];
  const keptStrides: number[] = [];
  const redShape: number[] = [];
  const redStrides: number[] = [];
  input.shape.forEach((size, d) => {
    if (axes.includes(d)) {
      redShape.push(size);
      redStrides.push(input.strides[d]);
    } else {
      keptShape.push(size);
      keptStrides.push(input.strides[d]);
    }
  });
  const bases = elementOffsets(keptShape, keptStrides, input.offset);
  const inner = elementOffsets(redShape, redStrides, 0);
  const outOffsets = elementOffsets(out.shape, out.strides, out.offset);
  const contiguous = inner.every((offset, k) => offset === k);
  const kernel =
    op === 'sum' && contiguous
      ? sumInLanes
      : op === 'prod' && out.storage.dtype === 'int32'
        ? prodInt
        : REDUCE_KERNELS[op];
  for (let i = 0; i < bases.length; i++) dst[outOffsets[i]] = kernel(src, bases[i], inner);
}

/** A contiguous sum as sum_rows adds it: element k into partial k mod 8, paired, then the tail. */
function sumInLanes(src: ArrayLike<number>, base: number, inner: Int32Array): number {
  const s = [0, 0, 0, 0, 0, 0, 0, 0];
  const end = inner.length & ~7;
  for (let k = 0; k < end; k += 8) {
    for (let lane = 0; lane < 8; lane++) s[lane] += src[base + k + lane];
  }
  let total = s[0] + s[2] + (s[4] + s[6]) + (s[1] + s[3] + (s[5] + s[7]));
  for (let k = end; k < inner.length; k++) total += src[base + k];
  return total;
}

/** An integer product wrapping as two's complement, as PyTorch's (int64, then cast) ends. */
function prodInt(src: ArrayLike<number>, base: number, inner: Int32Array): number {
  let acc = 1;
  for (let k = 0; k < inner.length; k++) acc = Math.imul(acc, src[base + inner[k]]);
  return acc;
}

type Kernel = (src: ArrayLike<number>, base: number, inner: Int32Array) => number;

/** The TypeScript kernel of each reduction (WebAssembly ones take over where they apply). */
export const REDUCE_KERNELS: Record<ReduceOp, Kernel> = {
  sum(src, base, inner) {
    let acc = 0;
    for (let k = 0; k < inner.length; k++) acc += src[base + inner[k]];
    return acc;
  },
  prod(src, base, inner) {
    let acc = 1;
    for (let k = 0; k < inner.length; k++) acc *= src[base + inner[k]];
    return acc;
  },
  max: (src, base, inner) => extreme(src, base, inner, 1, false),
  min: (src, base, inner) => extreme(src, base, inner, -1, false),
  argmax: (src, base, inner) => extreme(src, base, inner, 1, true),
  argmin: (src, base, inner) => extreme(src, base, inner, -1, true),
};

/** The first extreme element; NaN counts as the extreme, as in PyTorch. */
function extreme(
  src: ArrayLike<number>,
  base: number,
  inner: Int32Array,
  sign: 1 | -1,
  wantIndex: boolean,
): number {
  let best = src[base + inner[0]];
  let bestIndex = 0;
  for (let k = 1; k < inner.length && !Number.isNaN(best); k++) {
    const value = src[base + inner[k]];
    if (Number.isNaN(value) || (value - best) * sign > 0) {
      best = value;
      bestIndex = k;
    }
  }
  return wantIndex ? bestIndex : best;
}
