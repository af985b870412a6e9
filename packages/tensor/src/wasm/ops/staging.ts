import type { View } from '../../backend';
import { CpuStorage } from '../../cpu/storage';

/**
 * Runs `kernel` on views that all live in the heap: a view whose storage is a plain array
 * (past the heap's soft limit) is copied into a short-lived heap block for the call, and
 * copied back afterwards when it is the output (`outputs` holds such indices).
 */
export function inHeap<T>(
  views: readonly View[],
  outputs: readonly number[],
  kernel: (staged: View[]) => T,
): T {
  const copies: { index: number; staged: CpuStorage; from: number }[] = [];
  const staged = views.map((view, index) => {
    const storage = view.storage as CpuStorage;
    if (storage.inHeap || view.shape.includes(0)) return view;
    let last = view.offset;
    view.shape.forEach((size, d) => {
      last += (size - 1) * view.strides[d];
    });
    const copy = CpuStorage.staging(storage.backend, last - view.offset + 1, storage.dtype);
    copy.data.set(storage.data.subarray(view.offset, last + 1));
    copies.push({ index, staged: copy, from: view.offset });
    return { ...view, storage: copy, offset: 0 };
  });
  try {
    return kernel(staged);
  } finally {
    for (const { index, staged: copy, from } of copies) {
      if (outputs.includes(index)) (views[index].storage as CpuStorage).data.set(copy.data, from);
      copy.release();
    }
  }
}
