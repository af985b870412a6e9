import { coalesce, type Strided } from '@x/tensor/backend';

/**
 * `coalesce` with each operand's offset kept beside its merged strides: the form the
 * kernels' metadata words take (offset, then strides, per operand).
 */
export function coalesceOperands(shape: readonly number[], operands: readonly Strided[]) {
  const merged = coalesce(shape, operands);
  return {
    shape: merged.shape,
    operands: operands.map((op, k) => ({ offset: op.offset, strides: merged.strides[k] })),
  };
}
