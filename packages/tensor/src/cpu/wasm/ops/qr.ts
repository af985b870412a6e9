import { assemble, type QrResult, toColumnMajor } from '../../qr-layout';
import { getKernels, heap } from '../runtime';

/** qr() with the WebAssembly kernels (see kernels/qr.ts); null when they are unavailable. */
export function qrWasm(input: Float64Array, rows: number, cols: number): QrResult | null {
  const kernels = getKernels();
  if (kernels === null) return null;
  const k = Math.min(rows, cols);
  const lengths = [rows * cols, k, k, rows * k];
  const blocks = lengths.map(
    (n) => heap.allocate(8 * Math.max(n, 1)) as { ptr: number; size: number },
  );
  try {
    // views are taken again after each call: nothing here allocates, but stay safe
    const view = (i: number) => new Float64Array(heap.buffer, blocks[i].ptr, lengths[i]);
    view(0).set(toColumnMajor(input, rows, cols));
    view(2).fill(0);
    view(3).fill(0);
    const [a, diag, tau, q] = blocks.map((b) => b.ptr);
    kernels.qr_factor(a, rows, cols, diag, tau);
    kernels.qr_q(a, rows, k, tau, q);
    return assemble(view(0), view(1), view(3), rows, cols);
  } finally {
    blocks.forEach((b, i) => {
      heap.release(b.ptr, b.size, 8 * Math.max(lengths[i], 1));
    });
  }
}
