import type { GeneratorFill, PhiloxFill, View } from '../../../backend';
import { coalesce } from '../../../layout';
import type { Generator } from '../../../random/generator';
import { splitU64, u32ToUniform } from '../../../random/philox';
import { contiguousStrides } from '../../../shape';
import { CpuStorage } from '../../storage';
import { MT_STATE_BYTE } from '../kernels/mt19937';
import type { Kernels } from '../module';
import { getKernels, heap } from '../runtime';
import { copyWasm } from './elementwise';
import { inHeap } from './staging';

/** Below this many elements the state round trip costs more than drawing in TypeScript. */
const MIN_ELEMENTS = 1024;
// Offsets in PyTorch's CPUGeneratorImplState bytes (Generator.getState()).
const STATE_LEFT = 8;
const STATE_NEXT = 16;
const STATE_WORDS = 24;
const MT_N = 624;

/**
 * Draws an mt19937 uniform_ or normal_ fill straight into a contiguous float32 heap view with
 * the WebAssembly kernels: the same values, and the same generator state afterwards, as
 * uniformFill/normalFill in random/distributions.ts. False when it does not apply.
 */
export function mt19937FillWasm(out: View, generator: Generator, fill: GeneratorFill): boolean {
  const kernels = getKernels();
  const storage = out.storage as CpuStorage;
  if (kernels === null || generator.algorithm !== 'mt19937') return false;
  if (storage.dtype !== 'float32') return false;
  const { shape, strides } = coalesce(out.shape, [out]);
  const n = shape[0];
  if (shape.length !== 1 || (strides[0][0] !== 1 && n > 1) || n < MIN_ELEMENTS) return false;
  // on a heap copy when the collector owns the storage (see inHeap)
  inHeap([out], [0], ([target]) => mt19937Fill(kernels, target, n, generator, fill));
  return true;
}

function mt19937Fill(
  kernels: Kernels,
  out: View,
  n: number,
  generator: Generator,
  fill: GeneratorFill,
): void {
  const storage = out.storage as CpuStorage;
  const state = generator.getState();
  const bytes = new DataView(state.buffer, state.byteOffset, state.byteLength);
  const words = new Int32Array(heap.buffer, MT_STATE_BYTE, 4 + MT_N);
  words[0] = bytes.getInt32(STATE_LEFT, true);
  words[1] = Number(bytes.getBigUint64(STATE_NEXT, true));
  for (let i = 0; i < MT_N; i++) words[4 + i] = bytes.getInt32(STATE_WORDS + 8 * i, true);
  const at = storage.address(out.offset);
  const [a, b] = fill.params.map(Math.fround);
  if (fill.distribution === 'uniform') {
    const low = a;
    const range = Math.fround(Math.fround(fill.params[1]) - low);
    const mode = low === 0 && range === 1 ? 0 : sumIsExact(low, range) ? 1 : 2;
    kernels.mt_uniform(at, n, low, range, mode);
  } else {
    kernels.mt_uniform(at, n, 0, 1, 0);
    kernels.bm_blocks(at, n >> 4, a, b);
    if (n % 16 !== 0) {
      kernels.mt_uniform(at + (n - 16) * 4, 16, 0, 1, 0);
      kernels.bm_blocks(at + (n - 16) * 4, 1, a, b);
    }
  }
  const after = new Int32Array(heap.buffer, MT_STATE_BYTE, 4 + MT_N);
  bytes.setInt32(STATE_LEFT, after[0], true);
  bytes.setBigUint64(STATE_NEXT, BigInt(after[1]), true);
  for (let i = 0; i < MT_N; i++) bytes.setUint32(STATE_WORDS + 8 * i, after[4 + i] >>> 0, true);
  generator.setState(state);
}

/**
 * Whether u · range + low is exact in float64 for every u = j · 2^-24 (j < 2^24): its bits
 * then span at most 53 places, from the top of max(|range|, |low|) (plus a carry) down to the
 * lowest bit either term can have. One float64 addition then rounds nothing, and the
 * rounding to float32 is the fused multiply-add's.
 */
function sumIsExact(low: number, range: number): boolean {
  if (range === 0 || low === 0) return true;
  const top = Math.floor(Math.log2(Math.max(Math.abs(range), Math.abs(low)))) + 2;
  const lowest = Math.min(lowestBit(range) - 24, lowestBit(low));
  return top - lowest <= 53;
}

/** The exponent of the lowest set bit of a nonzero float32. */
function lowestBit(value: number): number {
  const bits = new Int32Array(Float32Array.of(value).buffer)[0];
  const exponent = (bits >>> 23) & 0xff;
  const mantissa = exponent === 0 ? bits & 0x7fffff : (bits & 0x7fffff) | 0x800000;
  const trailing = 31 - Math.clz32(mantissa & -mantissa);
  return trailing + (exponent === 0 ? -149 : exponent - 150);
}

/**
 * The Backend's philoxFill on the CPU: the (seed, offset) mapping of random/philox.ts, the
 * uniforms computed by the WebAssembly kernel, normals' Box-Muller in float64 with JS's
 * Math as philoxNormalFill does. Strided views are filled through a contiguous copy.
 */
export function philoxFillWasm(out: View, fill: PhiloxFill): boolean {
  const kernels = getKernels();
  const storage = out.storage as CpuStorage;
  if (kernels === null || storage.dtype !== 'float32') return false;
  const n = out.shape.reduce((p, s) => p * s, 1);
  if (n === 0) return true;
  const { shape, strides } = coalesce(out.shape, [out]);
  const direct =
    storage.inHeap &&
    shape.length === 1 &&
    (strides[0][0] === 1 || n === 1) &&
    fill.distribution === 'uniform';
  const uniform = fill.distribution === 'uniform';
  // normals pair words within a block, so they need the whole last block
  const drawn = uniform ? n : Math.ceil(n / 4) * 4;
  const staging = direct ? null : CpuStorage.staging(storage.backend, drawn, 'float32');
  const target = staging === null ? storage.address(out.offset) : staging.ptr;
  const seed = splitU64(fill.seed);
  const offset = splitU64(fill.offset);
  const low = uniform ? Math.fround(fill.params[0]) : 0;
  const range = uniform ? Math.fround(Math.fround(fill.params[1]) - low) : 1;
  kernels.philox_fill(
    target,
    drawn,
    seed[0],
    seed[1],
    offset[0],
    offset[1],
    low,
    range,
    uniform ? 0 : 1,
  );
  if (staging === null) return true;
  if (!uniform)
    boxMuller(
      new Uint32Array(heap.buffer, staging.ptr, drawn),
      n,
      staging.data as Float32Array,
      fill.params,
    );
  const contiguous = {
    storage: staging,
    shape: out.shape,
    strides: contiguousStrides(out.shape),
    offset: 0,
  };
  copyWasm(contiguous, out);
  staging.release();
  return true;
}

/** philoxNormalFill's transform of the first n words, in place (pairs share a block). */
function boxMuller(
  words: Uint32Array,
  n: number,
  out: Float32Array,
  [mean, std]: readonly [number, number],
): void {
  for (let i = 0; i < n; i += 2) {
    const radius = Math.sqrt(-2 * Math.log(1 - u32ToUniform(words[i])));
    const theta = 2 * Math.PI * u32ToUniform(words[i + 1]);
    out[i] = radius * Math.cos(theta) * std + mean;
    if (i + 1 < n) out[i + 1] = radius * Math.sin(theta) * std + mean;
  }
}
