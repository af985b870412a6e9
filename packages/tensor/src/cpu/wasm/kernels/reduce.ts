import type { Expr } from '../emitter/expr';
import type { FunctionBuilder, Local } from '../emitter/function';
import type { ModuleBuilder } from '../emitter/module';
import { f32, f64, i32 } from '../emitter/scalar';
import { f32x4, f64x2, i8x16, v128 } from '../emitter/simd';

/**
 * Float32 reductions over one contiguous axis, in two layouts (pointers and strides in bytes):
 *
 *   `${op}_rows(src, rows, n, rowStride, dst, dstStride)`: dst[r] = op over src[r, 0..n)
 *   `${op}_cols(src, rows, n, rowStride, dst, dstStride)`: dst[j] = op over src[0..rows, j]
 *
 * Sums accumulate in float64 like the TypeScript kernel. Down columns each sum runs in row
 * order, the TypeScript order, so the bits match; along rows eight float64 lanes share the
 * work, which changes only the float64 rounding before the final rounding to float32.
 * max/min propagate NaN.
 */
type V = Expr<'v128'>;
const HIGH_HALF = [8, 9, 10, 11, 12, 13, 14, 15, 8, 9, 10, 11, 12, 13, 14, 15];
const promoteHigh = (v: V) => f64x2.promoteLowF32x4(i8x16.shuffle(v, v, HIGH_HALF));

export function emitReductions(m: ModuleBuilder): void {
  emitSumRows(m);
  emitSumCols(m);
  for (const op of ['max', 'min'] as const) {
    emitExtremeRows(m, op);
    emitExtremeCols(m, op);
  }
}

const SIGNATURE = ['i32', 'i32', 'i32', 'i32', 'i32', 'i32'] as const;

/** acc (four float64x2) += the eight float32s at p, promoted; v0 and v1 are scratch. */
function addEight(
  f: FunctionBuilder,
  acc: readonly Local<'v128'>[],
  p: Local<'i32'>,
  v0: Local<'v128'>,
  v1: Local<'v128'>,
): void {
  f.set(v0, v128.load(p));
  f.set(v1, v128.load(p, 16));
  f.set(acc[0], f64x2.add(acc[0], f64x2.promoteLowF32x4(v0)));
  f.set(acc[1], f64x2.add(acc[1], promoteHigh(v0)));
  f.set(acc[2], f64x2.add(acc[2], f64x2.promoteLowF32x4(v1)));
  f.set(acc[3], f64x2.add(acc[3], promoteHigh(v1)));
}

function emitSumRows(m: ModuleBuilder): void {
  m.func('sum_rows', SIGNATURE, [], (f, params) => {
    const [src, rows, n, rowStride, dst, dstStride] = params as Local<'i32'>[];
    const [r, p, block, blocks, tail] = [0, 1, 2, 3, 4].map(() => f.local('i32'));
    const acc = [0, 1, 2, 3].map(() => f.local('v128'));
    const [v0, v1] = [f.local('v128'), f.local('v128')];
    const total = f.local('f64');
    f.set(blocks, i32.shrU(n, 3));
    f.forRange(r, 0, rows, 1, () => {
      f.set(p, i32.add(src, i32.mul(r, rowStride)));
      for (const a of acc) f.set(a, f64x2.splat(0));
      f.forRange(block, 0, blocks, 1, () => {
        addEight(f, acc, p, v0, v1);
        f.set(p, i32.add(p, 32));
      });
      const sum = f64x2.add(f64x2.add(acc[0], acc[1]), f64x2.add(acc[2], acc[3]));
      f.set(acc[0], sum);
      f.set(total, f64.add(f64x2.extractLane(acc[0], 0), f64x2.extractLane(acc[0], 1)));
      f.forRange(tail, 0, i32.and(n, 7), 1, () => {
        f.set(total, f64.add(total, f64.promoteF32(f32.load(p))));
        f.set(p, i32.add(p, 4));
      });
      f.run(f32.store(i32.add(dst, i32.mul(r, dstStride)), f32.demoteF64(total)));
    });
  });
}

