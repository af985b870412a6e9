import type { View } from '@x/tensor';
import { numel } from '@x/tensor/backend';
import { coalesceOperands } from '../layout';
import type { Runtime } from '../runtime';
import type { WebGPUStorage } from '../storage';
import {
  computeType,
  declareBindings,
  grid,
  LINEAR_ENTRY,
  loadAs,
  offsetsCode,
  planBindings,
  storeAs,
  stridedMeta,
  WORKGROUP_SIZE,
} from './codegen';
import { prelude } from './prelude';

/**
 * Indices are only known on the device, so a bad one cannot throw where it is used. The
 * kernel skips it and records the first one in the backend's error flag (op code, index,
 * dim size), which the next read() turns into an IndexError, as CUDA's device asserts do.
 */
export const FLAG_GATHER = 1;
export const FLAG_SCATTER_ADD = 2;

/** The flag's words as an atomic u32 binding (declared through a 'bool' spec: one u32 each). */
export function flagOperand(flag: GPUBuffer) {
  return { storage: { buffer: flag, dtype: 'bool' as const }, write: true, atomic: true };
}

const reportCode = (flagSlot: number) => `
fn report_bad_index(code: u32, value: i32, size: u32) {
  if (atomicExchange(&b${flagSlot}[0], code) == 0u) {
    atomicStore(&b${flagSlot}[1], bitcast<u32>(value));
    atomicStore(&b${flagSlot}[2], size);
  }
}`;

/** Metadata header: element count, rank, stride of `dim` in the indexed tensor, size of `dim`. */
const HEADER = 4;

/** Per element of `index`'s shape: the three strided offsets, the indexed tensor's stride 0 along `dim`. */
function layoutOf(indexed: View, dim: number, index: View, other: View) {
  const pinned = {
    offset: indexed.offset,
    strides: indexed.strides.map((s, d) => (d === dim ? 0 : s)),
  };
  return coalesceOperands(index.shape, [pinned, index, other]);
}

/** out[..., j, ...] = input[..., index[..., j, ...], ...] along `dim` (torch.gather). */
export function gather(
  runtime: Runtime,
  flag: GPUBuffer,
  input: View,
  dim: number,
  index: View,
  out: View,
): void {
  const n = numel(out.shape);
  if (n === 0) return;
  const layout = layoutOf(input, dim, index, out);
  const plan = planBindings([
    { storage: input.storage as WebGPUStorage },
    { storage: index.storage as WebGPUStorage },
    { storage: out.storage as WebGPUStorage, write: true },
    flagOperand(flag),
  ]);
  const type = computeType(input.storage.dtype);
  const [sIn, sIdx, sOut, sFlag] = plan.slots;
  const code = () => `${prelude(type)}
${declareBindings(plan.specs)}
${reportCode(sFlag)}
${LINEAR_ENTRY}
  if (i >= info[0]) { return; }
  let nd = info[1];
  ${offsetsCode(3, HEADER)}
  let j = b${sIdx}[o1];
  var value = ${type}(0);
  if (j < 0 || u32(j) >= info[3]) {
    report_bad_index(${FLAG_GATHER}u, j, info[3]);
  } else {
    value = ${loadAs(`b${sIn}[o0 + u32(j) * info[2]]`, input.storage.dtype, type)};
  }
  b${sOut}[o2] = ${storeAs('value', type, out.storage.dtype)};
}`;
  runtime.dispatch({
    key: `gather|${type}|${plan.key}`,
    code,
    buffers: plan.buffers,
    meta: [
      n,
      layout.shape.length,
      input.strides[dim],
      input.shape[dim],
      ...stridedMeta(layout.shape, layout.operands),
    ],
    workgroups: grid(Math.ceil(n / WORKGROUP_SIZE)),
  });
}

/**
 * out[..., index[..., j, ...], ...] += src[..., j, ...] along `dim` (torch.scatter_add_), with
 * atomics: atomicAdd for int32, a compare-exchange loop on the bits for float32 (so the order
 * of colliding float adds, and their last bits, may vary between runs), atomicOr for bool.
 * `src` and `index` must not share `out`'s storage (the backend copies them first).
 */
export function scatterAdd(
  runtime: Runtime,
  flag: GPUBuffer,
  out: View,
  dim: number,
  index: View,
  src: View,
): void {
  const n = numel(src.shape);
  if (n === 0) return;
  const layout = layoutOf(out, dim, index, src);
  const plan = planBindings([
    { storage: out.storage as WebGPUStorage, write: true, atomic: true },
    { storage: index.storage as WebGPUStorage },
    { storage: src.storage as WebGPUStorage },
    flagOperand(flag),
  ]);
  const dtype = out.storage.dtype;
  const type = computeType(dtype);
  const [sOut, sIdx, sSrc, sFlag] = plan.slots;
  const value = loadAs(`b${sSrc}[o2]`, src.storage.dtype, type);
  const add =
    dtype === 'int32'
      ? `atomicAdd(&b${sOut}[at], value);`
      : dtype === 'bool'
        ? `if (value != 0) { atomicOr(&b${sOut}[at], 1u); }`
        : `var old = atomicLoad(&b${sOut}[at]);
    loop {
      let swapped = atomicCompareExchangeWeak(&b${sOut}[at], old, bitcast<u32>(bitcast<f32>(old) + value));
      if (swapped.exchanged) { break; }
      old = swapped.old_value;
    }`;
  const code = () => `${prelude(type)}
${declareBindings(plan.specs)}
${reportCode(sFlag)}
${LINEAR_ENTRY}
  if (i >= info[0]) { return; }
  let nd = info[1];
  ${offsetsCode(3, HEADER)}
  let j = b${sIdx}[o1];
  if (j < 0 || u32(j) >= info[3]) {
    report_bad_index(${FLAG_SCATTER_ADD}u, j, info[3]);
  } else {
    let at = o0 + u32(j) * info[2];
    let value = ${value};
    ${add}
  }
}`;
  runtime.dispatch({
    key: `scatterAdd|${type}|${plan.key}`,
    code,
    buffers: plan.buffers,
    meta: [
      n,
      layout.shape.length,
      out.strides[dim],
      out.shape[dim],
      ...stridedMeta(layout.shape, layout.operands),
    ],
    workgroups: grid(Math.ceil(n / WORKGROUP_SIZE)),
  });
}
