import type { DType } from '@x/tensor';
import type { ComputeType } from './prelude';

/**
 * Pieces shared by the shader generators. Storage layout: every element is 4 bytes;
 * float32 is `f32`, int32 `i32`, and bool one `u32` (0 or 1) per element, so any thread can
 * write any element without touching its neighbours.
 */

export const WORKGROUP_SIZE = 256;
/** WebGPU's default maxComputeWorkgroupsPerDimension. */
export const MAX_GROUPS_PER_DIM = 65535;

/** The WGSL type of one stored element. */
export function storageType(dtype: DType): 'f32' | 'i32' | 'u32' {
  return dtype === 'float32' ? 'f32' : dtype === 'int32' ? 'i32' : 'u32';
}

/** The type kernels compute in for values of `dtype`: f32 for floats, i32 for ints and bools. */
export function computeType(dtype: DType): ComputeType {
  return dtype === 'float32' ? 'f32' : 'i32';
}

/** A stored element (WGSL expression `element`) converted to compute type `to`. */
export function loadAs(element: string, dtype: DType, to: ComputeType): string {
  const from = storageType(dtype);
  if (from === to) return element;
  if (from === 'f32') return `f32_to_i32(${element})`;
  return `${to}(${element})`;
}

/**
 * A value of WGSL type `from` stored into an element of `dtype` with PyTorch's casts:
 * float -> int truncates (NaN -> 0), nonzero (NaN included) -> bool is 1.
 */
export function storeAs(value: string, from: ComputeType | 'bool', dtype: DType): string {
  const to = storageType(dtype);
  if (from === 'bool') {
    const [zero, one] = to === 'f32' ? ['0.0', '1.0'] : to === 'u32' ? ['0u', '1u'] : ['0', '1'];
    return `select(${zero}, ${one}, ${value})`;
  }
  if (to === 'u32') {
    return `select(0u, 1u, ${from === 'f32' ? `nonzero_f32(${value})` : `${value} != 0`})`;
  }
  if (to === from) return value;
  return to === 'f32' ? `f32(${value})` : `f32_to_i32(${value})`;
}

/** One storage buffer a dispatch binds (binding 0 is always the metadata). */
export interface BindingSpec {
  readonly dtype: DType;
  readonly write: boolean;
  /** Declared as atomics (scatterAdd's output). */
  readonly atomic?: boolean;
}

/**
 * `@group(0) @binding(i + 1) var<storage, ...> b{i+1}` for each binding: arrays of elements,
 * or of vec4s of them when `lanes` is 4.
 */
export function declareBindings(bindings: readonly BindingSpec[], lanes: 1 | 4 = 1): string {
  const lines = ['@group(0) @binding(0) var<storage, read> info: array<u32>;'];
  bindings.forEach((b, i) => {
    const element = b.atomic
      ? `atomic<${storageType(b.dtype) === 'i32' ? 'i32' : 'u32'}>`
      : lanes === 4
        ? `vec4<${storageType(b.dtype)}>`
        : storageType(b.dtype);
    const access = b.write ? 'read_write' : 'read';
    lines.push(
      `@group(0) @binding(${i + 1}) var<storage, ${access}> b${i + 1}: array<${element}>;`,
    );
  });
  return lines.join('\n');
}

/** A cache-key fragment describing the bindings. */
export function bindingsKey(bindings: readonly BindingSpec[]): string {
  return bindings.map((b) => `${b.dtype}${b.write ? 'w' : 'r'}${b.atomic ? 'a' : ''}`).join(',');
}

/**
 * Code computing `o0..o{count-1}`, the element offsets of `count` strided operands at the
 * row-major output index `i`. Metadata from word `header`: shape[nd], then per operand its
 * offset and strides[nd]; `nd` is a WGSL variable holding the rank. A rank-1 layout (every
 * contiguous tensor, once coalesced) skips the divisions: a uniform branch rather than a
 * second pipeline, since each pipeline costs a compile.
 */
