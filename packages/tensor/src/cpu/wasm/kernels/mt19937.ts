import type { Expr } from '../emitter/expr';
import type { Local } from '../emitter/function';
import { call, type ModuleBuilder } from '../emitter/module';
import { f32, f64, i32, select } from '../emitter/scalar';
import { f32x4, f64x2, i8x16, i32x4, v128 } from '../emitter/simd';
import { RESERVED } from '../heap';
import type { ConstantPool } from './constants';
import { exactFma as fusedMultiplyAdd } from './exact-fma';

/**
 * PyTorch's CPU generator (mt19937, as random/mt19937.ts) drawing straight into a float32
 * tensor. The host copies the generator's state into the reserved bytes at MT_STATE_BYTE as
 * [left, next, 0, 0, state[624]] and reads it back afterwards, so the stream continues
 * exactly where the TypeScript generator would be.
 *
 *   mt_uniform(out, n, low, range, mode): out[i] = fmaf(u24(draw()), range, low), where
 *   u24(y) = (y & 0xffffff) · 2^-24. Mode 0 stores u24 itself (range 1, low 0); mode 1
 *   adds in float64, for parameters where u24 · range + low is always exact there (one
 *   rounding, as the fused multiply-add); mode 2 emulates the fused multiply-add.
 *
 * The refill runs four words at a time: word k depends on k+1 and k+397 (old values) or on
 * k-227 (already new), never on a word in its own group of four.
 */
export const MT_STATE_BYTE = RESERVED.mtState;
const STATE = MT_STATE_BYTE + 16;
const N = 624;
const M = 397;
const MATRIX_A = 0x9908b0df | 0;
const UPPER = 0x80000000 | 0;
const LOWER = 0x7fffffff;
const TO_UNIT = 2 ** -24;

const word = (index: Parameters<typeof i32.shl>[0]) => i32.add(STATE, i32.shl(index, 2));
const COMBINE_HALVES = [0, 1, 2, 3, 4, 5, 6, 7, 16, 17, 18, 19, 20, 21, 22, 23];
const HIGH_TO_LOW = [8, 9, 10, 11, 12, 13, 14, 15, 8, 9, 10, 11, 12, 13, 14, 15];