function emitSumCols(m: ModuleBuilder): void {
  m.func('sum_cols', SIGNATURE, [], (f, params) => {
    const [src, rows, n, rowStride, dst, dstStride] = params as Local<'i32'>[];
    const [j, r, p] = [0, 1, 2].map(() => f.local('i32'));
    const acc = [0, 1, 2, 3].map(() => f.local('v128'));
    const [v0, v1] = [f.local('v128'), f.local('v128')];
    const total = f.local('f64');
    const eightEnd = f.local('i32', i32.sub(n, 7));
    const store = (column: Expr<'i32'>, value: Expr<'f64'>) =>
      f.run(f32.store(i32.add(dst, i32.mul(column, dstStride)), f32.demoteF64(value)));
    f.forRange(j, 0, eightEnd, 8, () => {
      for (const a of acc) f.set(a, f64x2.splat(0));
      f.set(p, i32.add(src, i32.shl(j, 2)));
      f.forRange(r, 0, rows, 1, () => {
        addEight(f, acc, p, v0, v1);
        f.set(p, i32.add(p, rowStride));
      });
      for (let lane = 0; lane < 8; lane++) {
        store(i32.add(j, lane), f64x2.extractLane(acc[lane >> 1], lane & 1));
      }
    });
    f.forRange(j, j, n, 1, () => {
      f.set(total, 0);
      f.set(p, i32.add(src, i32.shl(j, 2)));
      f.forRange(r, 0, rows, 1, () => {
        f.set(total, f64.add(total, f64.promoteF32(f32.load(p))));
        f.set(p, i32.add(p, rowStride));
      });
      store(j, total);
    });
  });
}

const EXTREME = {
  max: { vector: f32x4.max, scalar: f32.max, start: Number.NEGATIVE_INFINITY },
  min: { vector: f32x4.min, scalar: f32.min, start: Number.POSITIVE_INFINITY },
};

function emitExtremeRows(m: ModuleBuilder, op: 'max' | 'min'): void {
  const { vector, scalar, start } = EXTREME[op];
  m.func(`${op}_rows`, SIGNATURE, [], (f, params) => {
    const [src, rows, n, rowStride, dst, dstStride] = params as Local<'i32'>[];
    const [r, p, block, blocks, tail] = [0, 1, 2, 3, 4].map(() => f.local('i32'));
    const [acc0, acc1] = [f.local('v128'), f.local('v128')];
    const best = f.local('f32');
    f.set(blocks, i32.shrU(n, 3));
    f.forRange(r, 0, rows, 1, () => {
      f.set(p, i32.add(src, i32.mul(r, rowStride)));
      f.set(acc0, f32x4.splat(start));
      f.set(acc1, f32x4.splat(start));
      f.forRange(block, 0, blocks, 1, () => {
        f.set(acc0, vector(acc0, v128.load(p)));
        f.set(acc1, vector(acc1, v128.load(p, 16)));
        f.set(p, i32.add(p, 32));
      });
      f.set(acc0, vector(acc0, acc1));
      f.set(best, horizontal(acc0, scalar));
      f.forRange(tail, 0, i32.and(n, 7), 1, () => {
        f.set(best, scalar(best, f32.load(p)));
        f.set(p, i32.add(p, 4));
      });
      f.run(f32.store(i32.add(dst, i32.mul(r, dstStride)), best));
    });
  });
}

function emitExtremeCols(m: ModuleBuilder, op: 'max' | 'min'): void {
  const { vector, scalar, start } = EXTREME[op];
  m.func(`${op}_cols`, SIGNATURE, [], (f, params) => {
    const [src, rows, n, rowStride, dst, dstStride] = params as Local<'i32'>[];
    const [j, r, p] = [0, 1, 2].map(() => f.local('i32'));
    const [acc0, acc1] = [f.local('v128'), f.local('v128')];
    const best = f.local('f32');
    const eightEnd = f.local('i32', i32.sub(n, 7));
    const store = (column: Expr<'i32'>, value: Expr<'f32'>) =>
      f.run(f32.store(i32.add(dst, i32.mul(column, dstStride)), value));
    f.forRange(j, 0, eightEnd, 8, () => {
      f.set(acc0, f32x4.splat(start));
      f.set(acc1, f32x4.splat(start));
      f.set(p, i32.add(src, i32.shl(j, 2)));
      f.forRange(r, 0, rows, 1, () => {
        f.set(acc0, vector(acc0, v128.load(p)));
        f.set(acc1, vector(acc1, v128.load(p, 16)));
        f.set(p, i32.add(p, rowStride));
      });
      for (let lane = 0; lane < 8; lane++) {
        store(i32.add(j, lane), f32x4.extractLane(lane < 4 ? acc0 : acc1, lane & 3));
      }
    });
    f.forRange(j, j, n, 1, () => {
      f.set(best, start);
      f.set(p, i32.add(src, i32.shl(j, 2)));
      f.forRange(r, 0, rows, 1, () => {
        f.set(best, scalar(best, f32.load(p)));
        f.set(p, i32.add(p, rowStride));
      });
      store(j, best);
    });
  });
}

/** op over the four lanes of v. */
function horizontal(
  v: Local<'v128'>,
  scalar: (a: Expr<'f32'>, b: Expr<'f32'>) => Expr<'f32'>,
): Expr<'f32'> {
  const lane = (i: number) => f32x4.extractLane(v, i);
  return scalar(scalar(lane(0), lane(1)), scalar(lane(2), lane(3)));
}