export function offsetsCode(count: number, header: number): string {
  const base = (k: number) => `${header}u + nd + ${k}u * (nd + 1u)`;
  const lines: string[] = [];
  for (let k = 0; k < count; k++) lines.push(`var o${k} = info[${base(k)}];`);
  lines.push('if (nd == 1u) {');
  for (let k = 0; k < count; k++) lines.push(`    o${k} += i * info[${base(k)} + 1u];`);
  lines.push('  } else {');
  lines.push('    var rem = i;');
  lines.push('    for (var d = nd; d > 0u; d--) {');
  lines.push(`      let size = info[${header}u + d - 1u];`);
  lines.push('      let c = rem % size;');
  lines.push('      rem = rem / size;');
  for (let k = 0; k < count; k++) lines.push(`      o${k} += c * info[${base(k)} + d];`);
  lines.push('    }');
  lines.push('  }');
  return lines.join('\n  ');
}

/** Metadata for offsetsCode: the shape, then each operand's offset and strides (u32 wrapping). */
export function stridedMeta(
  shape: readonly number[],
  operands: readonly { offset: number; strides: readonly number[] }[],
): number[] {
  const words = [...shape];
  for (const op of operands) words.push(op.offset, ...op.strides);
  return words;
}

/** Workgroup counts for `groups` workgroups, folded into y when x would exceed the limit. */
export function grid(groups: number): [number, number, number] {
  if (groups <= MAX_GROUPS_PER_DIM) return [Math.max(groups, 1), 1, 1];
  const y = Math.ceil(groups / MAX_GROUPS_PER_DIM);
  return [Math.ceil(groups / y), y, 1];
}

/** The entry point's builtins and the linear invocation index `i` (one thread per item). */
export const LINEAR_ENTRY = `@compute @workgroup_size(${WORKGROUP_SIZE})
fn main(@builtin(workgroup_id) wg: vec3u, @builtin(num_workgroups) nwg: vec3u, @builtin(local_invocation_index) lid: u32) {
  let i = (wg.y * nwg.x + wg.x) * ${WORKGROUP_SIZE}u + lid;`;

/** Reinterprets numbers as u32 metadata words. */
const scratch = new DataView(new ArrayBuffer(4));
export function f32Bits(value: number): number {
  scratch.setFloat32(0, value, true);
  return scratch.getUint32(0, true);
}
export function i32Bits(value: number): number {
  return value >>> 0;
}
/** A scalar as the bits of compute type `type` (ints saturate, as WGSL's conversions do). */
export function scalarBits(value: number, type: ComputeType): number {
  if (type === 'f32') return f32Bits(value);
  if (Number.isNaN(value)) return 0;
  return i32Bits(Math.max(-(2 ** 31), Math.min(2 ** 31 - 1, Math.trunc(value))));
}

/** A kernel operand: a storage and how the kernel uses it. */
export interface Operand {
  readonly storage: { readonly buffer: GPUBuffer; readonly dtype: DType };
  readonly write?: boolean;
  readonly atomic?: boolean;
}

/**
 * Binds each distinct storage once (WebGPU forbids binding one buffer as both read-only and
 * writable storage in a dispatch, which in-place ops would otherwise do). `slots[k]` is
 * operand k's binding number; `key` tells pipelines with different aliasing apart.
 */
export function planBindings(operands: readonly Operand[]) {
  const specs: { dtype: DType; write: boolean; atomic: boolean }[] = [];
  const buffers: GPUBuffer[] = [];
  const slots: number[] = [];
  for (const op of operands) {
    let slot = buffers.indexOf(op.storage.buffer);
    if (slot < 0) {
      slot = buffers.length;
      buffers.push(op.storage.buffer);
      specs.push({ dtype: op.storage.dtype, write: false, atomic: false });
    }
    if (op.write) specs[slot].write = true;
    if (op.atomic) specs[slot].atomic = true;
    slots.push(slot + 1);
  }
  return { specs, buffers, slots, key: `${slots.join('')}:${bindingsKey(specs)}` };
}
