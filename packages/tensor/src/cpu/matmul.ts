import type { View } from '../backend';
import type { CpuStorage } from './storage';
import { elementOffsets } from './strided';

/**
 * Batched matmul over arbitrary strides (so transposed operands need no copy): an i-k-j
 * loop over one output row. Each element is accumulated in float32 in k order,
 * `c = f32(c + f32(a * b))`, exactly what the WebAssembly kernel computes, so both give
 * the same bits (and like PyTorch's, 0 · inf is NaN: no term is skipped).
 */
export function matmul(a: View, b: View, out: View): void {
  const nd = out.shape.length;
  const [M, N] = [out.shape[nd - 2], out.shape[nd - 1]];
  const K = a.shape[nd - 1];
  const batch = out.shape.slice(0, nd - 2);
  const aBase = elementOffsets(batch, a.strides.slice(0, nd - 2), a.offset);
  const bBase = elementOffsets(batch, b.strides.slice(0, nd - 2), b.offset);
  const oBase = elementOffsets(batch, out.strides.slice(0, nd - 2), out.offset);
  const [sam, sak] = [a.strides[nd - 2], a.strides[nd - 1]];
  const [sbk, sbn] = [b.strides[nd - 2], b.strides[nd - 1]];
  const [som, son] = [out.strides[nd - 2], out.strides[nd - 1]];
  const A = (a.storage as CpuStorage).data;
  const B = (b.storage as CpuStorage).data;
  const O = (out.storage as CpuStorage).data;
  const row = new Float32Array(N);
  const f32 = Math.fround;
  for (let t = 0; t < oBase.length; t++) {
    for (let i = 0; i < M; i++) {
      row.fill(0);
      const aRow = aBase[t] + i * sam;
      for (let k = 0; k < K; k++) {
        const aik = A[aRow + k * sak];
        const bRow = bBase[t] + k * sbk;
        // The Float32Array store rounds the sum: one float32 add of the float32 product.
        for (let j = 0; j < N; j++) row[j] += f32(aik * B[bRow + j * sbn]);
      }
      const oRow = oBase[t] + i * som;
      for (let j = 0; j < N; j++) O[oRow + j * son] = row[j];
    }
  }
}
