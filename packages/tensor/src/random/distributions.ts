import { ArgumentError } from '../errors';
// Fills that reproduce PyTorch 1.13's CPU kernels (AVX2 build, no MKL) for float32 tensors, from
// aten/src/ATen/native/cpu/DistributionTemplates.h, aten/src/ATen/core/DistributionsHelper.h,
// TransformationHelper.h and TensorFactories.cpp (randperm_cpu). Everything is bit-exact except
// the scalar normal path (n < 16), which uses float64 Math.log/sin/cos where PyTorch uses libm:
// identical on every sample checked, but only promised to 1e-6.
// A 'philox' generator instead follows the (seed, offset) mapping documented in philox.ts.

import { COS_P, DP, FOPI, LOG_P, LOG_Q1, LOG_Q2, SIN_P, SQRTHF, TWO_PI } from './cephes.js';
import { defaultGenerator, type Generator } from './generator.js';
import { forEachPhiloxBlock, u32ToUniform } from './philox.js';

const f32 = Math.fround;
const FLT_MAX = 3.4028234663852886e38;

// ---------------------------------------------------------------- argument checks

function checkFinite(name: string, v: unknown): number {
  if (typeof v !== 'number' || !Number.isFinite(v)) {
    throw new ArgumentError(`${name} must be a finite number, got ${String(v)}`);
  }
  return v;
}

function checkUniformBounds(from: number, to: number): void {
  checkFinite('from', from);
  checkFinite('to', to);
  if (Math.abs(from) > FLT_MAX || Math.abs(to) > FLT_MAX) {
    throw new ArgumentError(
      `from and to must lie in the float32 range, got from=${from}, to=${to}`,
    );
  }
  if (from > to) {
    throw new ArgumentError(`from must be <= to (a [from, to) range), got from=${from} > to=${to}`);
  }
  if (to - from > FLT_MAX) {
    throw new ArgumentError(`to - from must be <= float32 max, got from=${from}, to=${to}`);
  }
}

function checkNormal(mean: number, std: number): void {
  checkFinite('mean', mean);
  checkFinite('std', std);
  if (std < 0) throw new ArgumentError(`std must be >= 0, got std=${std}`);
}

function gen(g: Generator | null | undefined): Generator {
  return g ?? defaultGenerator;
}

// ---------------------------------------------------------------- float helpers

const scratch = new Float64Array(1);
const words = new Uint32Array(scratch.buffer);
const LO = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? 0 : 1;
const HI = 1 - LO;

/**
 * Correctly rounded float32 fused multiply-add of float32 inputs. PyTorch's AVX2 build contracts
 * `x * range + from` into an FMA, so uniform_ needs it. The product is exact in float64; the sum
 * is rounded to odd in float64 so the final rounding to float32 is not a double rounding.
 */
export function fmaf(a: number, b: number, c: number): number {
  const p = a * b;
  const s = p + c;
  const bv = s - p;
  const err = p - (s - bv) + (c - bv);
  if (err === 0 || !Number.isFinite(s)) return f32(s);
  scratch[0] = s;
  if ((words[LO] & 1) === 0) {
    if (err > 0 === s > 0) words[LO] += 1;
    else {
      if (words[LO] === 0) words[HI] -= 1;
      words[LO] -= 1;
    }
  }
  return f32(scratch[0]);
}

/** PyTorch's uniform_real_distribution<double>: 53 bits of random64() scaled to [0, 1). */
function uniform53(g: Generator): number {
  const hi = g.nextUint32() & 0x1fffff;
  const lo = g.nextUint32();
  return (hi * 4294967296 + lo) * 2 ** -53;
}

/** PyTorch's uniform_real_distribution<float>(0, 1): 24 bits of random(). */
function uniform24(g: Generator): number {
  return (g.nextUint32() & 0xffffff) * 2 ** -24;
}

// ---------------------------------------------------------------- uniform

/** torch.rand / Tensor.uniform_(from, to) on a float32 tensor. */
export function uniformFill(
  g: Generator | null | undefined,
  out: Float32Array,
  from = 0,
  to = 1,
): Float32Array {
  checkUniformBounds(from, to);
  const r = gen(g);
  if (r.algorithm === 'philox') {
    return philoxUniformFill(r.initialSeed(), r.advance(Math.ceil(out.length / 4)), out, from, to);
  }
  const lo = f32(from);
  const range = f32(f32(to) - lo);
  for (let i = 0; i < out.length; i++) out[i] = fmaf(uniform24(r), range, lo);
  return out;
}

// ---------------------------------------------------------------- normal

/**
 * torch.randn / Tensor.normal_(mean, std) on a contiguous float32 tensor. 16 or more elements take
 * PyTorch's AVX2 path (uniforms, then Box-Muller over blocks of 16 pairing j with j + 8, the tail
 * redone as the last 16 with fresh uniforms); fewer take the scalar double path, which uses and
 * refills the generator's cached normal.
 */
