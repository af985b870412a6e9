/** Host-side shape arithmetic for building kernel metadata. */

export interface Strided {
  readonly strides: readonly number[];
  readonly offset: number;
}

export function numel(shape: readonly number[]): number {
  let n = 1;
  for (const size of shape) n *= size;
  return n;
}

/**
 * Drops size-1 dims and merges dim d into d-1 when every operand has
 * stride[d-1] == stride[d] * shape[d], so a contiguous tensor of any rank becomes 1-D.
 * A 0-d or all-ones shape becomes [1] with stride 0.
 */
export function coalesce(shape: readonly number[], operands: readonly Strided[]) {
  const dims: number[] = [];
  const strides: number[][] = operands.map(() => []);
  for (let d = 0; d < shape.length; d++) {
    if (shape[d] === 1) continue;
    const last = dims.length - 1;
    const mergeable =
      last >= 0 && operands.every((op, k) => strides[k][last] === op.strides[d] * shape[d]);
    if (mergeable) {
      dims[last] *= shape[d];
      operands.forEach((op, k) => {
        strides[k][last] = op.strides[d];
      });
    } else {
      dims.push(shape[d]);
      operands.forEach((op, k) => {
        strides[k].push(op.strides[d]);
      });
    }
  }
  if (dims.length === 0) {
    dims.push(1);
    for (const s of strides) s.push(0);
  }
  return {
    shape: dims,
    operands: operands.map((op, k) => ({ offset: op.offset, strides: strides[k] })),
  };
}

/** True when the view's elements are its storage's elements offset.. in row-major order. */
export function isRowMajor(shape: readonly number[], strides: readonly number[]): boolean {
  let expected = 1;
  for (let d = shape.length - 1; d >= 0; d--) {
    if (shape[d] !== 1 && strides[d] !== expected) return false;
    expected *= shape[d];
  }
  return true;
}

export function rowMajorStrides(shape: readonly number[]): number[] {
  const strides = new Array<number>(shape.length);
  let stride = 1;
  for (let d = shape.length - 1; d >= 0; d--) {
    strides[d] = stride;
    stride *= shape[d];
  }
  return strides;
}
