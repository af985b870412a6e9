import type { ByteWriter } from './bytes';
import { type Expr, lift, memarg, node, type Operand, simd, type ValType } from './expr';

// The 128-bit SIMD instructions the kernels use (WebAssembly SIMD proposal, opcodes after
// the 0xFD prefix). Every vector is a v128; the lane interpretation is in the op's name.

type V = Expr<'v128'>;

const v1 =
  (code: number) =>
  (a: V): V =>
    node('v128', [lift('v128', a)], simd(code));
const v2 =
  (code: number) =>
  (a: V, b: V): V =>
    node('v128', [lift('v128', a), lift('v128', b)], simd(code));
const shift =
  (code: number) =>
  (a: V, bits: Operand<'i32'>): V =>
    node('v128', [lift('v128', a), lift('i32', bits)], simd(code));
const splat =
  <T extends ValType>(type: T, code: number) =>
  (value: Operand<T>): V =>
    node('v128', [lift(type, value)], simd(code));
const toScalar =
  <T extends ValType>(type: T, code: number) =>
  (a: V): Expr<T> =>
    node(type, [lift('v128', a)], simd(code));
const lane = (code: number, index: number) => (out: ByteWriter) => {
  simd(code)(out);
  out.byte(index);
};
const extract =
  <T extends ValType>(type: T, code: number) =>
  (a: V, index: number): Expr<T> =>
    node(type, [lift('v128', a)], lane(code, index));
const replace =
  <T extends ValType>(type: T, code: number) =>
  (a: V, index: number, value: Operand<T>): V =>
    node('v128', [lift('v128', a), lift(type, value)], lane(code, index));
const load =
  (code: number, alignLog2: number) =>
  (address: Operand<'i32'>, offset = 0): V =>
    node('v128', [lift('i32', address)], memarg(simd(code), alignLog2, offset));

export const v128 = {
  load: load(0x00, 4),
  load32Splat: load(0x09, 2),
  load32Zero: load(0x5c, 2),
  load64Zero: load(0x5d, 3),
  store: (address: Operand<'i32'>, value: V, offset = 0): Expr<'void'> =>
    node('void', [lift('i32', address), lift('v128', value)], memarg(simd(0x0b), 4, offset)),
  /** Stores lane `index` of a 32-bit lane vector. */
  store32Lane: (address: Operand<'i32'>, value: V, index: number, offset = 0): Expr<'void'> =>
    node('void', [lift('i32', address), lift('v128', value)], (out) => {
      memarg(simd(0x5a), 2, offset)(out);
      out.byte(index);
    }),
  /** Stores the low 64 bits. */
  store64Lane0: (address: Operand<'i32'>, value: V, offset = 0): Expr<'void'> =>
    node('void', [lift('i32', address), lift('v128', value)], (out) => {
      memarg(simd(0x5b), 3, offset)(out);
      out.byte(0);
    }),
  const: (bytes: ArrayLike<number>): V =>
    node('v128', [], (out) => {
      simd(0x0c)(out);
      out.bytes(bytes);
    }),
  not: v1(0x4d),
  and: v2(0x4e),
  andnot: v2(0x4f),
  or: v2(0x50),
  xor: v2(0x51),
  /** Bits of `a` where `mask` is 1, of `b` where it is 0. */
  bitselect: (a: V, b: V, mask: V): V =>
    node('v128', [lift('v128', a), lift('v128', b), lift('v128', mask)], simd(0x52)),
  anyTrue: toScalar('i32', 0x53),
};

export const i8x16 = {
  /** Lanes of the concatenation a ++ b picked by 16 indices in [0, 32). */
  shuffle: (a: V, b: V, lanes: readonly number[]): V =>
    node('v128', [lift('v128', a), lift('v128', b)], (out) => {
      simd(0x0d)(out);
      out.bytes(lanes);
    }),
  splat: splat('i32', 0x0f),
  narrowI16x8S: v2(0x65),
  narrowI16x8U: v2(0x66),
  bitmask: toScalar('i32', 0x64),
};

export const i16x8 = {
  narrowI32x4S: v2(0x85),
  narrowI32x4U: v2(0x86),
  extendLowI8x16U: v1(0x89),
  extendHighI8x16U: v1(0x8a),
};

export const i32x4 = {
  splat: splat('i32', 0x11),
  extractLane: extract('i32', 0x1b),
  replaceLane: replace('i32', 0x1c),
  eq: v2(0x37),
  ne: v2(0x38),
  ltS: v2(0x39),
  gtS: v2(0x3b),
  leS: v2(0x3d),
  geS: v2(0x3f),
  extendLowI16x8U: v1(0xa9),
  extendHighI16x8U: v1(0xaa),
  shl: shift(0xab),
  shrS: shift(0xac),
  shrU: shift(0xad),
  add: v2(0xae),
  sub: v2(0xb1),
  mul: v2(0xb5),
  minS: v2(0xb6),
  maxS: v2(0xb8),
  truncSatF32x4S: v1(0xf8),
};

export const i64x2 = {
  splat: splat('i64', 0x12),
  extractLane: extract('i64', 0x1d),
  extendLowI32x4S: v1(0xc7),
  extendHighI32x4S: v1(0xc8),
  extendLowI32x4U: v1(0xc9),
  extendHighI32x4U: v1(0xca),
  shl: shift(0xcb),
  shrS: shift(0xcc),
  shrU: shift(0xcd),
  add: v2(0xce),
  sub: v2(0xd1),
  eq: v2(0xd6),
  ne: v2(0xd7),
  /** Full 64-bit products of the low (high) two u32 lanes of a and b. */
  extmulLowI32x4U: v2(0xde),
  extmulHighI32x4U: v2(0xdf),
};

export const f32x4 = {
  splat: splat('f32', 0x13),
  extractLane: extract('f32', 0x1f),
  replaceLane: replace('f32', 0x20),
  eq: v2(0x41),
  ne: v2(0x42),
  lt: v2(0x43),
  gt: v2(0x44),
  le: v2(0x45),
  ge: v2(0x46),
  demoteF64x2Zero: v1(0x5e),
  ceil: v1(0x67),
  floor: v1(0x68),
  trunc: v1(0x69),
  /** Round to nearest, ties to even. */
  nearest: v1(0x6a),
  abs: v1(0xe0),
  neg: v1(0xe1),
  sqrt: v1(0xe3),
  add: v2(0xe4),
  sub: v2(0xe5),
  mul: v2(0xe6),
  div: v2(0xe7),
  /** NaN-propagating min/max (NaN if either lane is NaN). */
  min: v2(0xe8),
  max: v2(0xe9),
  convertI32x4S: v1(0xfa),
  convertI32x4U: v1(0xfb),
};

export const f64x2 = {
  splat: splat('f64', 0x14),
  extractLane: extract('f64', 0x21),
  replaceLane: replace('f64', 0x22),
  eq: v2(0x47),
  ne: v2(0x48),
  lt: v2(0x49),
  gt: v2(0x4a),
  le: v2(0x4b),
  ge: v2(0x4c),
  promoteLowF32x4: v1(0x5f),
  abs: v1(0xec),
  neg: v1(0xed),
  sqrt: v1(0xef),
  add: v2(0xf0),
  sub: v2(0xf1),
  mul: v2(0xf2),
  div: v2(0xf3),
  min: v2(0xf4),
  max: v2(0xf5),
  convertLowI32x4S: v1(0xfe),
  convertLowI32x4U: v1(0xff),
};
