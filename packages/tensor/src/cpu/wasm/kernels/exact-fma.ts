import type { Expr } from '../emitter/expr';
import type { FunctionBuilder, Local } from '../emitter/function';
import { f32x4, f64x2, i64x2, v128 } from '../emitter/simd';
import type { ConstantPool } from './constants';

// Float32 arithmetic emulated in float64x2 lanes, bit-exact with the TypeScript fills
// (random/distributions.ts), which emulate the FMAs of PyTorch's AVX2 build. Values are
// float32 numbers held as float64. +, -, ·, / and sqrt computed in float64 and rounded once
// to float32 are correctly rounded (53 >= 2·24 + 2); a fused multiply-add is not: a·b is exact
// in float64 but a·b + c is rounded twice, and that differs from one rounding exactly when
// the float64 sum lands on a float32 midpoint (low 29 mantissa bits 1 followed by 28 zeros).

type V = Expr<'v128'>;

/** Rounds float64 lanes holding values in float32's range to float32 (kept as float64). */
export const round32 = (v: V): V => f64x2.promoteLowF32x4(f32x4.demoteF64x2Zero(v));

/** A float32 fused multiply-add on float64x2 lanes, assigned to a fresh local. */
export type Fma = (f: FunctionBuilder, a: V, b: V, c: V) => Local<'v128'>;

/**
 * The fast form: one float64 rounding then one float32 rounding, flagging in `flag` (all ones
 * in a lane) any lane whose float64 sum sits on a float32 midpoint, where double rounding may
 * differ from the fused result. A flagged computation is redone with exactFma.
 */
export function fastFma(flag: Local<'v128'>, pool: ConstantPool): Fma {
  return (f, a, b, c) => {
    const sum = f.local('v128', f64x2.add(f64x2.mul(a, b), c));
    const low29 = v128.and(sum, pool.i64x2(0x1fffffff));
    f.set(flag, v128.or(flag, i64x2.eq(low29, pool.i64x2(0x10000000))));
    return f.local('v128', round32(sum));
  };
}

/**
 * The exact form, as fmaf() in distributions.ts: the sum's rounding error comes from TwoSum,
 * and an inexact sum with an even last bit is nudged one ulp towards the error (round to
 * odd), so the final rounding to float32 is the fused multiply-add's single rounding.
 */
export const exactFma =
  (pool: ConstantPool): Fma =>
  (f, a, b, c) => {
    const product = f.local('v128', f64x2.mul(a, b));
    const sum = f.local('v128', f64x2.add(product, c));
    const bv = f.local('v128', f64x2.sub(sum, product));
    const error = f.local(
      'v128',
      f64x2.add(f64x2.sub(product, f64x2.sub(sum, bv)), f64x2.sub(c, bv)),
    );
    const one = pool.i64x2(1);
    const zero = pool.i64x2(0);
    const even = i64x2.eq(v128.and(sum, one), zero);
    const inexact = f64x2.ne(error, zero);
    const towardError = v128.or(i64x2.shrS(v128.xor(sum, error), 63), one);
    const nudged = i64x2.add(sum, v128.and(towardError, v128.and(inexact, even)));
    return f.local('v128', round32(nudged));
  };