export function normalFill(
  g: Generator | null | undefined,
  out: Float32Array,
  mean = 0,
  std = 1,
): Float32Array {
  checkNormal(mean, std);
  const r = gen(g);
  if (r.algorithm === 'philox') {
    return philoxNormalFill(r.initialSeed(), r.advance(Math.ceil(out.length / 4)), out, mean, std);
  }
  const n = out.length;
  if (n < 16) {
    for (let i = 0; i < n; i++) out[i] = f32(normalDouble(r) * std + mean);
    return out;
  }
  const m = f32(mean);
  const s = f32(std);
  for (let i = 0; i < n; i++) out[i] = uniform24(r);
  for (let i = 0; i + 16 <= n; i += 16) boxMuller16(out, i, m, s);
  if (n % 16 !== 0) {
    const base = n - 16;
    for (let i = 0; i < 16; i++) out[base + i] = uniform24(r);
    boxMuller16(out, base, m, s);
  }
  return out;
}

/** normal_fill_16_AVX2: Box-Muller on (j, j + 8) with avx_mathfun's float32 log and sincos. */
function boxMuller16(d: Float32Array, at: number, mean: number, std: number): void {
  for (let j = at; j < at + 8; j++) {
    const radius = f32(Math.sqrt(f32(log256(1 - d[j]) * -2)));
    sincos256(f32(TWO_PI * d[j + 8]));
    d[j] = fmaf(f32(radius * cosOut), std, mean);
    d[j + 8] = fmaf(f32(radius * sinOut), std, mean);
  }
}

// Scalar ports of log256_ps and sincos256_ps (ATen/native/cpu/avx_mathfun.h, Cephes polynomials).
// GCC contracts their mul/add pairs into FMAs in PyTorch's AVX2 build; emulating exactly that
// reproduces torch.randn bit for bit (checked on 8M samples).

const fbuf = new Float32Array(1);
const ibuf = new Int32Array(fbuf.buffer);

/** log256_ps for a positive normal float32 x. */
function log256(x: number): number {
  fbuf[0] = x;
  const bits = ibuf[0];
  ibuf[0] = (bits & ~0x7f800000) | 0x3f000000; // mantissa scaled into [0.5, 1)
  let m = fbuf[0];
  let e = (bits >>> 23) - 126;
  const small = m < SQRTHF;
  const t = small ? m : 0;
  m = f32(m - 1);
  if (small) e -= 1;
  m = f32(m + t);
  const z = f32(m * m);
  let y = LOG_P[0];
  for (let k = 1; k < 9; k++) y = fmaf(y, m, LOG_P[k]);
  y = fmaf(f32(y * m), z, f32(e * LOG_Q1));
  y = f32(y - z * 0.5);
  return fmaf(e, LOG_Q2, f32(m + y));
}

let sinOut = 0;
let cosOut = 0;

/** sincos256_ps for 0 <= x < 2^24; results land in sinOut/cosOut. */
function sincos256(x: number): void {
  const j = (Math.trunc(f32(x * FOPI)) + 1) & ~1;
  x = fmaf(j, DP[0], x);
  x = fmaf(j, DP[1], x);
  x = fmaf(j, DP[2], x);
  const z = f32(x * x);
  let c = fmaf(fmaf(COS_P[0], z, COS_P[1]), z, COS_P[2]);
  c = f32(fmaf(f32(c * z), z, -(z * 0.5)) + 1);
  let s = fmaf(fmaf(SIN_P[0], z, SIN_P[1]), z, SIN_P[2]);
  s = fmaf(f32(s * z), x, x);
  const swap = (j & 2) !== 0;
  const sin = swap ? c : s;
  const cos = swap ? s : c;
  sinOut = j & 4 ? -sin : sin;
  cosOut = (j - 2) & 4 ? cos : -cos;
}

/** at::normal_distribution<double> with unit parameters, honouring the generator's cache. */
function normalDouble(g: Generator): number {
  const cached = g.cachedDoubleNormal;
  if (cached !== null) {
    g.cachedDoubleNormal = null;
    return cached;
  }
  const u1 = uniform53(g);
  const u2 = uniform53(g);
  const radius = Math.sqrt(-2 * Math.log(1 - u2));
  const theta = 2 * Math.PI * u1;
  g.cachedDoubleNormal = radius * Math.sin(theta);
  return radius * Math.cos(theta);
}

// ---------------------------------------------------------------- integers

/**
 * torch.randint(low, high) / Tensor.random_(low, high): `random() % range + low`, or random64()
 * when range >= 2^32 (only possible for a BigInt64Array, i.e. int64).
 */
