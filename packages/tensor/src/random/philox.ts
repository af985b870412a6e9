// Philox-4x32-10 (Salmon et al., "Parallel random numbers: as easy as 1, 2, 3", SC 2011), as in
// Random123 and PyTorch's CUDA generator.
//
// THE (seed, offset) -> float32 MAPPING used by every Philox fill in this package (a GPU kernel
// reproduces it by evaluating the same formula per element, in any order):
//
//   block(b)   = philox4x32(counter = [lo32(b), hi32(b), 0, 0], key = [lo32(seed), hi32(seed)])
//   u32(i)     = block(offset + floor(i / 4))[i % 4]            (b taken mod 2^64)
//   uniform(i) = (u32(i) >>> 8) * 2^-24                         in [0, 1), exact in float32
//   uniformFill value(i) = f32(f32(uniform(i) * f32(to - from)) + f32(from))   (no FMA)
//   normalFill, pairs (2k, 2k+1), which always share a block (for odd n the last partner is
//   drawn but not stored):
//     r = sqrt(-2 ln(1 - uniform(2k))), t = 2 pi uniform(2k+1)     (computed in float64)
//     value(2k) = f32(r cos(t) * std + mean), value(2k+1) = f32(r sin(t) * std + mean)
//
// A fill of n elements consumes ceil(n / 4) blocks; Generator.advance() hands out the offset.
// Uniforms are bit-exact across implementations; normals use transcendental functions, so other
// implementations agree only to float32 rounding of those functions.

export type U32x4 = [number, number, number, number];

const M0 = 0xd2511f53;
const M1 = 0xcd9e8d57;
const W0 = 0x9e3779b9;
const W1 = 0xbb67ae85;

/** High 32 bits of the 64-bit product of two u32 values. */
function mulhi(a: number, b: number): number {
  const aL = a & 0xffff;
  const aH = a >>> 16;
  const bL = b & 0xffff;
  const bH = b >>> 16;
  const ll = aL * bL;
  const mid = (ll >>> 16) + aH * bL;
  const mid2 = (mid & 0xffff) + aL * bH;
  return (aH * bH + Math.floor(mid / 65536) + Math.floor(mid2 / 65536)) >>> 0;
}

/** One Philox-4x32 evaluation; `rounds` defaults to the standard 10. */
export function philox4x32(
  counter: readonly [number, number, number, number],
  key: readonly [number, number],
  rounds = 10,
): U32x4 {
  let c0 = counter[0] >>> 0;
  let c1 = counter[1] >>> 0;
  let c2 = counter[2] >>> 0;
  let c3 = counter[3] >>> 0;
  let k0 = key[0] >>> 0;
  let k1 = key[1] >>> 0;
  for (let r = 0; r < rounds; r++) {
    if (r > 0) {
      k0 = (k0 + W0) >>> 0;
      k1 = (k1 + W1) >>> 0;
    }
    const hi0 = mulhi(M0, c0);
    const lo0 = Math.imul(M0, c0) >>> 0;
    const hi1 = mulhi(M1, c2);
    const lo1 = Math.imul(M1, c2) >>> 0;
    c0 = (hi1 ^ c1 ^ k0) >>> 0;
    c1 = lo1;
    c2 = (hi0 ^ c3 ^ k1) >>> 0;
    c3 = lo0;
  }
  return [c0, c1, c2, c3];
}

const U64 = (1n << 64n) - 1n;

/** Splits a u64 (taken mod 2^64) into [lo32, hi32]. */
export function splitU64(v: bigint): [number, number] {
  const x = v & U64;
  return [Number(x & 0xffffffffn), Number(x >> 32n)];
}

/** The 4 words of block `block` of the stream keyed by `seed` (see the mapping above). */
export function philoxBlock(seed: bigint, block: bigint): U32x4 {
  const [c0, c1] = splitU64(block);
  return philox4x32([c0, c1, 0, 0], splitU64(seed));
}

/**
 * Calls fn(block(offset + b), 4 * b) for b in [0, ceil(count / 4)): the blocks covering elements
 * [0, count) of the stream at (seed, offset). Counters step as u32 pairs, not bigints.
 */
export function forEachPhiloxBlock(
  seed: bigint,
  offset: bigint,
  count: number,
  fn: (block: U32x4, firstElement: number) => void,
): void {
  const key = splitU64(seed);
  let [lo, hi] = splitU64(offset);
  for (let i = 0; i < count; i += 4) {
    fn(philox4x32([lo, hi, 0, 0], key), i);
    lo = (lo + 1) >>> 0;
    if (lo === 0) hi = (hi + 1) >>> 0;
  }
}

/** Fills `out` with u32(i), i in [0, out.length), of the stream at (seed, offset). */
export function philoxStream(seed: bigint, offset: bigint, out: Uint32Array): Uint32Array {
  const n = out.length;
  forEachPhiloxBlock(seed, offset, n, (w, i) => {
    for (let j = 0; j < 4 && i + j < n; j++) out[i + j] = w[j];
  });
  return out;
}

/** uniform(i) of the mapping above. */
export function u32ToUniform(u: number): number {
  return (u >>> 8) * 2 ** -24;
}
