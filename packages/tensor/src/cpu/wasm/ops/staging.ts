import type { View } from '../../../backend';
import { CpuStorage } from '../../storage';

/**
 * Runs `kernel` on views that all live in the heap: a view whose storage owns its array (a
 * storage the collector frees, past the heap's soft limit) is copied into a short-lived heap
 * block for the call, and copied back afterwards when it is an output (`outputs` holds such
 * indices). An output that covers its whole span is not copied in: the kernel writes it all.
 */
export function inHeap<T>(
  views: readonly View[],
  outputs: readonly number[],
  kernel: (staged: readonly View[]) => T,
): T {
  if (views.every((view) => (view.storage as CpuStorage).inHeap)) return kernel(views);
  const copies: { index: number; staged: CpuStorage; from: number }[] = [];
  try {
    const staged = views.map((view, index) => {
      const storage = view.storage as CpuStorage;
      if (storage.inHeap || view.shape.includes(0)) return view;
      let span = 1;
      let elements = 1;
      view.shape.forEach((size, d) => {
        span += (size - 1) * view.strides[d];
        elements *= size;
      });
      const copy = CpuStorage.staging(storage.backend, span, storage.dtype);
      copies.push({ index, staged: copy, from: view.offset });
      const written = outputs.includes(index) && span === elements;
      if (!written) copy.data.set(storage.data.subarray(view.offset, view.offset + span));
      return { ...view, storage: copy, offset: 0 };
    });
    const result = kernel(staged);
    for (const { index, staged: copy, from } of copies) {
      if (outputs.includes(index)) (views[index].storage as CpuStorage).data.set(copy.data, from);
    }
    return result;
  } finally {
    for (const { staged: copy } of copies) copy.release();
  }
}
