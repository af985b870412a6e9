import type { Expr } from '../emitter/expr';
import type { FunctionBuilder, Local } from '../emitter/function';
import { call, type ModuleBuilder } from '../emitter/module';
import { f32, i32, i64 } from '../emitter/scalar';
import { f32x4, i8x16, i32x4, i64x2, v128 } from '../emitter/simd';
import { RESERVED } from '../heap';

/**
 * Philox-4x32-10 streams as random/philox.ts defines them: block b of the stream keyed by
 * `seed` is philox4x32([lo32(offset + b), hi32(offset + b), 0, 0], [lo32(seed), hi32(seed)]).
 *
 *   philox_fill(out, n, seedLo, seedHi, offsetLo, offsetHi, low, range, raw): element i is
 *   word i % 4 of block floor(i / 4); stored as the u32 itself when raw, else as the uniform
 *   f32(f32((word >>> 8) · 2^-24 · range) + low).
 *
 * Four blocks run side by side, one per lane (a 4x4 transpose then restores stream order);
 * the 32x32 → 64-bit products come from i64x2.extmul.
 */
const M0 = 0xd2511f53 | 0;
const M1 = 0xcd9e8d57 | 0;
const W0 = 0x9e3779b9 | 0;
const W1 = 0xbb67ae85 | 0;
const TAIL_SCRATCH = RESERVED.philoxTail;
const HIGH_WORDS = [4, 5, 6, 7, 12, 13, 14, 15, 20, 21, 22, 23, 28, 29, 30, 31];

type V = Expr<'v128'>;

export function emitPhilox(m: ModuleBuilder): void {
  const block = m.func(
    null,
    ['i32', 'i32', 'i32', 'i32', 'i32', 'f32', 'f32', 'i32'],
    [],
    (f, params) => {
      // one block (scalar): out, counter lo/hi, key lo/hi, low, range, raw
      const [out, cLo, cHi, kLo, kHi] = params as Local<'i32'>[];
      const [low, range] = params.slice(5, 7) as Local<'f32'>[];
      const raw = params[7] as Local<'i32'>;
      const c = [cLo, cHi, f.local('i32', 0), f.local('i32', 0)];
      const [k0, k1] = [f.local('i32', kLo), f.local('i32', kHi)];
      const [p0, p1] = [f.local('i64'), f.local('i64')];
      for (let r = 0; r < 10; r++) {
        if (r > 0) {
          f.set(k0, i32.add(k0, W0));
          f.set(k1, i32.add(k1, W1));
        }
        f.set(p0, i64.mul(i64.extendI32U(M0), i64.extendI32U(c[0])));
        f.set(p1, i64.mul(i64.extendI32U(M1), i64.extendI32U(c[2])));
        const high = (p: Local<'i64'>) => i32.wrapI64(i64.shrU(p, 32));
        f.set(c[0], i32.xor(i32.xor(high(p1), c[1]), k0));
        f.set(c[1], i32.wrapI64(p1));
        f.set(c[2], i32.xor(i32.xor(high(p0), c[3]), k1));
        f.set(c[3], i32.wrapI64(p0));
      }
      c.forEach((word, j) => {
        const uniform = f32.add(
          f32.mul(f32.mul(f32.convertI32U(i32.shrU(word, 8)), 2 ** -24), range),
          low,
        );
        f.if(
          raw,
          () => f.run(i32.store(out, word, 4 * j)),
          () => f.run(f32.store(out, uniform, 4 * j)),
        );
      });
    },
  );

  m.func(
    'philox_fill',
    ['i32', 'i32', 'i32', 'i32', 'i32', 'i32', 'f32', 'f32', 'i32'],
    [],
    (f, params) => {
      const [out, n, kLo, kHi, offLo, offHi] = params as Local<'i32'>[];
      const [low, range] = params.slice(6, 8) as Local<'f32'>[];
      const raw = params[8] as Local<'i32'>;
      const [b, blocks, t] = [f.local('i32'), f.local('i32', i32.shrU(n, 2)), f.local('i32')];
      const counter = f.local('i64');
      const base = i64.or(i64.extendI32U(offLo), i64.shl(i64.extendI32U(offHi), 32));
      const at = (index: Expr<'i64'>) => [i32.wrapI64(index), i32.wrapI64(i64.shrU(index, 32))];
      f.forRange(b, 0, i32.sub(blocks, 3), 4, () => {
        f.set(counter, i64.add(base, i64.extendI32U(b)));
        const lanes = [0, 1, 2, 3].map((lane) => at(i64.add(counter, lane)));
        let low32: V = i32x4.splat(0);
        let high32: V = i32x4.splat(0);
        lanes.forEach(([lo, hi], lane) => {
          low32 = i32x4.replaceLane(low32, lane, lo);
          high32 = i32x4.replaceLane(high32, lane, hi);
        });
        const words = emitRounds(f, low32, high32, kLo, kHi);
        const blockOut = i32.add(out, i32.shl(b, 4));
        emitStoreBlocks(f, words, blockOut, low, range, raw);
      });
      // the remaining whole blocks, then a partial one through scratch
      f.forRange(b, b, blocks, 1, () => {
        f.set(counter, i64.add(base, i64.extendI32U(b)));
        const [lo, hi] = at(counter);
        f.run(call(block, [i32.add(out, i32.shl(b, 4)), lo, hi, kLo, kHi, low, range, raw]));
      });
      f.if(i32.and(n, 3), () => {
        f.set(counter, i64.add(base, i64.extendI32U(blocks)));
        const [lo, hi] = at(counter);
        f.run(call(block, [TAIL_SCRATCH, lo, hi, kLo, kHi, low, range, raw]));
        f.forRange(t, 0, i32.and(n, 3), 1, () => {
          const from = i32.add(TAIL_SCRATCH, i32.shl(t, 2));
          f.run(
            i32.store(i32.add(out, i32.shl(i32.add(i32.shl(blocks, 2), t), 2)), i32.load(from)),
          );
        });
      });
    },
  );
}

