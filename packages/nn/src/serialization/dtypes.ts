// The safetensors dtypes: their sizes, and how their little-endian bytes become x's dtypes.
// Values move as bits, never through JS numbers, so NaN payloads (signalling NaNs
// included) survive: F32 is a copy, F16 and BF16 widen exactly into float32. Typed arrays
// are read as little-endian, like the format and like WebAssembly memory, which x's CPU
// storage already assumes.
import type { DType, TypedArray } from '@x/tensor';
import { SafetensorsError } from '../errors';
import { WIDEN_CHUNK, widenHalves } from './widen';

/** Bytes per element of every whole-byte dtype the safetensors spec names. */
export const SAFETENSORS_DTYPE_SIZES: ReadonlyMap<string, number> = new Map([
  ['BOOL', 1],
  ['U8', 1],
  ['I8', 1],
  ['F8_E5M2', 1],
  ['F8_E4M3', 1],
  ['F8_E8M0', 1],
  ['F8_E4M3FNUZ', 1],
  ['F8_E5M2FNUZ', 1],
  ['I16', 2],
  ['U16', 2],
  ['F16', 2],
  ['BF16', 2],
  ['I32', 4],
  ['U32', 4],
  ['F32', 4],
  ['C64', 8],
  ['I64', 8],
  ['U64', 8],
  ['F64', 8],
]);

/** Sub-byte dtypes of the spec, in bits per element; x reads none of them. */
export const SAFETENSORS_DTYPE_BITS: ReadonlyMap<string, number> = new Map([
  ['F4', 4],
  ['F6_E2M3', 6],
  ['F6_E3M2', 6],
]);

/** What x writes for each of its dtypes. */
export const WRITTEN_DTYPE: Readonly<Record<DType, string>> = {
  float32: 'F32',
  int32: 'I32',
  bool: 'BOOL',
};

/** The dtypes load() reads, and the x dtype each becomes. */
export const READ_DTYPE: ReadonlyMap<string, DType> = new Map<string, DType>([
  ['F32', 'float32'],
  ['I32', 'int32'],
  ['BOOL', 'bool'],
  ['F64', 'float32'],
  ['F16', 'float32'],
  ['BF16', 'float32'],
  ['I64', 'int32'],
]);

/** Elements decoded per step when a dtype needs converting: bounds the scratch memory. */
const CHUNK_ELEMENTS = 1 << 18;

/** Where decoded values go: `values` is the next run of elements, from element `offset`. */
export type Sink = (values: TypedArray, offset: number) => void;

/** One converted chunk: `input` (native-endian safetensors elements) into `output`. */
type Convert = (input: Uint8Array, output: Uint32Array, count: number, name: string) => void;

const CONVERT: ReadonlyMap<string, Convert> = new Map<string, Convert>([
  [
    'F64',
    (input, output, count) => {
      const doubles = new Float64Array(input.buffer, input.byteOffset, count);
      new Float32Array(output.buffer, output.byteOffset, count).set(doubles);
    },
  ],
  [
    'I64',
    (input, output, count, name) => {
      const words = new Int32Array(input.buffer, input.byteOffset, 2 * count);
      for (let i = 0; i < count; i++) {
        const low = words[2 * i];
        // Fits int32 exactly when the high word is the low word's sign extension.
        if (words[2 * i + 1] !== low >> 31) {
          const value = new BigInt64Array(input.buffer, input.byteOffset + 8 * i, 1)[0];
          throw new SafetensorsError(
            `safetensors: I64 tensor '${name}' holds ${value}, outside int32's range (x has no int64)`,
          );
        }
        output[i] = low;
      }
    },
  ],
]);

/**
 * Decodes `bytes` (one tensor's little-endian data) of safetensors dtype `dtype` into its x
 * dtype, handing the values to `sink` in runs. F32, I32 and BOOL are one run viewing
 * `bytes` itself where it is aligned (the sink's copy is the only one); other dtypes, and
 * unaligned data, go through a bounded scratch buffer. I64 values must fit int32;
 * F64 rounds to float32.
 */
export function decodeInto(bytes: Uint8Array, dtype: string, name: string, sink: Sink): void {
  const size = SAFETENSORS_DTYPE_SIZES.get(dtype)!;
  const count = bytes.byteLength / size;
  if (dtype === 'BOOL') {
    const bad = bytes.findIndex((value) => value > 1);
    if (bad >= 0)
      throw new SafetensorsError(
        `safetensors: BOOL tensor '${name}' holds the byte ${bytes[bad]}, not 0 or 1`,
      );
    sink(bytes, 0);
    return;
  }
  if (dtype === 'F16' || dtype === 'BF16') {
    for (let start = 0; start < count; start += WIDEN_CHUNK) {
      const end = Math.min(count, start + WIDEN_CHUNK);
      sink(widenHalves(bytes.subarray(2 * start, 2 * end), dtype), start);
    }
    return;
  }
  const convert = CONVERT.get(dtype);
  const Output = dtype === 'I32' || dtype === 'I64' ? Int32Array : Float32Array;
  if (convert === undefined && bytes.byteOffset % 4 === 0) {
    sink(new Output(bytes.buffer as ArrayBuffer, bytes.byteOffset, count), 0);
    return;
  }
  const step = Math.min(count, CHUNK_ELEMENTS);
  const input = new Uint8Array(step * size);
  const output = new Uint32Array(convert === undefined ? input.buffer : new ArrayBuffer(4 * step));
  for (let start = 0; start < count; start += step) {
    const n = Math.min(step, count - start);
    input.set(bytes.subarray(start * size, (start + n) * size));
    convert?.(input, output, n, name);
    sink(new Output(output.buffer, 0, n), start);
  }
}

/** Copies the little-endian bytes of `values` (bit for bit) into `out` at `position`. */
export function encodeInto(values: TypedArray, out: Uint8Array, position: number): void {
  out.set(new Uint8Array(values.buffer, values.byteOffset, values.byteLength), position);
}
