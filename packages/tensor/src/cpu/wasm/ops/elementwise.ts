import type { View } from '../../../backend';
import type { DType } from '../../../dtype';
import { coalesce } from '../../../layout';
import {
  BINARY_OPS,
  type BinaryOp,
  type DefinedUnaryOp,
  UNARY_OPS,
  type UnaryOp,
  unaryDecl,
} from '../../../ops/elementwise-table';
import { CpuStorage } from '../../storage';
import { DESCRIPTOR_WORDS, RESERVED } from '../heap';
import { runsAsWasm } from '../kernels/elementwise-ops';
import { descriptorWords } from '../kernels/strided';
import { getKernels, heap } from '../runtime';
import { type Chunk, parallelism, runChunks } from '../threads';
import { inHeap } from './staging';

const BYTES: Record<DType, number> = { float32: 4, int32: 4, bool: 1 };

const isF32 = (view: View) => view.storage.dtype === 'float32';
/** A JS number the float32 kernels can take without changing the result: it is a float32. */
const exact = (value: number) => Math.fround(value) === value || Number.isNaN(value);

/**
 * Runs `kernel` over views that all have out's shape (broadcast inputs have stride 0): writes
 * the coalesced strides into the descriptor and calls the kernel, on heap copies of operands
 * the collector owns (see inHeap). False if it cannot.
 */
export function runElementwise(
  kernel: string,
  inputs: readonly View[],
  out: View,
  params: readonly number[] = [],
): boolean {
  const kernels = getKernels();
  if (kernels === null || kernels[kernel] === undefined) return false;
  const operands = [...inputs, out];
  if (out.shape.includes(0)) return true;
  const { shape, strides } = coalesce(out.shape, operands);
  if (descriptorWords(shape.length + 1, operands.length) > DESCRIPTOR_WORDS) return false;
  inHeap(operands, [inputs.length], (staged) =>
    runInHeap(kernels, kernel, staged, shape, strides, params),
  );
  return true;
}

function runInHeap(
  kernels: NonNullable<ReturnType<typeof getKernels>>,
  kernel: string,
  operands: readonly View[],
  shape: readonly number[],
  strides: readonly (readonly number[])[],
  params: readonly number[],
): void {
  const addresses = operands.map((v) => (v.storage as CpuStorage).address(v.offset));
  const bytes = operands.map((v) => BYTES[v.storage.dtype]);
  const fn = kernels[kernel];
  const run = (dims: readonly number[], steps: readonly (readonly number[])[], shift: number) => {
    writeDescriptor(dims, steps, bytes, RESERVED.descriptor);
    fn(
      RESERVED.descriptor,
      ...addresses.map((a, k) => a + shift * steps[k][dims.length - 1] * bytes[k]),
      ...params,
    );
  };
  const ndim = shape.length;
  const columns = shape[ndim - 1];
  const strided = strides.some((s) => s[ndim - 1] !== 0 && Math.abs(s[ndim - 1]) > 16);
  if (ndim < 2 || columns <= 2 * TILE || !strided) {
    const chunks = splitRows(kernel, shape, strides, addresses, bytes, params);
    if (chunks.length > 1) runChunks(kernels, chunks);
    else run(shape, strides, 0);
    return;
  }
  // A transposed operand reads one cache line per element along a row: walk bands of TILE
  // columns down all rows instead, so the lines a band touches are reused before eviction.
  const bands = Math.floor(columns / TILE);
  const outer = shape.slice(0, ndim - 2);
  run(
    [...outer, bands, shape[ndim - 2], TILE],
    strides.map((s) => [...s.slice(0, ndim - 2), s[ndim - 1] * TILE, s[ndim - 2], s[ndim - 1]]),
    0,
  );
  if (columns % TILE !== 0) run([...outer, shape[ndim - 2], columns % TILE], strides, bands * TILE);
}

/** Columns in a band of a transposed walk (see runElementwise). */
const TILE = 32;
/** Elements below which an op runs on one thread: waking workers would cost more. */
const PARALLEL_ELEMENTS = 1 << 16;

/**
 * The op cut into one chunk per thread along its outermost dimension, each with its own
 * descriptor; a single chunk when it is small, on one thread, or its descriptors do not fit.
 * Each element is computed by the same code whatever the split.
 */