export function randintFill<T extends Int32Array | BigInt64Array>(
  g: Generator | null | undefined,
  out: T,
  low: number | bigint,
  high: number | bigint,
): T {
  const lo = toBigInt('low', low);
  const hi = toBigInt('high', high);
  if (lo >= hi) throw new ArgumentError(`high must be greater than low, got low=${lo}, high=${hi}`);
  const r = gen(g);
  const range = hi - lo;
  if (out instanceof Int32Array) {
    if (lo < -(2n ** 31n) || hi > 2n ** 31n) {
      throw new ArgumentError(`low and high must fit int32 for an Int32Array, got [${lo}, ${hi})`);
    }
    const rn = Number(range);
    const ln = Number(lo);
    for (let i = 0; i < out.length; i++) out[i] = (r.nextUint32() % rn) + ln;
    return out;
  }
  if (lo < -(2n ** 63n) || hi > 2n ** 63n) {
    throw new ArgumentError(`low and high must fit int64, got [${lo}, ${hi})`);
  }
  const o = out as BigInt64Array;
  if (range < 2n ** 32n) {
    const rn = Number(range);
    for (let i = 0; i < o.length; i++) o[i] = BigInt(r.nextUint32() % rn) + lo;
  } else {
    for (let i = 0; i < o.length; i++) o[i] = BigInt.asIntN(64, (r.nextUint64() % range) + lo);
  }
  return out;
}

function toBigInt(name: string, v: number | bigint): bigint {
  if (typeof v === 'bigint') return v;
  if (typeof v === 'number' && Number.isSafeInteger(v)) return BigInt(v);
  throw new ArgumentError(`${name} must be an integer (number or bigint), got ${String(v)}`);
}

/** torch.randperm(n) as PyTorch 1.13's randperm_cpu: swap i with i + random() % (n - i). */
export function randperm(g: Generator | null | undefined, n: number): Int32Array {
  if (!Number.isSafeInteger(n) || n < 0 || n > 2 ** 31) {
    throw new ArgumentError(`n must be an integer in [0, 2^31], got ${String(n)}`);
  }
  const r = gen(g);
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) out[i] = i;
  for (let i = 0; i < n - 1; i++) {
    const z = i + (r.nextUint32() % (n - i));
    const t = out[i];
    out[i] = out[z];
    out[z] = t;
  }
  return out;
}

/**
 * Tensor.bernoulli_(p) with a scalar p: 1 where a 53-bit double uniform is < p. This is PyTorch's
 * non-MKL kernel (bernoulli_distribution<double>); builds with MKL (the official x86 wheels) draw
 * through MKL's VSL instead, which this does not reproduce.
 */
export function bernoulliFill(
  g: Generator | null | undefined,
  out: Float32Array,
  p: number,
): Float32Array {
  if (typeof p !== 'number' || !(p >= 0 && p <= 1)) {
    throw new ArgumentError(`p must be a number in [0, 1], got ${String(p)}`);
  }
  const r = gen(g);
  for (let i = 0; i < out.length; i++) out[i] = uniform53(r) < p ? 1 : 0;
  return out;
}

// ---------------------------------------------------------------- philox (seed, offset) fills

function checkSeedOffset(seed: bigint, offset: bigint): void {
  if (typeof seed !== 'bigint')
    throw new ArgumentError(`seed must be a bigint, got ${typeof seed}`);
  if (typeof offset !== 'bigint') {
    throw new ArgumentError(`offset must be a bigint, got ${typeof offset}`);
  }
}

/** Uniforms in [from, to) from Philox blocks offset.. (see philox.ts); bit-exact by design. */
export function philoxUniformFill(
  seed: bigint,
  offset: bigint,
  out: Float32Array,
  from = 0,
  to = 1,
): Float32Array {
  checkSeedOffset(seed, offset);
  checkUniformBounds(from, to);
  const lo = f32(from);
  const range = f32(f32(to) - lo);
  const n = out.length;
  forEachPhiloxBlock(seed, offset, n, (w, i) => {
    for (let j = 0; j < 4 && i + j < n; j++) out[i + j] = f32(f32(u32ToUniform(w[j]) * range) + lo);
  });
  return out;
}

/** Box-Muller normals over pairs (2k, 2k+1) of the Philox uniforms (see philox.ts). */
export function philoxNormalFill(
  seed: bigint,
  offset: bigint,
  out: Float32Array,
  mean = 0,
  std = 1,
): Float32Array {
  checkSeedOffset(seed, offset);
  checkNormal(mean, std);
  const n = out.length;
  forEachPhiloxBlock(seed, offset, n, (w, i) => {
    for (let j = 0; j < 4 && i + j < n; j += 2) {
      const radius = Math.sqrt(-2 * Math.log(1 - u32ToUniform(w[j])));
      const theta = 2 * Math.PI * u32ToUniform(w[j + 1]);
      out[i + j] = f32(radius * Math.cos(theta) * std + mean);
      if (i + j + 1 < n) out[i + j + 1] = f32(radius * Math.sin(theta) * std + mean);
    }
  });
  return out;
}
