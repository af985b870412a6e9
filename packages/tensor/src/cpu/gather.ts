import type { View } from '../backend';
import type { CpuStorage } from './storage';
import { elementOffsets } from './strided';

/** Offsets of `view`'s elements with dimension `dim` pinned at 0, plus that dim's stride. */
function pinned(view: View, shape: readonly number[], dim: number) {
  const strides = view.strides.map((s, d) => (d === dim ? 0 : s));
  return elementOffsets(shape, strides, view.offset);
}

export function gather(input: View, dim: number, index: View, out: View): void {
  const src = (input.storage as CpuStorage).data;
  const idx = (index.storage as CpuStorage).data;
  const dst = (out.storage as CpuStorage).data;
  const base = pinned(input, out.shape, dim);
  const idxOffsets = elementOffsets(index.shape, index.strides, index.offset);
  const outOffsets = elementOffsets(out.shape, out.strides, out.offset);
  const stride = input.strides[dim];
  for (let i = 0; i < outOffsets.length; i++) {
    dst[outOffsets[i]] = src[base[i] + idx[idxOffsets[i]] * stride];
  }
}

export function scatterAdd(out: View, dim: number, index: View, src: View): void {
  const dst = (out.storage as CpuStorage).data;
  const idx = (index.storage as CpuStorage).data;
  const values = (src.storage as CpuStorage).data;
  const base = pinned(out, src.shape, dim);
  const idxOffsets = elementOffsets(index.shape, index.strides, index.offset);
  const srcOffsets = elementOffsets(src.shape, src.strides, src.offset);
  const stride = out.strides[dim];
  // A bool storage holds 0/1: true + true is true, as in PyTorch.
  const toBool = out.storage.dtype === 'bool';
  for (let i = 0; i < srcOffsets.length; i++) {
    const at = base[i] + idx[idxOffsets[i]] * stride;
    const sum = dst[at] + values[srcOffsets[i]];
    dst[at] = toBool ? (sum !== 0 ? 1 : 0) : sum;
  }
}