function splitRows(
  kernel: string,
  shape: readonly number[],
  strides: readonly (readonly number[])[],
  addresses: readonly number[],
  bytes: readonly number[],
  params: readonly number[],
): Chunk[] {
  const elements = shape.reduce((p, s) => p * s, 1);
  const words = descriptorWords(shape.length, addresses.length);
  const count = Math.min(
    elements < PARALLEL_ELEMENTS ? 1 : parallelism(),
    shape[0],
    Math.floor(DESCRIPTOR_WORDS / words),
  );
  if (count <= 1) return [];
  const f32 = [...addresses.map(() => false), false, ...params.map(() => true)];
  const edge = (i: number) => Math.round((shape[0] * i) / count);
  const chunks: Chunk[] = [];
  for (let i = 0; i < count; i++) {
    const [from, to] = [edge(i), edge(i + 1)];
    const descriptor = RESERVED.descriptor + i * words * 4;
    writeDescriptor([to - from, ...shape.slice(1)], strides, bytes, descriptor);
    const pointers = addresses.map((a, k) => a + from * strides[k][0] * bytes[k]);
    chunks.push({ kernel, args: [descriptor, ...pointers, ...params], f32 });
  }
  return chunks;
}

function writeDescriptor(
  shape: readonly number[],
  strides: readonly (readonly number[])[],
  bytes: readonly number[],
  address: number,
): void {
  const ndim = shape.length;
  const words = new Int32Array(heap.buffer, address, descriptorWords(ndim, bytes.length));
  words[0] = ndim;
  words[1] = shape.slice(0, -1).reduce((p, s) => p * s, 1);
  words.set(shape, 2);
  strides.forEach((s, k) => {
    for (let d = 0; d < ndim; d++) words[2 + ndim * (k + 1) + d] = s[d] * bytes[k];
  });
}

export function binaryWasm(op: BinaryOp, a: View, b: View | number, out: View): boolean {
  const decl = BINARY_OPS[op];
  const wantOut = decl.rule === 'bool' ? 'bool' : 'float32';
  if (!runsAsWasm(decl) || !isF32(a) || out.storage.dtype !== wantOut) return false;
  if (typeof b === 'number') return exact(b) && runElementwise(`${op}_scalar`, [a], out, [b]);
  return isF32(b) && runElementwise(op, [a, b], out);
}

export function unaryWasm(
  op: UnaryOp | DefinedUnaryOp,
  input: View,
  out: View,
  params: readonly number[],
): boolean {
  // Defined ops have no compiled kernel (the module is built from the table).
  if (!(op in UNARY_OPS)) return false;
  const decl = unaryDecl(op);
  const wantOut = decl.rule === 'bool' ? 'bool' : 'float32';
  if (!runsAsWasm(decl) || !isF32(input) || out.storage.dtype !== wantOut) return false;
  const used = params.slice(0, decl.params ?? 0);
  return used.every(exact) && runElementwise(op, [input], out, used);
}

export function whereWasm(condition: View, a: View, b: View, out: View): boolean {
  if (condition.storage.dtype !== 'bool' || !isF32(out)) return false;
  // `t.where(mask, 0)` passes 0 as a broadcast int32 scalar: read it as the float32 it casts to
  const [fa, fb] = [a, b].map(asFloat32);
  if (fa === null || fb === null) return false;
  try {
    return runElementwise('where', [condition, fa, fb], out);
  } finally {
    for (const [view, original] of [
      [fa, a],
      [fb, b],
    ]) {
      if (view !== original) (view.storage as CpuStorage).release();
    }
  }
}

/** The view itself if float32; a broadcast scalar of another dtype as a float32 copy; else null. */
function asFloat32(view: View): View | null {
  if (isF32(view)) return view;
  if (!view.strides.every((s) => s === 0)) return null;
  const storage = view.storage as CpuStorage;
  const copy = CpuStorage.staging(storage.backend, 1, 'float32');
  copy.data[0] = storage.data[view.offset];
  return { storage: copy, shape: view.shape, strides: view.strides, offset: 0 };
}

export function copyWasm(input: View, out: View): boolean {
  const dtype = input.storage.dtype;
  if (dtype !== out.storage.dtype) return false;
  const [from, to] = [input, out].map((v) => v.storage as CpuStorage);
  const { shape, strides } = coalesce(out.shape, [input, out]);
  if (shape.length === 1 && strides[0][0] === 1 && strides[1][0] === 1) {
    // contiguous: the host's memmove
    if (from.inHeap && to.inHeap) {
      const start = from.address(input.offset);
      const bytes = from.address(input.offset + shape[0]) - start;
      new Uint8Array(heap.buffer).copyWithin(to.address(out.offset), start, start + bytes);
    } else {
      to.data.set(from.data.subarray(input.offset, input.offset + shape[0]), out.offset);
    }
    return true;
  }
  return runElementwise(dtype === 'bool' ? 'copy8' : 'copy32', [input], out);
}
