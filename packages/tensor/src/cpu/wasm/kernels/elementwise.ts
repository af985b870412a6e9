import type { Expr } from '../emitter/expr';
import type { FunctionBuilder, Local } from '../emitter/function';
import type { ModuleBuilder } from '../emitter/module';
import { f32, i32 } from '../emitter/scalar';
import { f32x4, i8x16, i16x8, i32x4, v128 } from '../emitter/simd';
import { emitWalk, type Row } from './strided';

type V = Expr<'v128'>;
/** An operand's element type: float32, or bool stored as one byte holding 0 or 1. */
export type Lane = 'f32' | 'u8';

/**
 * One elementwise kernel, described by what it computes on a group of 4 lanes and on one
 * element. The emitter turns it into a function (desc, input pointers..., out, params...)
 * that walks any strides, and vectorises rows in which every input is contiguous or
 * broadcast (stride 0) and the output is contiguous, 16 elements at a time.
 */
export interface ElementwiseKernel {
  readonly name: string;
  readonly inputs: readonly Lane[];
  readonly output: Lane;
  /** Number of f32 parameters after the pointers. */
  readonly params: number;
  /** f32 inputs as f32x4, u8 inputs as i32x4 masks; returns f32x4, or a mask for u8 output. */
  vector(inputs: V[], params: V[]): V;
  /** f32 inputs as f32, u8 inputs as i32 0/1; returns f32, or i32 0/1 for u8 output. */
  scalar(inputs: Expr[], params: Expr<'f32'>[]): Expr;
}

const BYTES: Record<Lane, number> = { f32: 4, u8: 1 };
const BLOCK = 16;

export function emitElementwise(m: ModuleBuilder, kernel: ElementwiseKernel): void {
  const count = kernel.inputs.length;
  const paramTypes = [
    ...Array<'i32'>(count + 2).fill('i32'),
    ...Array<'f32'>(kernel.params).fill('f32'),
  ];
  m.func(kernel.name, paramTypes, [], (f, all) => {
    const [desc, ...pointers] = all.slice(0, count + 2) as Local<'i32'>[];
    const params = all.slice(count + 2) as Local<'f32'>[];
    const paramVectors = params.map((p) => f.local('v128', f32x4.splat(p)));
    emitWalk(f, desc, pointers, (row) => emitRow(f, kernel, row, params, paramVectors));
  });
}

function emitRow(
  f: FunctionBuilder,
  kernel: ElementwiseKernel,
  row: Row,
  params: Local<'f32'>[],
  paramVectors: Local<'v128'>[],
): void {
  const count = kernel.inputs.length;
  const combos = accessCombinations(count);
  f.block((done) => {
    for (const combo of combos) {
      let applies: Expr<'i32'> = i32.eq(row.strides[count], BYTES[kernel.output]);
      combo.forEach((contiguous, k) => {
        const stride = contiguous ? BYTES[kernel.inputs[k]] : 0;
        applies = i32.and(applies, i32.eq(row.strides[k], stride));
      });
      f.if(applies, () => {
        emitVectorLoop(f, kernel, row, combo, paramVectors);
        emitScalarLoop(f, kernel, row, params);
        f.br(done);
      });
    }
    // any input strides (a transposed operand), contiguous output: lanes loaded one by one
    f.if(i32.eq(row.strides[count], BYTES[kernel.output]), () => {
      emitGatherLoop(f, kernel, row, paramVectors);
      emitScalarLoop(f, kernel, row, params);
      f.br(done);
    });
    emitScalarLoop(f, kernel, row, params);
  });
}

/** Every contiguous/broadcast choice for the inputs but all-broadcast (a constant row). */
function accessCombinations(count: number): boolean[][] {
  const combos: boolean[][] = [];
  for (let bits = (1 << count) - 1; bits > 0; bits--) {
    combos.push(Array.from({ length: count }, (_, k) => (bits & (1 << k)) !== 0));
  }
  return combos;
}

