// The safetensors dtypes: their sizes, and how their little-endian bytes become x's dtypes.
import type { DType, TypedArray } from '@x/tensor';
import { SafetensorsError } from '../errors';

/** Bytes per element of every dtype the safetensors spec names. */
export const SAFETENSORS_DTYPE_SIZES: Readonly<Record<string, number>> = {
  BOOL: 1,
  U8: 1,
  I8: 1,
  F8_E5M2: 1,
  F8_E4M3: 1,
  I16: 2,
  U16: 2,
  F16: 2,
  BF16: 2,
  I32: 4,
  U32: 4,
  F32: 4,
  I64: 8,
  U64: 8,
  F64: 8,
};

/** What x writes for each of its dtypes. */
export const WRITTEN_DTYPE: Readonly<Record<DType, string>> = {
  float32: 'F32',
  int32: 'I32',
  bool: 'BOOL',
};

/** The dtypes load() reads, and the x dtype each becomes. */
export const READ_DTYPE: Readonly<Record<string, DType>> = {
  F32: 'float32',
  I32: 'int32',
  BOOL: 'bool',
  F64: 'float32',
  F16: 'float32',
  BF16: 'float32',
  I64: 'int32',
};

const scratch = new DataView(new ArrayBuffer(4));

/** IEEE half precision to a number. */
function halfToNumber(bits: number): number {
  const sign = bits & 0x8000 ? -1 : 1;
  const exponent = (bits >> 10) & 0x1f;
  const fraction = bits & 0x3ff;
  if (exponent === 0) return sign * fraction * 2 ** -24;
  if (exponent === 0x1f) return fraction === 0 ? sign * Infinity : Number.NaN;
  return sign * (1 + fraction / 1024) * 2 ** (exponent - 15);
}

/**
 * Decodes `bytes` (one tensor's little-endian data) of safetensors dtype `dtype` into the
 * typed array of its x dtype. I64 values must fit int32; F64 rounds to float32.
 */
export function decodeValues(bytes: Uint8Array, dtype: string, name: string): TypedArray {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const count = bytes.byteLength / SAFETENSORS_DTYPE_SIZES[dtype];
  switch (dtype) {
    case 'F32':
      return Float32Array.from({ length: count }, (_, i) => view.getFloat32(4 * i, true));
    case 'I32':
      return Int32Array.from({ length: count }, (_, i) => view.getInt32(4 * i, true));
    case 'BOOL': {
      const values = bytes.slice();
      for (const value of values) {
        if (value > 1)
          throw new SafetensorsError(
            `safetensors: BOOL tensor '${name}' holds the byte ${value}, not 0 or 1`,
          );
      }
      return values;
    }
    case 'F64':
      return Float32Array.from({ length: count }, (_, i) => view.getFloat64(8 * i, true));
    case 'F16':
      return Float32Array.from({ length: count }, (_, i) =>
        halfToNumber(view.getUint16(2 * i, true)),
      );
    case 'BF16':
      // bfloat16 is the upper half of a float32.
      return Float32Array.from({ length: count }, (_, i) => {
        scratch.setUint32(0, view.getUint16(2 * i, true) << 16);
        return scratch.getFloat32(0);
      });
    case 'I64':
      return Int32Array.from({ length: count }, (_, i) => {
        const value = view.getBigInt64(8 * i, true);
        if (value < -2147483648n || value > 2147483647n) {
          throw new SafetensorsError(
            `safetensors: I64 tensor '${name}' holds ${value}, outside int32's range (x has no int64)`,
          );
        }
        return Number(value);
      });
    default:
      throw new SafetensorsError(
        `safetensors: tensor '${name}' has dtype ${dtype}, which x cannot load (it reads ${Object.keys(READ_DTYPE).join(', ')})`,
      );
  }
}

/** The little-endian bytes of `values`, as safetensors stores them. */
export function encodeValues(values: TypedArray): Uint8Array {
  const bytes = new Uint8Array(values.byteLength);
  const view = new DataView(bytes.buffer);
  if (values instanceof Float32Array) {
    for (let i = 0; i < values.length; i++) view.setFloat32(4 * i, values[i], true);
  } else if (values instanceof Int32Array) {
    for (let i = 0; i < values.length; i++) view.setInt32(4 * i, values[i], true);
  } else {
    bytes.set(values);
  }
  return bytes;
}
