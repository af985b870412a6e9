import type { View } from '../../../backend';
import { coalesce } from '../../../layout';
import type { ReduceOp } from '../../../ops/elementwise-table';
import type { CpuStorage } from '../../storage';
import { elementOffsets } from '../../strided';
import { getKernels } from '../runtime';
import { inHeap } from './staging';

/**
 * How the WebAssembly kernels reduce float32 `input` over `axes` (sum/max/min): when the
 * reduced dims merge into one axis that is contiguous (a row reduction) or the innermost kept
 * dim is contiguous (a column reduction, such as a bias gradient's sum over the batch). The
 * outer kept dims are walked by reduceWasm, one kernel call each. Null when the layout does
 * not fit (the TypeScript kernel then runs: not a fall-back, as no kernel has that layout).
 */
export function reducePlan(
  op: ReduceOp,
  input: View,
  axes: readonly number[],
  out: View,
): ReducePlan | null {
  if (op !== 'sum' && op !== 'max' && op !== 'min') return null;
  if (input.storage.dtype !== 'float32' || out.storage.dtype !== 'float32') return null;
  if (input.shape.includes(0)) return null;
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
  if (merged.shape.length !== 1) return null;
  const [length, stride] = [merged.shape[0], merged.strides[0][0]];
  const keptMerged = coalesce(kept, [
    { strides: keptStrides, offset: 0 },
    { strides: out.strides, offset: 0 },
  ]);
  const last = keptMerged.shape.length - 1;
  const count = keptMerged.shape[last];
  const [inStride, outStride] = [keptMerged.strides[0][last], keptMerged.strides[1][last]];
  const outer = {
    outerShape: keptMerged.shape.slice(0, last),
    outerInStrides: keptMerged.strides[0].slice(0, last),
    outerOutStrides: keptMerged.strides[1].slice(0, last),
  };
  if (stride === 1 || length === 1) {
    return { kernel: `${op}_rows`, args: [count, length, inStride * 4], outStride, ...outer };
  }
  if (inStride === 1 || count === 1) {
    return { kernel: `${op}_cols`, args: [length, count, stride * 4], outStride, ...outer };
  }
  return null;
}

interface ReducePlan {
  readonly kernel: string;
  /** The kernel's arguments between the source and destination addresses. */
  readonly args: readonly [number, number, number];
  readonly outStride: number;
  readonly outerShape: readonly number[];
  readonly outerInStrides: readonly number[];
  readonly outerOutStrides: readonly number[];
}

/** sum/max/min with the WebAssembly kernels, where reducePlan finds a layout; false otherwise. */
export function reduceWasm(op: ReduceOp, input: View, axes: readonly number[], out: View): boolean {
  const kernels = getKernels();
  if (kernels === null) return false;
  const plan = reducePlan(op, input, axes, out);
  if (plan === null) return false;
  const fn = kernels[plan.kernel];
  const [a, b, c] = plan.args;
  const outStride = plan.outStride * 4;
  // on heap copies of storages the collector owns (see inHeap)
  inHeap([input, out], [1], ([from, to]) => {
    const [src, dst] = [from.storage, to.storage] as CpuStorage[];
    const inBases = elementOffsets(plan.outerShape, plan.outerInStrides, from.offset);
    const outBases = elementOffsets(plan.outerShape, plan.outerOutStrides, to.offset);
    for (let i = 0; i < inBases.length; i++)
      fn(src.address(inBases[i]), a, b, c, dst.address(outBases[i]), outStride);
  });
  return true;
}
