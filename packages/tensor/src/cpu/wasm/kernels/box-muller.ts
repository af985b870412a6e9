import {
  COS_P,
  DP,
  FOPI,
  LOG_P,
  LOG_Q1,
  LOG_Q2,
  SIN_P,
  SQRTHF,
  TWO_PI,
} from '../../../random/cephes';
import type { Expr } from '../emitter/expr';
import type { Local } from '../emitter/function';
import { call, type FunctionRef, type ModuleBuilder } from '../emitter/module';
import { f64, i32 } from '../emitter/scalar';
import { f32x4, f64x2, i8x16, i32x4, i64x2, v128 } from '../emitter/simd';
import { RESERVED } from '../heap';
import type { ConstantPool } from './constants';
import { exactFma, type Fma, fastFma, round32 } from './exact-fma';

/**
 * PyTorch's AVX2 normal_fill_16 (as boxMuller16 in random/distributions.ts): in each block of
 * 16 uniforms, pairs (j, j + 8) become radius·cos and radius·sin, with avx_mathfun's float32
 * log and sincos and the FMAs GCC contracts them into, emulated exactly (see exact-fma.ts).
 *
 *   bm_blocks(p, blocks, mean, std): transforms `blocks` blocks of 16 floats at p in place.
 *
 * Four pairs share a float32x4, whose two float64x2 halves run the polynomials. Blocks run
 * with the fast FMA, and a block in which any FMA hit a float32 midpoint is redone with the exact one;
 * the FMAs after which cancellation often leaves an exact midpoint (the argument reduction,
 * log's last step) always take the exact form.
 */

/** Reserved bytes: a fast block's results until its flags are known. */
const BLOCK_SCRATCH = RESERVED.normalBlock;
const HIGH_TO_LOW = [8, 9, 10, 11, 12, 13, 14, 15, 8, 9, 10, 11, 12, 13, 14, 15];
const COMBINE = [0, 1, 2, 3, 4, 5, 6, 7, 16, 17, 18, 19, 20, 21, 22, 23];

export function emitBoxMuller(m: ModuleBuilder, pool: ConstantPool): void {
  const [fastGroup, exactGroup] = [true, false].map((fast) => emitGroup(m, pool, fast));
  m.func('bm_blocks', ['i32', 'i32', 'f32', 'f32'], [], (f, params) => {
    const [p, blocks] = params as Local<'i32'>[];
    const [mean, std] = params.slice(2) as Local<'f32'>[];
    const [b, flagged] = [f.local('i32'), f.local('i32')];
    /** Pairs 4g..4g+3 of the block at p into `to` (the block itself, or scratch). */
    const group = (ref: FunctionRef, g: number, to: Expr<'i32'>): Expr<'i32'> =>
      call(ref, [
        i32.add(p, 16 * g),
        i32.add(p, 32 + 16 * g),
        i32.add(to, 16 * g),
        i32.add(to, 32 + 16 * g),
        mean,
        std,
      ]) as Expr<'i32'>;
    f.forRange(b, 0, blocks, 1, () => {
      const scratch = i32.const(BLOCK_SCRATCH);
      f.set(flagged, i32.or(group(fastGroup, 0, scratch), group(fastGroup, 1, scratch)));
      f.if(
        flagged,
        () => {
          f.run(group(exactGroup, 0, p));
          f.run(group(exactGroup, 1, p));
        },
        () => {
          for (let k = 0; k < 4; k++) {
            f.run(v128.store(p, v128.load(BLOCK_SCRATCH + 16 * k), 16 * k));
          }
        },
      );
      f.set(p, i32.add(p, 64));
    });
  });
}

/**
 * group(u1, u2, out1, out2, mean, std): four pairs → radius·cos·std + mean at out1 and
 * radius·sin·std + mean at out2 (float32x4 each); returns whether a fast FMA was flagged.
 */
