import type { PhiloxFill, View } from '@x/tensor';
import { numel } from '@x/tensor/backend';
import { coalesceOperands } from '../layout';
import type { Runtime } from '../runtime';
import type { WebGPUStorage } from '../storage';
import {
  declareBindings,
  f32Bits,
  grid,
  LINEAR_ENTRY,
  planBindings,
  WORKGROUP_SIZE,
} from './codegen';
import { prelude } from './prelude';

/**
 * Philox-4x32-10 on the device, following the (seed, offset) -> float32 mapping at the top
 * of @x/tensor's random/philox.ts: element i of the fill (row-major over the view) is word
 * i % 4 of block offset + floor(i / 4), keyed by the seed. One thread computes one block.
 * WGSL has no 64-bit integers, so the 32x32 -> 64-bit products are built from 16-bit halves.
 */
const PHILOX = /* wgsl */ `
fn mul_wide(a: u32, b: u32) -> vec2u {
  let a_lo = a & 0xffffu;
  let a_hi = a >> 16u;
  let b_lo = b & 0xffffu;
  let b_hi = b >> 16u;
  let lh = a_lo * b_hi;
  let hl = a_hi * b_lo;
  let mid = ((a_lo * b_lo) >> 16u) + (lh & 0xffffu) + (hl & 0xffffu);
  return vec2u(a * b, a_hi * b_hi + (lh >> 16u) + (hl >> 16u) + (mid >> 16u));
}
fn philox4x32_10(counter: vec4u, key: vec2u) -> vec4u {
  var c = counter;
  var k = key;
  for (var r = 0u; r < 10u; r++) {
    if (r > 0u) { k += vec2u(0x9e3779b9u, 0xbb67ae85u); }
    let p0 = mul_wide(0xd2511f53u, c.x);
    let p1 = mul_wide(0xcd9e8d57u, c.z);
    c = vec4u(p1.y ^ c.y ^ k.x, p1.x, p0.y ^ c.w ^ k.y, p0.x);
  }
  return c;
}
/** (u >> 8) * 2^-24: exact in f32. */
fn to_uniform(u: u32) -> f32 { return f32(u >> 8u) * 5.9604644775390625e-8; }
`;

/** Metadata header: count, rank, seed lo/hi, offset lo/hi, two f32 params. */
const HEADER = 8;

export function philoxFill(runtime: Runtime, out: View, fill: PhiloxFill): void {
  const n = numel(out.shape);
  if (n === 0) return;
  const layout = coalesceOperands(out.shape, [out]);
  const plan = planBindings([{ storage: out.storage as WebGPUStorage, write: true }]);
  const normal = fill.distribution === 'normal';
  const slot = plan.slots[0];
  // uniform: f32(f32(u * range) + low) with u = k * 2^-24. WGSL lets a compiler fuse a
  // multiply into the add after it, so the multiply next to the add is the exact scaling by
  // 2^-24: (k * range) * 2^-24 + low rounds the same fused or not. (Ranges of 2^100 or more,
  // where k * range could overflow, scale first.) normal: Box-Muller over word pairs (0, 1)
  // and (2, 3), in f32 where the CPU uses float64 (agreement to rounding).
  const values = normal
    ? `let r01 = sqrt(-2.0 * log(1.0 - to_uniform(w.x)));
  let t01 = 6.2831854820251465 * to_uniform(w.y);
  let r23 = sqrt(-2.0 * log(1.0 - to_uniform(w.z)));
  let t23 = 6.2831854820251465 * to_uniform(w.w);
  let v = vec4f(r01 * cos(t01), r01 * sin(t01), r23 * cos(t23), r23 * sin(t23)) * p1 + p0;`
    : `let k = vec4f(vec4u(w.x >> 8u, w.y >> 8u, w.z >> 8u, w.w >> 8u));
  let range = p1 - p0;
  var v = (k * range) * 5.9604644775390625e-8 + p0;
  if (range >= 1.2676506002282294e30) { v = k * (range * 5.9604644775390625e-8) + p0; }`;
  const code = () => `${prelude('f32')}
${declareBindings(plan.specs)}
${PHILOX}
fn element_offset(e: u32) -> u32 {
  let nd = info[1];
  var rem = e;
  var offset = info[${HEADER}u + nd];
  for (var d = nd; d > 0u; d--) {
    let size = info[${HEADER}u + d - 1u];
    offset += (rem % size) * info[${HEADER}u + nd + d];
    rem = rem / size;
  }
  return offset;
}
${LINEAR_ENTRY}
  let n = info[0];
  if (i * 4u >= n) { return; }
  let lo = info[4] + i;
  let hi = info[5] + select(0u, 1u, lo < i);
  let w = philox4x32_10(vec4u(lo, hi, 0u, 0u), vec2u(info[2], info[3]));
  let p0 = bitcast<f32>(info[6]);
  let p1 = bitcast<f32>(info[7]);
  ${values}
  for (var j = 0u; j < 4u; j++) {
    if (i * 4u + j < n) { b${slot}[element_offset(i * 4u + j)] = v[j]; }
  }
}`;
  const [seedLo, seedHi] = split64(fill.seed);
  const [offsetLo, offsetHi] = split64(fill.offset);
  const [a, b] = fill.params;
  // uniform passes (low, high) and computes high - low in f32, as the CPU does: f32(f32(to) - lo)
  const meta = [
    n,
    layout.shape.length,
    seedLo,
    seedHi,
    offsetLo,
    offsetHi,
    f32Bits(a),
    f32Bits(b),
    ...layout.shape,
    layout.operands[0].offset,
    ...layout.operands[0].strides,
  ];
  runtime.dispatch({
    key: `philox|${fill.distribution}|${plan.key}`,
    code,
    buffers: plan.buffers,
    meta,
    workgroups: grid(Math.ceil(Math.ceil(n / 4) / WORKGROUP_SIZE)),
  });
}

function split64(value: bigint): [number, number] {
  const v = BigInt.asUintN(64, value);
  return [Number(v & 0xffffffffn), Number(v >> 32n)];
}
