import type { View } from '../../backend';
import type { CpuStorage } from '../../cpu/storage';
import { elementOffsets } from '../../cpu/strided';
import { coalesce } from '../../layout';
import type { ReduceOp } from '../../ops/elementwise-table';
import { getKernels } from '../runtime';
import { inHeap } from './staging';

/**
 * sum/max/min of float32 over `axes` with the WebAssembly kernels, when the reduced dims
 * merge into one axis that is contiguous (a row reduction) or the innermost kept dim is
 * contiguous (a column reduction, such as a bias gradient's sum over the batch). The outer
 * kept dims are walked here, one kernel call each. False when the layout does not fit.
 */
export function reduceWasm(op: ReduceOp, input: View, axes: readonly number[], out: View): boolean {
  if (op !== 'sum' && op !== 'max' && op !== 'min') return false;
  const kernels = getKernels();
  const src = input.storage as CpuStorage;
  const dst = out.storage as CpuStorage;
  if (kernels === null || src.dtype !== 'float32' || dst.dtype !== 'float32') return false;
  if (input.shape.includes(0)) return false;
  const kept: number[] = [];
  const keptStrides: number[] = [];
  const reduced: number[] = [];
  const reducedStrides: number[] = [];
  input.shape.forEach((size, d) => {
    if (axes.includes(d)) {
      reduced.push(size);
      reducedStrides.push(input.strides[d]);
    } else {
      kept.push(size);
      keptStrides.push(input.strides[d]);
    }
  });
  const merged = coalesce(reduced, [{ strides: reducedStrides, offset: 0 }]);
  if (merged.shape.length !== 1) return false;
  const [length, stride] = [merged.shape[0], merged.strides[0][0]];
  const keptMerged = coalesce(kept, [
    { strides: keptStrides, offset: 0 },
    { strides: out.strides, offset: 0 },
  ]);
  const last = keptMerged.shape.length - 1;
  const count = keptMerged.shape[last];
  const [inStride, outStride] = [keptMerged.strides[0][last], keptMerged.strides[1][last]];
  let call: (srcAt: number, dstAt: number) => void;
  if (stride === 1 || length === 1) {
    const fn = kernels[`${op}_rows`];
    call = (s, d) => fn(s, count, length, inStride * 4, d, outStride * 4);
  } else if (inStride === 1 || count === 1) {
    const fn = kernels[`${op}_cols`];
    call = (s, d) => fn(s, length, count, stride * 4, d, outStride * 4);
  } else {
    return false;
  }
  const outerShape = keptMerged.shape.slice(0, last);
  // on heap copies of storages the collector owns (see inHeap)
  inHeap([input, out], [1], ([from, to]) => {
    const [src, dst] = [from.storage, to.storage] as CpuStorage[];
    const inBases = elementOffsets(outerShape, keptMerged.strides[0].slice(0, last), from.offset);
    const outBases = elementOffsets(outerShape, keptMerged.strides[1].slice(0, last), to.offset);
    for (let i = 0; i < inBases.length; i++)
      call(src.address(inBases[i]), dst.address(outBases[i]));
  });
  return true;
}
