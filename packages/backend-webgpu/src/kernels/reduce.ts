import type { ReduceOp, View } from '@x/tensor';
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
  planBindings,
  storeAs,
  WORKGROUP_SIZE,
} from './codegen';
import { type ComputeType, prelude } from './prelude';

/** Below this many reduced elements one thread per output beats a workgroup per output. */
const TREE_THRESHOLD = 128;
/**
 * From this many outputs one thread each keeps the device busy, and a workgroup per output
 * (its barriers, and on lavapipe a coroutine switch per invocation at each) costs more than
 * it shares, unless each reduction is much longer than the outputs are many. On lavapipe a
 * 128x512 column sum took 7.9 ms as 512 workgroups and 0.8 ms as 512 threads.
 */
const TREE_MAX_OUTPUTS = 64;

/**
 * How each reduction combines two partial results (value `v`, index `i` of the element it
 * came from). The combine is order-independent, so the tree gives the CPU's answer: max/min
 * propagate NaN, argmax/argmin pick the extreme (NaN first) with the smallest index.
 */
function combineCode(op: ReduceOp): string {
  switch (op) {
    case 'sum':
      return 'return Acc(a.v + b.v, 0u);';
    case 'prod':
      return 'return Acc(a.v * b.v, 0u);';
    case 'max':
    case 'min':
      return `if (is_nan(a.v)) { return a; }
  if (is_nan(b.v)) { return b; }
  return Acc(${op}(a.v, b.v), 0u);`;
    default: {
      const better = op === 'argmax' ? '>' : '<';
      return `let an = is_nan(a.v);
  let bn = is_nan(b.v);
  if (an && !bn) { return a; }
  if (bn && !an) { return b; }
  if (an || a.v == b.v) { if (a.i < b.i) { return a; } return b; }
  if (a.v ${better} b.v) { return a; }
  return b;`;
    }
  }
}

/** Each reduction's starting value: the one combining with it leaves unchanged. */
export const REDUCE_IDENTITY: Record<ReduceOp, 'zero' | 'one' | 'lowest' | 'highest'> = {
  sum: 'zero',
  prod: 'one',
  max: 'lowest',
  argmax: 'lowest',
  min: 'highest',
  argmin: 'highest',
};

function identityCode(op: ReduceOp, type: ComputeType): string {
  const value = {
    zero: '0',
    one: '1',
    lowest: type === 'f32' ? '-inf_f32()' : '(-2147483647 - 1)',
    highest: type === 'f32' ? 'inf_f32()' : '2147483647',
  }[REDUCE_IDENTITY[op]];
  return `Acc(${type}(${value}), 0xffffffffu)`;
}

/**
 * Metadata: [M outputs, R reduced per output, kept rank, reduced rank, input offset, out
 * offset], kept shape, kept input strides, out strides, reduced shape, reduced input strides.
 */
const HEADER = 6;