export function emitMt19937(m: ModuleBuilder, pool: ConstantPool): void {
  const exactFma = fusedMultiplyAdd(pool);
  const refill = m.func(null, [], [], (f) => {
    const k = f.local('i32');
    const twistVector = (at: Local<'i32'>, partner: Parameters<typeof word>[0]) => {
      const u = v128.load(word(at));
      const v = f.local('v128', v128.load(word(at), 4));
      const mixed = v128.or(v128.and(u, i32x4.splat(UPPER)), v128.and(v, i32x4.splat(LOWER)));
      const odd = i32x4.sub(i32x4.splat(0), v128.and(v, i32x4.splat(1)));
      const twisted = v128.xor(i32x4.shrU(mixed, 1), v128.and(odd, i32x4.splat(MATRIX_A)));
      f.run(v128.store(word(at), v128.xor(v128.load(word(partner)), twisted)));
    };
    const twistScalar = (
      at: Parameters<typeof word>[0],
      next: Parameters<typeof word>[0],
      partner: Parameters<typeof word>[0],
    ) => {
      const v = i32.load(word(next));
      const mixed = i32.or(i32.and(i32.load(word(at)), UPPER), i32.and(v, LOWER));
      const twisted = i32.xor(i32.shrU(mixed, 1), i32.and(i32.sub(0, i32.and(v, 1)), MATRIX_A));
      f.run(i32.store(word(at), i32.xor(i32.load(word(partner)), twisted)));
    };
    f.forRange(k, 0, N - M - 3, 4, () => twistVector(k, i32.add(k, M)));
    f.forRange(k, N - M - 3, N - M, 1, () => twistScalar(k, i32.add(k, 1), i32.add(k, M)));
    f.forRange(k, N - M, N - 1, 4, () => twistVector(k, i32.sub(k, N - M)));
    twistScalar(N - 1, 0, M - 1);
  });

  m.func('mt_uniform', ['i32', 'i32', 'f32', 'f32', 'i32'], [], (f, params) => {
    const [out, n] = params as Local<'i32'>[];
    const [low, range] = params.slice(2, 4) as Local<'f32'>[];
    const mode = params[4] as Local<'i32'>;
    const [left, next, i, take, k] = [0, 1, 2, 3, 4].map(() => f.local('i32'));
    const y = f.local('v128');
    const ys = f.local('i32');
    const low64 = f.local('v128', f64x2.splat(f64.promoteF32(low)));
    const range64 = f.local('v128', f64x2.splat(f64.promoteF32(range)));
    const unit = f.local('v128');
    f.set(left, i32.load(MT_STATE_BYTE));
    f.set(next, i32.load(MT_STATE_BYTE, 4));
    f.set(i, 0);
    f.while(
      () => i32.ltS(i, n),
      () => {
        f.if(i32.eq(left, 1), () => {
          f.run(call(refill, []));
          f.set(left, N + 1);
          f.set(next, 0);
        });
        f.set(take, i32.sub(left, 1));
        f.if(i32.gtS(take, i32.sub(n, i)), () => f.set(take, i32.sub(n, i)));
        f.forRange(k, 0, i32.sub(take, 3), 4, () => {
          f.set(y, v128.load(word(i32.add(next, k))));
          f.set(y, v128.xor(y, i32x4.shrU(y, 11)));
          f.set(y, v128.xor(y, v128.and(i32x4.shl(y, 7), i32x4.splat(0x9d2c5680 | 0))));
          f.set(y, v128.xor(y, v128.and(i32x4.shl(y, 15), i32x4.splat(0xefc60000 | 0))));
          f.set(y, v128.xor(y, i32x4.shrU(y, 18)));
          f.set(
            unit,
            f32x4.mul(
              f32x4.convertI32x4S(v128.and(y, i32x4.splat(0xffffff))),
              f32x4.splat(TO_UNIT),
            ),
          );
          const target = i32.add(out, i32.shl(i32.add(i, k), 2));
          const halves = [
            f64x2.promoteLowF32x4(unit),
            f64x2.promoteLowF32x4(i8x16.shuffle(unit, unit, HIGH_TO_LOW)),
          ];
          const store = (low2: Expr<'v128'>, high2: Expr<'v128'>) =>
            f.run(
              v128.store(
                target,
                i8x16.shuffle(
                  f32x4.demoteF64x2Zero(low2),
                  f32x4.demoteF64x2Zero(high2),
                  COMBINE_HALVES,
                ),
              ),
            );
          f.if(
            i32.eqz(mode),
            () => f.run(v128.store(target, unit)),
            () =>
              f.if(
                i32.eq(mode, 1),
                () => {
                  const [lowHalf, highHalf] = halves.map((h) =>
                    f64x2.add(f64x2.mul(h, range64), low64),
                  );
                  store(lowHalf, highHalf);
                },
                () => {
                  const [lowHalf, highHalf] = halves.map((h) => exactFma(f, h, range64, low64));
                  store(lowHalf, highHalf);
                },
              ),
          );
        });
        f.forRange(k, k, take, 1, () => {
          f.set(ys, i32.load(word(i32.add(next, k))));
          f.set(ys, i32.xor(ys, i32.shrU(ys, 11)));
          f.set(ys, i32.xor(ys, i32.and(i32.shl(ys, 7), 0x9d2c5680 | 0)));
          f.set(ys, i32.xor(ys, i32.and(i32.shl(ys, 15), 0xefc60000 | 0)));
          f.set(ys, i32.xor(ys, i32.shrU(ys, 18)));
          const u = f32.mul(f32.convertI32S(i32.and(ys, 0xffffff)), TO_UNIT);
          const target = i32.add(out, i32.shl(i32.add(i, k), 2));
          f.set(unit, f64x2.splat(f64.promoteF32(u)));
          const fused = exactFma(f, unit, range64, low64);
          f.run(f32.store(target, select(f32.demoteF64(f64x2.extractLane(fused, 0)), u, mode)));
        });
        f.set(next, i32.add(next, take));
        f.set(left, i32.sub(left, take));
        f.set(i, i32.add(i, take));
      },
    );
    f.run(i32.store(MT_STATE_BYTE, left));
    f.run(i32.store(MT_STATE_BYTE, next, 4));
  });
}