function emitGroup(m: ModuleBuilder, pool: ConstantPool, fast: boolean): FunctionRef {
  return m.func(null, ['i32', 'i32', 'i32', 'i32', 'f32', 'f32'], ['i32'], (f, params) => {
    const [u1, u2, out1, out2] = params as Local<'i32'>[];
    const [meanF, stdF] = params.slice(4) as Local<'f32'>[];
    const flag = f.local('v128', i32x4.splat(0));
    const fma: Fma = fast ? fastFma(flag, pool) : exactFma(pool);
    const exact = exactFma(pool);
    const c = (value: number) => pool.f64x2(value);
    const round = (v: Expr<'v128'>) => f.local('v128', round32(v));
    const mean = f.local('v128', f64x2.splat(f64.promoteF32(meanF)));
    const std = f.local('v128', f64x2.splat(f64.promoteF32(stdF)));
    // log256's exponent and mantissa split and sincos256's octant, in float32x4 lanes
    const x = f.local('v128', f32x4.sub(f32x4.splat(1), v128.load(u1)));
    const mantissa = f.local(
      'v128',
      v128.or(v128.and(x, i32x4.splat(0x807fffff | 0)), i32x4.splat(0x3f000000)),
    );
    const small = f.local('v128', f32x4.lt(mantissa, f32x4.splat(SQRTHF)));
    const exponent = i32x4.add(i32x4.sub(i32x4.shrU(x, 23), i32x4.splat(126)), small);
    const m4 = f.local(
      'v128',
      f32x4.add(f32x4.sub(mantissa, f32x4.splat(1)), v128.and(mantissa, small)),
    );
    const z4 = f.local('v128', f32x4.mul(m4, m4));
    const e4 = f.local('v128', f32x4.convertI32x4S(exponent));
    const eQ14 = f.local('v128', f32x4.mul(e4, f32x4.splat(LOG_Q1)));
    const theta4 = f.local('v128', f32x4.mul(f32x4.splat(TWO_PI), v128.load(u2)));
    const octant = i32x4.truncSatF32x4S(f32x4.mul(theta4, f32x4.splat(FOPI)));
    const j4 = f.local('v128', v128.and(i32x4.add(octant, i32x4.splat(1)), i32x4.splat(-2)));
    const jf4 = f.local('v128', f32x4.convertI32x4S(j4));

    const halves = [0, 1].map((half) => {
      const widen = (v: Local<'v128'>) =>
        f.local('v128', f64x2.promoteLowF32x4(half === 0 ? v : i8x16.shuffle(v, v, HIGH_TO_LOW)));
      const [mH, zH, eH, eQ1H, thetaH, jH] = [m4, z4, e4, eQ14, theta4, jf4].map(widen);
      const jBits = f.local(
        'v128',
        half === 0 ? i64x2.extendLowI32x4S(j4) : i64x2.extendHighI32x4S(j4),
      );
      // log256(1 - u1)
      let y = f.local('v128', c(LOG_P[0]));
      for (let k = 1; k < 9; k++) y = fma(f, y, mH, c(LOG_P[k]));
      y = fma(f, round(f64x2.mul(y, mH)), zH, eQ1H);
      y = round(f64x2.sub(y, f64x2.mul(zH, c(0.5))));
      const log = exact(f, eH, c(LOG_Q2), round(f64x2.add(mH, y)));
      const radius = round(f64x2.sqrt(round(f64x2.mul(log, c(-2)))));
      // sincos256(2π·u2)
      let r = exact(f, jH, c(DP[0]), thetaH);
      r = exact(f, jH, c(DP[1]), r);
      r = exact(f, jH, c(DP[2]), r);
      const z = round(f64x2.mul(r, r));
      let cosine = fma(f, fma(f, c(COS_P[0]), z, c(COS_P[1])), z, c(COS_P[2]));
      cosine = fma(f, round(f64x2.mul(cosine, z)), z, f64x2.neg(f64x2.mul(z, c(0.5))));
      cosine = round(f64x2.add(cosine, c(1)));
      let sine = fma(f, fma(f, c(SIN_P[0]), z, c(SIN_P[1])), z, c(SIN_P[2]));
      sine = fma(f, round(f64x2.mul(sine, z)), r, r);
      const bit = (mask: number, v: Expr<'v128'> = jBits) =>
        i64x2.ne(v128.and(v, pool.i64x2(mask)), pool.i64x2(0));
      const swap = f.local('v128', bit(2));
      const sinV = f.local('v128', v128.bitselect(cosine, sine, swap));
      const cosV = f.local('v128', v128.bitselect(sine, cosine, swap));
      const sinSigned = v128.bitselect(f64x2.neg(sinV), sinV, bit(4));
      const cosSigned = v128.bitselect(
        cosV,
        f64x2.neg(cosV),
        bit(4, i64x2.sub(jBits, pool.i64x2(2))),
      );
      return [
        fma(f, round(f64x2.mul(radius, cosSigned)), std, mean),
        fma(f, round(f64x2.mul(radius, sinSigned)), std, mean),
      ];
    });
    const combine = (k: number) =>
      i8x16.shuffle(
        f32x4.demoteF64x2Zero(halves[0][k]),
        f32x4.demoteF64x2Zero(halves[1][k]),
        COMBINE,
      );
    f.run(v128.store(out1, combine(0)));
    f.run(v128.store(out2, combine(1)));
    f.return(v128.anyTrue(flag));
  });
}