function shaderCode(
  op: ReduceOp,
  type: ComputeType,
  tree: boolean,
  plan: ReturnType<typeof planBindings>,
  input: View,
  out: View,
): string {
  const load = loadAs(`b${plan.slots[0]}[bo.x + inner_offset(r)]`, input.storage.dtype, type);
  const result =
    op === 'argmax' || op === 'argmin' ? 'i32(acc.i)' : storeAs('acc.v', type, out.storage.dtype);
  const common = `${prelude(type)}
${declareBindings(plan.specs)}
struct Acc { v: ${type}, i: u32 }
fn combine(a: Acc, b: Acc) -> Acc {
  ${combineCode(op)}
}
/** (input offset of the output's first reduced element, output offset) */
fn base_offsets(o: u32) -> vec2u {
  let nk = info[2];
  var rem = o;
  var base = vec2u(info[4], info[5]);
  for (var d = nk; d > 0u; d--) {
    let size = info[${HEADER}u + d - 1u];
    let c = rem % size;
    rem = rem / size;
    base += c * vec2u(info[${HEADER}u + nk + d - 1u], info[${HEADER}u + 2u * nk + d - 1u]);
  }
  return base;
}
fn inner_offset(r: u32) -> u32 {
  let nk = info[2];
  let nr = info[3];
  let at = ${HEADER}u + 3u * nk;
  var rem = r;
  var offset = 0u;
  for (var d = nr; d > 0u; d--) {
    let size = info[at + d - 1u];
    offset += (rem % size) * info[at + nr + d - 1u];
    rem = rem / size;
  }
  return offset;
}`;
  if (!tree) {
    return `${common}
${LINEAR_ENTRY}
  if (i >= info[0]) { return; }
  let bo = base_offsets(i);
  var acc = ${identityCode(op, type)};
  for (var r = 0u; r < info[1]; r++) { acc = combine(acc, Acc(${load}, r)); }
  b${plan.slots[1]}[bo.y] = ${result};
}`;
  }
  return `${common}
var<workgroup> partial_v: array<${type}, ${WORKGROUP_SIZE}>;
var<workgroup> partial_i: array<u32, ${WORKGROUP_SIZE}>;
@compute @workgroup_size(${WORKGROUP_SIZE})
fn main(@builtin(workgroup_id) wg: vec3u, @builtin(num_workgroups) nwg: vec3u, @builtin(local_invocation_index) lid: u32) {
  let o = wg.y * nwg.x + wg.x;
  let valid = o < info[0];
  let bo = base_offsets(select(0u, o, valid));
  var acc = ${identityCode(op, type)};
  let count = select(0u, info[1], valid);
  for (var r = lid; r < count; r += ${WORKGROUP_SIZE}u) { acc = combine(acc, Acc(${load}, r)); }
  partial_v[lid] = acc.v;
  partial_i[lid] = acc.i;
  workgroupBarrier();
  for (var s = ${WORKGROUP_SIZE / 2}u; s > 0u; s = s >> 1u) {
    if (lid < s) {
      let c = combine(Acc(partial_v[lid], partial_i[lid]), Acc(partial_v[lid + s], partial_i[lid + s]));
      partial_v[lid] = c.v;
      partial_i[lid] = c.i;
    }
    workgroupBarrier();
  }
  if (valid && lid == 0u) {
    acc = Acc(partial_v[0], partial_i[0]);
    b${plan.slots[1]}[bo.y] = ${result};
  }
}`;
}

/** Reduces `input` over `axes` into `out` (input's shape without those axes). */
export function reduce(
  runtime: Runtime,
  op: ReduceOp,
  input: View,
  axes: readonly number[],
  out: View,
): void {
  const kept: number[] = [];
  const reduced: number[] = [];
  for (let d = 0; d < input.shape.length; d++) (axes.includes(d) ? reduced : kept).push(d);
  const outputs = coalesceOperands(
    kept.map((d) => input.shape[d]),
    [
      { offset: input.offset, strides: kept.map((d) => input.strides[d]) },
      { offset: out.offset, strides: out.strides },
    ],
  );
  const inner = coalesceOperands(
    reduced.map((d) => input.shape[d]),
    [{ offset: 0, strides: reduced.map((d) => input.strides[d]) }],
  );
  const M = numel(kept.map((d) => input.shape[d]));
  const R = numel(reduced.map((d) => input.shape[d]));
  if (M === 0) return;
  // coalesce() turns an empty reduction into one element of stride 0; R = 0 keeps it empty.
  const type = computeType(input.storage.dtype);
  const tree = R >= TREE_THRESHOLD && (M < TREE_MAX_OUTPUTS || R >= TREE_MAX_OUTPUTS * M);
  const plan = planBindings([
    { storage: input.storage as WebGPUStorage },
    { storage: out.storage as WebGPUStorage, write: true },
  ]);
  const [inOp, outOp] = outputs.operands;
  const meta = [
    M,
    R,
    outputs.shape.length,
    inner.shape.length,
    inOp.offset,
    outOp.offset,
    ...outputs.shape,
    ...inOp.strides,
    ...outOp.strides,
    ...inner.shape,
    ...inner.operands[0].strides,
  ];
  runtime.dispatch({
    key: `reduce|${op}|${type}|${tree ? 'tree' : 'serial'}|${plan.key}`,
    code: () => shaderCode(op, type, tree, plan, input, out),
    buffers: plan.buffers,
    meta,
    workgroups: grid(tree ? M : Math.ceil(M / WORKGROUP_SIZE)),
  });
}
