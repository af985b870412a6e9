import type { ByteWriter } from './bytes';
import { core, type Expr, lift, memarg, misc, node, type Operand, type ValType } from './expr';

// The scalar instructions the kernels use, named after their text-format mnemonics in
// camelCase (i32.lt_u is i32.ltU). Opcodes: WebAssembly core spec, section 5.4.

type Enc = (out: ByteWriter) => void;

const unary =
  <R extends ValType, A extends ValType>(result: R, arg: A, code: Enc) =>
  (a: Operand<A>): Expr<R> =>
    node(result, [lift(arg, a)], code);

const binary =
  <R extends ValType, A extends ValType>(result: R, arg: A, code: Enc) =>
  (a: Operand<A>, b: Operand<A>): Expr<R> =>
    node(result, [lift(arg, a), lift(arg, b)], code);

const load =
  <T extends ValType>(type: T, code: number, alignLog2: number) =>
  (address: Operand<'i32'>, offset = 0): Expr<T> =>
    node(type, [lift('i32', address)], memarg(core(code), alignLog2, offset));

const store =
  <T extends ValType>(type: T, code: number, alignLog2: number) =>
  (address: Operand<'i32'>, value: Operand<T>, offset = 0): Expr<'void'> =>
    node('void', [lift('i32', address), lift(type, value)], memarg(core(code), alignLog2, offset));

export const i32 = {
  const: (value: number) => lift('i32', value | 0),
  load: load('i32', 0x28, 2),
  load8U: load('i32', 0x2d, 0),
  store: store('i32', 0x36, 2),
  store8: store('i32', 0x3a, 0),
  eqz: unary('i32', 'i32', core(0x45)),
  eq: binary('i32', 'i32', core(0x46)),
  ne: binary('i32', 'i32', core(0x47)),
  ltS: binary('i32', 'i32', core(0x48)),
  ltU: binary('i32', 'i32', core(0x49)),
  gtS: binary('i32', 'i32', core(0x4a)),
  gtU: binary('i32', 'i32', core(0x4b)),
  leS: binary('i32', 'i32', core(0x4c)),
  leU: binary('i32', 'i32', core(0x4d)),
  geS: binary('i32', 'i32', core(0x4e)),
  geU: binary('i32', 'i32', core(0x4f)),
  add: binary('i32', 'i32', core(0x6a)),
  sub: binary('i32', 'i32', core(0x6b)),
  mul: binary('i32', 'i32', core(0x6c)),
  divS: binary('i32', 'i32', core(0x6d)),
  divU: binary('i32', 'i32', core(0x6e)),
  remU: binary('i32', 'i32', core(0x70)),
  and: binary('i32', 'i32', core(0x71)),
  or: binary('i32', 'i32', core(0x72)),
  xor: binary('i32', 'i32', core(0x73)),
  shl: binary('i32', 'i32', core(0x74)),
  shrS: binary('i32', 'i32', core(0x75)),
  shrU: binary('i32', 'i32', core(0x76)),
  wrapI64: unary('i32', 'i64', core(0xa7)),
  truncSatF32S: unary('i32', 'f32', misc(0x00)),
  truncSatF64S: unary('i32', 'f64', misc(0x02)),
  reinterpretF32: unary('i32', 'f32', core(0xbc)),
};

export const i64 = {
  const: (value: number | bigint): Expr<'i64'> =>
    node('i64', [], (out) => void out.byte(0x42).s64(BigInt(value))),
  load: load('i64', 0x29, 3),
  store: store('i64', 0x37, 3),
  eq: binary('i32', 'i64', core(0x51)),
  ne: binary('i32', 'i64', core(0x52)),
  add: binary('i64', 'i64', core(0x7c)),
  sub: binary('i64', 'i64', core(0x7d)),
  mul: binary('i64', 'i64', core(0x7e)),
  and: binary('i64', 'i64', core(0x83)),
  or: binary('i64', 'i64', core(0x84)),
  xor: binary('i64', 'i64', core(0x85)),
  shl: binary('i64', 'i64', core(0x86)),
  shrS: binary('i64', 'i64', core(0x87)),
  shrU: binary('i64', 'i64', core(0x88)),
  extendI32S: unary('i64', 'i32', core(0xac)),
  extendI32U: unary('i64', 'i32', core(0xad)),
  reinterpretF64: unary('i64', 'f64', core(0xbd)),
};

