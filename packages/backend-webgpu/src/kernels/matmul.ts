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
  MAX_GROUPS_PER_DIM,
  planBindings,
  storeAs,
  WORKGROUP_SIZE,
} from './codegen';
import { type ComputeType, prelude } from './prelude';

/**
 * Threads along each side of a workgroup; each computes 4x4 outputs of a TILE x TILE tile.
 * A deep TILE_K halves the barriers per product, which lavapipe pays for in coroutine switches.
 */
const SIDE = 16;
const TILE = 4 * SIDE;
const THREADS = SIDE * SIDE;
const TILE_K = 32;
const MAX_BATCH_PER_DISPATCH = 65535;

/**
 * Metadata: [M, N, K, batch start, batch rank, a offset, b offset, out offset, a row stride,
 * a col stride, b row stride, b col stride, out row stride, out col stride], batch shape,
 * then the batch strides of a, b and out.
 */
const HEADER = 14;

const batchCode = `
fn batch_offsets(t: u32) -> vec3u {
  let nb = info[4];
  var rem = t;
  var base = vec3u(info[5], info[6], info[7]);
  for (var d = nb; d > 0u; d--) {
    let size = info[${HEADER}u + d - 1u];
    let c = rem % size;
    rem = rem / size;
    base += c * vec3u(info[${HEADER}u + nb + d - 1u], info[${HEADER}u + 2u * nb + d - 1u], info[${HEADER}u + 3u * nb + d - 1u]);
  }
  return base;
}`;

/** One thread per output element: the path for thin products, where tiles would sit idle. */
function simpleCode(
  type: ComputeType,
  head: string,
  load: (operand: 'a' | 'b', index: string) => string,
  store: string,
): string {
  return `${head}
${LINEAR_ENTRY}
  let M = info[0];
  let N = info[1];
  if (i >= info[3] * M * N) { return; }
  let t = i / (M * N);
  let row = (i / N) % M;
  let col = i % N;
  let base = batch_offsets(t);
  var acc = ${type}(0);
  for (var k = 0u; k < info[2]; k++) {
    acc += ${load('a', 'base.x + row * info[8] + k * info[9]')} * ${load('b', 'base.y + k * info[10] + col * info[11]')};
  }
  ${store.replace('$OFFSET', 'base.z + row * info[12] + col * info[13]').replace('$VALUE', 'acc')}
}`;
}

/**
 * Stores a thread's block of outputs, accumulator `acc{r}` lane c at (rows[r], cols[c]), each
 * only where it falls inside the M x N output.
 */
function storeBlock(store: string, rows: readonly string[], cols: readonly string[]): string {
  return rows
    .flatMap((row, r) =>
      cols.map(
        (col, c) => `if (${row} < M && ${col} < N) {
    ${store.replace('$OFFSET', `base.z + (${row}) * info[12] + (${col}) * info[13]`).replace('$VALUE', `acc${r}.${'xyzw'[c]}`)}
  }`,
      ),
    )
    .join('\n  ');
}

/**
 * Tiled: each workgroup stages a TILE x TILE_K slice of a and a TILE_K x TILE slice of b in
 * workgroup memory, then each thread accumulates a 4x4 block of outputs (rows ty + SIDE r, cols
 * tx + SIDE c, so neighbouring threads write neighbouring columns).
 */
