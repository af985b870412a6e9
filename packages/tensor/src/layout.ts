/**
 * Layout helpers every backend needs to turn a strided view into a kernel's loop: one copy,
 * exported to backend authors through `@x/tensor/backend`.
 */
import { contiguousStrides } from './shape';

/** An operand of a strided loop: where it starts and how far each dim steps, in elements. */
export interface Strided {
  readonly strides: readonly number[];
  readonly offset: number;
}

/**
 * Drops size-1 dims and merges dim d into d-1 when every operand has
 * stride[d-1] == stride[d] * shape[d], so a contiguous tensor of any rank runs as one flat
 * loop. A 0-d or all-ones shape becomes [1] with stride 0. `strides[k]` are operand k's.
 *
 * @example
 * coalesce([2, 3], [{ strides: [3, 1], offset: 0 }]); // { shape: [6], strides: [[1]] }
 */
export function coalesce(shape: readonly number[], operands: readonly Strided[]) {
  const outShape: number[] = [];
  const outStrides: number[][] = operands.map(() => []);
  for (let d = 0; d < shape.length; d++) {
    if (shape[d] === 1) continue;
    const last = outShape.length - 1;
    const mergeable =
      last >= 0 && operands.every((op, k) => outStrides[k][last] === op.strides[d] * shape[d]);
    if (mergeable) {
      outShape[last] *= shape[d];
      operands.forEach((op, k) => {
        outStrides[k][last] = op.strides[d];
      });
    } else {
      outShape.push(shape[d]);
      for (let k = 0; k < operands.length; k++) outStrides[k].push(operands[k].strides[d]);
    }
  }
  if (outShape.length === 0) {
    outShape.push(1);
    for (const s of outStrides) s.push(0);
  }
  return { shape: outShape, strides: outStrides };
}

/** Whether (shape, strides) is row-major contiguous (size-1 dims may have any stride). */
export function isContiguous(shape: readonly number[], strides: readonly number[]): boolean {
  const expected = contiguousStrides(shape);
  return shape.every((size, d) => size === 1 || strides[d] === expected[d]);
}
