// F16 and BF16 widening, both paths (WebAssembly SIMD and JS), over all 65,536 bit
// patterns against IEEE 754 worked out here: exact values, NaN payloads and signs kept.
import { describe, expect, it } from 'vitest';
import { widenHalves, widenHalvesInJs } from '../src/serialization/widen';

const ALL = Uint16Array.from({ length: 65536 }, (_, i) => i);

/** float32 bits of half `h`: from its value where it is a number, by layout for NaN/inf. */
function expectedHalf(h: number): number {
  const sign = h >> 15;
  const exponent = (h >> 10) & 0x1f;
  const fraction = h & 0x3ff;
  if (exponent === 0x1f) return ((sign << 31) | 0x7f800000 | (fraction << 13)) >>> 0;
  const magnitude =
    exponent === 0 ? fraction * 2 ** -24 : (1 + fraction / 1024) * 2 ** (exponent - 15);
  const view = new DataView(new ArrayBuffer(4));
  view.setFloat32(0, sign ? -magnitude : magnitude);
  return view.getUint32(0);
}

const bitsOf = (values: Float32Array) => new Uint32Array(values.slice().buffer);

describe('F16 and BF16 widening to float32', () => {
  const input = new Uint8Array(ALL.buffer);
  const f16 = Uint32Array.from(ALL, expectedHalf);
  const bf16 = Uint32Array.from(ALL, (h) => (h << 16) >>> 0);

  it('the WebAssembly SIMD path is exact for every F16 and BF16 bit pattern', () => {
    expect(bitsOf(widenHalves(input, 'F16'))).toEqual(f16);
    expect(bitsOf(widenHalves(input, 'BF16'))).toEqual(bf16);
  });

  it('the JS path is exact for every F16 and BF16 bit pattern', () => {
    expect(bitsOf(widenHalvesInJs(input, 'F16'))).toEqual(f16);
    expect(bitsOf(widenHalvesInJs(input, 'BF16'))).toEqual(bf16);
  });

  it('widens counts that are not a multiple of 8, from any byte offset', () => {
    const shifted = new Uint8Array(2 * 13 + 1);
    shifted.set(input.subarray(2 * 0x7c00, 2 * 0x7c0d), 1);
    expect(bitsOf(widenHalves(shifted.subarray(1), 'F16'))).toEqual(f16.slice(0x7c00, 0x7c0d));
  });
});
