import type { View } from '../../../backend';
import type { CpuStorage } from '../../storage';
import { elementOffsets } from '../../strided';
import type { Kernels } from '../module';
import { getKernels } from '../runtime';
import { runMatmul } from '../threads';
import { inHeap } from './staging';

/**
 * Runs a float32 batched matmul (the Backend contract: equal batch shapes, any strides) with
 * the WebAssembly kernel; false when the kernels are unavailable or the dtype is not float32.
 */
export function matmulWasm(a: View, b: View, out: View): boolean {
  const kernels = getKernels();
  if (kernels === null) return false;
  for (const v of [a, b, out]) if (v.storage.dtype !== 'float32') return false;
  inHeap([a, b, out], [2], ([sa, sb, so]) => matmulInHeap(kernels, sa, sb, so));
  return true;
}

function matmulInHeap(kernels: Kernels, a: View, b: View, out: View): void {
  const nd = out.shape.length;
  const [M, N] = [out.shape[nd - 2], out.shape[nd - 1]];
  const K = a.shape[nd - 1];
  if (M === 0 || N === 0) return;
  const batch = out.shape.slice(0, nd - 2);
  const aBase = elementOffsets(batch, a.strides.slice(0, nd - 2), a.offset);
  const bBase = elementOffsets(batch, b.strides.slice(0, nd - 2), b.offset);
  const oBase = elementOffsets(batch, out.strides.slice(0, nd - 2), out.offset);
  const [A, B, C] = [a, b, out].map((v) => v.storage as CpuStorage);
  for (let t = 0; t < oBase.length; t++) {
    runMatmul(kernels, {
      a: A.address(aBase[t]),
      sam: a.strides[nd - 2] * 4,
      sak: a.strides[nd - 1] * 4,
      b: B.address(bBase[t]),
      sbk: b.strides[nd - 2] * 4,
      sbn: b.strides[nd - 1] * 4,
      c: C.address(oBase[t]),
      scm: out.strides[nd - 2] * 4,
      scn: out.strides[nd - 1] * 4,
      m: M,
      n: N,
      k: K,
    });
  }
}