export const f32 = {
  const: (value: number) => lift('f32', value),
  load: load('f32', 0x2a, 2),
  store: store('f32', 0x38, 2),
  eq: binary('i32', 'f32', core(0x5b)),
  ne: binary('i32', 'f32', core(0x5c)),
  lt: binary('i32', 'f32', core(0x5d)),
  gt: binary('i32', 'f32', core(0x5e)),
  le: binary('i32', 'f32', core(0x5f)),
  ge: binary('i32', 'f32', core(0x60)),
  abs: unary('f32', 'f32', core(0x8b)),
  neg: unary('f32', 'f32', core(0x8c)),
  ceil: unary('f32', 'f32', core(0x8d)),
  floor: unary('f32', 'f32', core(0x8e)),
  trunc: unary('f32', 'f32', core(0x8f)),
  nearest: unary('f32', 'f32', core(0x90)),
  sqrt: unary('f32', 'f32', core(0x91)),
  add: binary('f32', 'f32', core(0x92)),
  sub: binary('f32', 'f32', core(0x93)),
  mul: binary('f32', 'f32', core(0x94)),
  div: binary('f32', 'f32', core(0x95)),
  min: binary('f32', 'f32', core(0x96)),
  max: binary('f32', 'f32', core(0x97)),
  convertI32S: unary('f32', 'i32', core(0xb2)),
  convertI32U: unary('f32', 'i32', core(0xb3)),
  demoteF64: unary('f32', 'f64', core(0xb6)),
  reinterpretI32: unary('f32', 'i32', core(0xbe)),
};

export const f64 = {
  const: (value: number) => lift('f64', value),
  load: load('f64', 0x2b, 3),
  store: store('f64', 0x39, 3),
  eq: binary('i32', 'f64', core(0x61)),
  ne: binary('i32', 'f64', core(0x62)),
  lt: binary('i32', 'f64', core(0x63)),
  gt: binary('i32', 'f64', core(0x64)),
  le: binary('i32', 'f64', core(0x65)),
  ge: binary('i32', 'f64', core(0x66)),
  abs: unary('f64', 'f64', core(0x99)),
  neg: unary('f64', 'f64', core(0x9a)),
  floor: unary('f64', 'f64', core(0x9c)),
  trunc: unary('f64', 'f64', core(0x9d)),
  sqrt: unary('f64', 'f64', core(0x9f)),
  add: binary('f64', 'f64', core(0xa0)),
  sub: binary('f64', 'f64', core(0xa1)),
  mul: binary('f64', 'f64', core(0xa2)),
  div: binary('f64', 'f64', core(0xa3)),
  min: binary('f64', 'f64', core(0xa4)),
  max: binary('f64', 'f64', core(0xa5)),
  copysign: binary('f64', 'f64', core(0xa6)),
  convertI32S: unary('f64', 'i32', core(0xb7)),
  convertI32U: unary('f64', 'i32', core(0xb8)),
  promoteF32: unary('f64', 'f32', core(0xbb)),
  reinterpretI64: unary('f64', 'i64', core(0xbf)),
};

/** `condition ? a : b` without a branch (both sides are evaluated). */
export function select<T extends ValType>(
  a: Expr<T>,
  b: Expr<T>,
  condition: Operand<'i32'>,
): Expr<T> {
  return node(a.type, [a, lift(a.type, b), lift('i32', condition)], core(0x1b));
}
