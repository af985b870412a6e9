import { DTypeError } from './errors';

/**
 * The dtypes x stores. `int32` is x's default integer type: operations whose PyTorch
 * result is `int64` (argmax, randint, randperm, arange of integers) give `int32` here.
 */
export type DType = 'float32' | 'int32' | 'bool';

export const DTYPES: readonly DType[] = ['float32', 'int32', 'bool'];

export type TypedArray = Float32Array | Int32Array | Uint8Array;

export interface TypedArrayFor {
  float32: Float32Array;
  int32: Int32Array;
  bool: Uint8Array;
}

export const TYPED_ARRAY: {
  [D in DType]: { new (length: number): TypedArrayFor[D]; BYTES_PER_ELEMENT: number };
} = { float32: Float32Array, int32: Int32Array, bool: Uint8Array };

/** Promotion order: a result has the dtype of its highest-ranked operand (PyTorch's categories). */
const RANK: Record<DType, number> = { bool: 0, int32: 1, float32: 2 };

/**
 * PyTorch's promotion for the three dtypes x has. Because each category (bool, integer,
 * floating) holds exactly one dtype here, PyTorch's rule that dimensioned tensors outrank
 * 0-d tensors and Python scalars only matters across categories, where the higher
 * category wins regardless — so promotion is the maximum category.
 */
export function promoteTypes(a: DType, b: DType): DType {
  return RANK[a] >= RANK[b] ? a : b;
}

/** The dtype of a JS scalar operand: booleans are bool, integers int32, others float32. */
export function scalarDType(value: number | boolean): DType {
  if (typeof value === 'boolean') return 'bool';
  return Number.isInteger(value) ? 'int32' : 'float32';
}

export function isFloating(dtype: DType): boolean {
  return dtype === 'float32';
}

export function checkDType(dtype: unknown, op: string, arg = 'dtype'): DType {
  if (dtype === 'float32' || dtype === 'int32' || dtype === 'bool') return dtype;
  throw new DTypeError(
    `${op}: ${arg} must be one of 'float32', 'int32', 'bool', got ${String(dtype)}`,
  );
}

/** Converts a JS number to what a storage of `dtype` holds, as PyTorch's casts do. */
export function castScalar(value: number, dtype: DType): number {
  if (dtype === 'bool') return value !== 0 ? 1 : 0;
  if (dtype === 'int32') return toInt32(value);
  return Math.fround(value);
}

/**
 * A float truncated to int32 as PyTorch's casts on x86 do (cvttss2si): NaN, ±inf and values
 * outside int32's range give INT_MIN.
 */
export function toInt32(value: number): number {
  return value > -2147483649 && value < 2147483648 ? value | 0 : -2147483648;
}