function tiledCode(
  type: ComputeType,
  head: string,
  load: (operand: 'a' | 'b', index: string) => string,
  store: string,
): string {
  return `${head}
var<workgroup> tile_a: array<${type}, ${TILE * TILE_K}>;
var<workgroup> tile_b: array<${type}, ${TILE * TILE_K}>;
@compute @workgroup_size(${SIDE}, ${SIDE})
fn main(@builtin(workgroup_id) wg: vec3u, @builtin(local_invocation_id) lid: vec3u, @builtin(local_invocation_index) flat: u32) {
  let M = info[0];
  let N = info[1];
  let K = info[2];
  let base = batch_offsets(wg.z + info[3]);
  let row0 = wg.y * ${TILE}u;
  let col0 = wg.x * ${TILE}u;
  var acc0 = vec4<${type}>();
  var acc1 = vec4<${type}>();
  var acc2 = vec4<${type}>();
  var acc3 = vec4<${type}>();
  for (var k0 = 0u; k0 < K; k0 += ${TILE_K}u) {
    for (var e = flat; e < ${TILE * TILE_K}u; e += ${THREADS}u) {
      let m = e / ${TILE_K}u;
      let k = e % ${TILE_K}u;
      let row = row0 + m;
      let ka = k0 + k;
      var va = ${type}(0);
      if (row < M && ka < K) { va = ${load('a', 'base.x + row * info[8] + ka * info[9]')}; }
      tile_a[k * ${TILE}u + m] = va;
      let kb = k0 + e / ${TILE}u;
      let col = col0 + e % ${TILE}u;
      var vb = ${type}(0);
      if (col < N && kb < K) { vb = ${load('b', 'base.y + kb * info[10] + col * info[11]')}; }
      tile_b[e] = vb;
    }
    workgroupBarrier();
    for (var k = 0u; k < ${TILE_K}u; k++) {
      let at = k * ${TILE}u;
      let a = vec4(tile_a[at + lid.y], tile_a[at + lid.y + ${SIDE}u], tile_a[at + lid.y + ${2 * SIDE}u], tile_a[at + lid.y + ${3 * SIDE}u]);
      let b = vec4(tile_b[at + lid.x], tile_b[at + lid.x + ${SIDE}u], tile_b[at + lid.x + ${2 * SIDE}u], tile_b[at + lid.x + ${3 * SIDE}u]);
      acc0 += a.x * b;
      acc1 += a.y * b;
      acc2 += a.z * b;
      acc3 += a.w * b;
    }
    workgroupBarrier();
  }
  ${storeBlock(
    store,
    [0, 1, 2, 3].map((r) => `row0 + lid.y + ${SIDE * r}u`),
    [0, 1, 2, 3].map((c) => `col0 + lid.x + ${SIDE * c}u`),
  )}
}`;
}

/** Threads along each side of a direct workgroup; each computes DIRECT_ROWS x 4 outputs. */
const DIRECT_SIDE = 8;
const DIRECT_ROWS = 8;
const DIRECT_COLS = 4;

/**
 * Direct: no workgroup memory and no barriers. Each thread accumulates DIRECT_ROWS rows x 4
 * consecutive columns, reading its operands straight from the buffers (out-of-range rows and
 * columns read clamped indices and are not stored). On CPU-emulated adapters workgroup memory
 * is ordinary memory behind the same caches, and each barrier switches every invocation's
 * coroutine, so this runs about twice as fast as the tiled kernel on lavapipe.
 */
function directCode(
  type: ComputeType,
  head: string,
  load: (operand: 'a' | 'b', index: string) => string,
  store: string,
): string {
  const rows = [...Array(DIRECT_ROWS).keys()];
  const cols = [...Array(DIRECT_COLS).keys()];
  return `${head}
@compute @workgroup_size(${DIRECT_SIDE}, ${DIRECT_SIDE})
fn main(@builtin(workgroup_id) wg: vec3u, @builtin(local_invocation_id) lid: vec3u) {
  let M = info[0];
  let N = info[1];
  let K = info[2];
  let base = batch_offsets(wg.z + info[3]);
  let row0 = (wg.y * ${DIRECT_SIDE}u + lid.y) * ${DIRECT_ROWS}u;
  let col0 = (wg.x * ${DIRECT_SIDE}u + lid.x) * ${DIRECT_COLS}u;
  ${rows.map((r) => `let ra${r} = base.x + min(row0 + ${r}u, M - 1u) * info[8];`).join('\n  ')}
  ${cols.map((c) => `let cb${c} = base.y + min(col0 + ${c}u, N - 1u) * info[11];`).join('\n  ')}
  ${rows.map((r) => `var acc${r} = vec4<${type}>();`).join('\n  ')}
  for (var k = 0u; k < K; k++) {
    let ka = k * info[9];
    let kb = k * info[10];
    let b = vec4(${cols.map((c) => load('b', `cb${c} + kb`)).join(', ')});
    ${rows.map((r) => `acc${r} += ${load('a', `ra${r} + ka`)} * b;`).join('\n    ')}
  }
  ${storeBlock(
    store,
    rows.map((r) => `row0 + ${r}u`),
    cols.map((c) => `col0 + ${c}u`),
  )}
}`;
}

/**
 * How a device multiplies matrices: 'tiled' stages tiles in workgroup memory, as GPUs want;
 * 'direct' reads straight from the buffers, as CPU-emulated adapters want.
 */