/** Ten Philox rounds on four blocks (lane = block); returns the four output word vectors. */
function emitRounds(
  f: FunctionBuilder,
  low32: V,
  high32: V,
  kLo: Local<'i32'>,
  kHi: Local<'i32'>,
): Local<'v128'>[] {
  const c = [
    f.local('v128', low32),
    f.local('v128', high32),
    f.local('v128', i32x4.splat(0)),
    f.local('v128', i32x4.splat(0)),
  ];
  const [k0, k1] = [f.local('v128', i32x4.splat(kLo)), f.local('v128', i32x4.splat(kHi))];
  const [m0, m1] = [f.local('v128', i32x4.splat(M0)), f.local('v128', i32x4.splat(M1))];
  const mulhi = (a: V, multiplier: Local<'v128'>) =>
    i8x16.shuffle(
      i64x2.extmulLowI32x4U(a, multiplier),
      i64x2.extmulHighI32x4U(a, multiplier),
      HIGH_WORDS,
    );
  const next = [0, 1, 2, 3].map(() => f.local('v128'));
  for (let r = 0; r < 10; r++) {
    if (r > 0) {
      f.set(k0, i32x4.add(k0, i32x4.splat(W0)));
      f.set(k1, i32x4.add(k1, i32x4.splat(W1)));
    }
    f.set(next[0], v128.xor(v128.xor(mulhi(c[2], m1), c[1]), k0));
    f.set(next[1], i32x4.mul(c[2], m1));
    f.set(next[2], v128.xor(v128.xor(mulhi(c[0], m0), c[3]), k1));
    f.set(next[3], i32x4.mul(c[0], m0));
    for (let k = 0; k < 4; k++) f.set(c[k], next[k]);
  }
  return c;
}

/** Stores the blocks in stream order: the 4x4 word matrix transposed. */
function emitStoreBlocks(
  f: FunctionBuilder,
  words: Local<'v128'>[],
  out: Expr<'i32'>,
  low: Local<'f32'>,
  range: Local<'f32'>,
  raw: Local<'i32'>,
): void {
  const [c0, c1, c2, c3] = words;
  const interleave = (a: V, b: V, high: boolean) =>
    i8x16.shuffle(
      a,
      b,
      high
        ? [8, 9, 10, 11, 24, 25, 26, 27, 12, 13, 14, 15, 28, 29, 30, 31]
        : [0, 1, 2, 3, 16, 17, 18, 19, 4, 5, 6, 7, 20, 21, 22, 23],
    );
  const t = [
    f.local('v128', interleave(c0, c1, false)),
    f.local('v128', interleave(c2, c3, false)),
    f.local('v128', interleave(c0, c1, true)),
    f.local('v128', interleave(c2, c3, true)),
  ];
  const LOW = [0, 1, 2, 3, 4, 5, 6, 7, 16, 17, 18, 19, 20, 21, 22, 23];
  const HIGH = [8, 9, 10, 11, 12, 13, 14, 15, 24, 25, 26, 27, 28, 29, 30, 31];
  const blocks = [
    i8x16.shuffle(t[0], t[1], LOW),
    i8x16.shuffle(t[0], t[1], HIGH),
    i8x16.shuffle(t[2], t[3], LOW),
    i8x16.shuffle(t[2], t[3], HIGH),
  ];
  const target = f.local('i32', out);
  const rangeV = f32x4.splat(range);
  const lowV = f32x4.splat(low);
  blocks.forEach((words4, j) => {
    const w = f.local('v128', words4);
    const unit = f32x4.mul(f32x4.convertI32x4S(i32x4.shrU(w, 8)), f32x4.splat(2 ** -24));
    f.if(
      raw,
      () => f.run(v128.store(target, w, 16 * j)),
      () => f.run(v128.store(target, f32x4.add(f32x4.mul(unit, rangeV), lowV), 16 * j)),
    );
  });
}