/** Whole blocks of 16 elements; leaves the row's pointers and length at the remainder. */
function emitVectorLoop(
  f: FunctionBuilder,
  kernel: ElementwiseKernel,
  row: Row,
  combo: boolean[],
  paramVectors: Local<'v128'>[],
): void {
  const count = kernel.inputs.length;
  const out = row.starts[count];
  const broadcast = combo.map((contiguous, k) => {
    if (contiguous) return null;
    const at = row.starts[k];
    return f.local(
      'v128',
      kernel.inputs[k] === 'f32'
        ? v128.load32Splat(at)
        : i32x4.ne(i32x4.splat(i32.load8U(at)), i32x4.splat(0)),
    );
  });
  const blocks = f.local('i32', i32.shrU(row.length, 4));
  const block = f.local('i32');
  const bytes = kernel.inputs.map((lane) => (lane === 'u8' ? f.local('v128') : null));
  f.forRange(block, 0, blocks, 1, () => {
    kernel.inputs.forEach((lane, k) => {
      if (lane === 'u8' && combo[k]) f.set(bytes[k] as Local<'v128'>, v128.load(row.starts[k]));
    });
    const results: V[] = [];
    for (let g = 0; g < 4; g++) {
      const inputs = kernel.inputs.map((lane, k): V => {
        const shared = broadcast[k];
        if (shared !== null) return shared;
        if (lane === 'f32') return v128.load(row.starts[k], 16 * g);
        return i32x4.ne(widenGroup(bytes[k] as Local<'v128'>, g), i32x4.splat(0));
      });
      results.push(kernel.vector(inputs, paramVectors));
    }
    storeBlock(f, kernel, out, results);
    kernel.inputs.forEach((lane, k) => {
      if (combo[k]) f.set(row.starts[k], i32.add(row.starts[k], BLOCK * BYTES[lane]));
    });
    f.set(out, i32.add(out, BLOCK * BYTES[kernel.output]));
  });
  f.set(row.length, i32.and(row.length, BLOCK - 1));
}

/** Blocks of 16 with every input gathered lane by lane along its stride. */
function emitGatherLoop(
  f: FunctionBuilder,
  kernel: ElementwiseKernel,
  row: Row,
  paramVectors: Local<'v128'>[],
): void {
  const count = kernel.inputs.length;
  const out = row.starts[count];
  const blocks = f.local('i32', i32.shrU(row.length, 4));
  const block = f.local('i32');
  const lanes = kernel.inputs.map(() => f.local('v128'));
  f.forRange(block, 0, blocks, 1, () => {
    const results: V[] = [];
    for (let g = 0; g < 4; g++) {
      kernel.inputs.forEach((lane, k) => {
        const at = row.starts[k];
        for (let l = 0; l < 4; l++) {
          const value = lane === 'f32' ? f32.load(at) : i32.load8U(at);
          const into = l === 0 ? i32x4.splat(0) : lanes[k];
          f.set(
            lanes[k],
            lane === 'f32'
              ? f32x4.replaceLane(into, l, value as Expr<'f32'>)
              : i32x4.replaceLane(into, l, value as Expr<'i32'>),
          );
          f.set(at, i32.add(at, row.strides[k]));
        }
        if (lane === 'u8') f.set(lanes[k], i32x4.ne(lanes[k], i32x4.splat(0)));
      });
      results.push(f.local('v128', kernel.vector(lanes, paramVectors)));
    }
    storeBlock(f, kernel, out, results);
    f.set(out, i32.add(out, BLOCK * BYTES[kernel.output]));
  });
  f.set(row.length, i32.and(row.length, BLOCK - 1));
}

function storeBlock(
  f: FunctionBuilder,
  kernel: ElementwiseKernel,
  out: Local<'i32'>,
  results: V[],
): void {
  if (kernel.output === 'f32') {
    results.forEach((r, g) => {
      f.run(v128.store(out, r, 16 * g));
    });
  } else {
    const low = i16x8.narrowI32x4S(results[0], results[1]);
    const high = i16x8.narrowI32x4S(results[2], results[3]);
    f.run(v128.store(out, v128.and(i8x16.narrowI16x8S(low, high), i8x16.splat(1))));
  }
}

/** Bytes 4g..4g+3 of a 16-byte vector, zero-extended to four i32 lanes. */
function widenGroup(bytes: V, g: number): V {
  const half = g < 2 ? i16x8.extendLowI8x16U(bytes) : i16x8.extendHighI8x16U(bytes);
  return g % 2 === 0 ? i32x4.extendLowI16x8U(half) : i32x4.extendHighI16x8U(half);
}

/** One element at a time over the row's strides. */
function emitScalarLoop(
  f: FunctionBuilder,
  kernel: ElementwiseKernel,
  row: Row,
  params: Local<'f32'>[],
): void {
  const count = kernel.inputs.length;
  const index = f.local('i32');
  f.forRange(index, 0, row.length, 1, () => {
    const inputs = kernel.inputs.map(
      (lane, k): Expr =>
        lane === 'f32' ? f32.load(row.starts[k]) : i32.ne(i32.load8U(row.starts[k]), 0),
    );
    const result = kernel.scalar(inputs, params);
    const out = row.starts[count];
    if (kernel.output === 'f32') f.run(f32.store(out, result as Expr<'f32'>));
    else f.run(i32.store8(out, result as Expr<'i32'>));
    for (let k = 0; k <= count; k++) f.set(row.starts[k], i32.add(row.starts[k], row.strides[k]));
  });
}