export type MatmulKernel = 'tiled' | 'direct';

type Path = MatmulKernel | 'simple';

/**
 * The kernel for an M x K @ K x N product: the device's, unless the product is too thin to
 * fill its tiles (tiled: most of a 64x64 tile and depth to share; direct: a few rows and
 * columns), where one thread per output wastes nothing.
 */
function pathFor(kernel: MatmulKernel, M: number, N: number, K: number): Path {
  // Tiles are one workgroup each in x and y; past the limit only the simple path's folded
  // grid reaches every output.
  const fits = (rows: number, cols: number) =>
    Math.ceil(M / rows) <= MAX_GROUPS_PER_DIM && Math.ceil(N / cols) <= MAX_GROUPS_PER_DIM;
  if (kernel === 'direct') {
    const thick = M >= 4 && N >= 4;
    return thick && fits(DIRECT_SIDE * DIRECT_ROWS, DIRECT_SIDE * DIRECT_COLS)
      ? 'direct'
      : 'simple';
  }
  const thick = M >= TILE / 2 && N >= TILE / 2 && K >= TILE_K && M * N >= TILE * TILE;
  return thick && fits(TILE, TILE) ? 'tiled' : 'simple';
}

const CODE: Record<Path, typeof tiledCode> = {
  tiled: tiledCode,
  direct: directCode,
  simple: simpleCode,
};

/**
 * Batched matmul over any strides: a [...batch, M, K] @ b [...batch, K, N] -> out, with
 * the transposes of either operand as plain strides.
 */
export function matmul(runtime: Runtime, kernel: MatmulKernel, a: View, b: View, out: View): void {
  const nd = out.shape.length;
  const [M, N] = [out.shape[nd - 2], out.shape[nd - 1]];
  const K = a.shape[nd - 1];
  const batch = coalesceOperands(
    out.shape.slice(0, nd - 2),
    [a, b, out].map((v) => ({ offset: v.offset, strides: v.strides.slice(0, nd - 2) })),
  );
  const batches = numel(out.shape.slice(0, nd - 2));
  if (batches * M * N === 0) return;
  const type = computeType(out.storage.dtype);
  const path = pathFor(kernel, M, N, K);
  const plan = planBindings([
    { storage: a.storage as WebGPUStorage },
    { storage: b.storage as WebGPUStorage },
    { storage: out.storage as WebGPUStorage, write: true },
  ]);
  const code = () => {
    const head = `${prelude(type)}\n${declareBindings(plan.specs)}\n${batchCode}`;
    const load = (operand: 'a' | 'b', index: string) => {
      const view = operand === 'a' ? a : b;
      return loadAs(`b${plan.slots[operand === 'a' ? 0 : 1]}[${index}]`, view.storage.dtype, type);
    };
    const store = `b${plan.slots[2]}[$OFFSET] = ${storeAs('$VALUE', type, out.storage.dtype)};`;
    return CODE[path](type, head, load, store);
  };
  const strides = (v: View) => [v.strides[nd - 2], v.strides[nd - 1]];
  const [ba, bb, bo] = batch.operands;
  const tail = [...batch.shape, ...ba.strides, ...bb.strides, ...bo.strides];
  const key = `matmul|${path}|${type}|${plan.key}`;
  const dispatch = (start: number, count: number) => {
    const meta = [
      M,
      N,
      K,
      path === 'simple' ? count : start,
      batch.shape.length,
      ba.offset,
      bb.offset,
      bo.offset,
      ...strides(a),
      ...strides(b),
      ...strides(out),
      ...tail,
    ];
    const workgroups: [number, number, number] =
      path === 'tiled'
        ? [Math.ceil(N / TILE), Math.ceil(M / TILE), count]
        : path === 'direct'
          ? [
              Math.ceil(N / (DIRECT_SIDE * DIRECT_COLS)),
              Math.ceil(M / (DIRECT_SIDE * DIRECT_ROWS)),
              count,
            ]
          : grid(Math.ceil((count * M * N) / WORKGROUP_SIZE));
    runtime.dispatch({ key, code, buffers: plan.buffers, meta, workgroups });
  };
  if (path === 'simple') {
    dispatch(0, batches);
    return;
  }
  for (let start = 0; start < batches; start += MAX_BATCH_PER_DISPATCH) {
    dispatch(start, Math.min(MAX_BATCH_PER_DISPATCH, batches - start));
  }
}
