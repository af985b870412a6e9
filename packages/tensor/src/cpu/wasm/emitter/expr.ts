import type { ByteWriter } from './bytes';

/** WebAssembly value types, and 'void' for instructions that leave nothing on the stack. */
export type ValType = 'i32' | 'i64' | 'f32' | 'f64' | 'v128';
export type ExprType = ValType | 'void';

export const VALTYPE_CODE: Record<ValType, number> = {
  i32: 0x7f,
  i64: 0x7e,
  f32: 0x7d,
  f64: 0x7c,
  v128: 0x7b,
};

/**
 * A WebAssembly expression tree: emitting it pushes its operands, then its own opcode, so
 * kernels read as nested calls (`f32x4.add(acc, f32x4.mul(a, b))`) instead of stack code.
 */
export interface Expr<T extends ExprType = ExprType> {
  readonly type: T;
  emit(out: ByteWriter): void;
}

/** A numeric operand: an expression, or a JS number lifted to a constant of the op's type. */
export type Operand<T extends ValType> = Expr<T> | (T extends 'v128' ? never : number);

export function constant<T extends ValType>(type: T, value: number): Expr<T> {
  return {
    type,
    emit(out) {
      if (type === 'i32') out.byte(0x41).s32(value);
      else if (type === 'i64') out.byte(0x42).s64(BigInt(value));
      else if (type === 'f32') out.byte(0x43).f32(value);
      else if (type === 'f64') out.byte(0x44).f64(value);
      else throw new Error('wasm emitter: v128 constants need v128.const');
    },
  };
}

export function lift<T extends ValType>(type: T, value: Operand<T>): Expr<T> {
  if (typeof value === 'number') return constant(type, value);
  if (value.type !== type) {
    throw new Error(`wasm emitter: expected a ${type} operand, got ${value.type}`);
  }
  return value;
}

/** An instruction applied to `args` (already typed), encoded by `opcode`. */
export function node<T extends ExprType>(
  type: T,
  args: readonly Expr[],
  opcode: (out: ByteWriter) => void,
): Expr<T> {
  return {
    type,
    emit(out) {
      for (const arg of args) arg.emit(out);
      opcode(out);
    },
  };
}

/** Encoders of the three opcode spaces: core (one byte), SIMD (0xFD), saturating/misc (0xFC). */
export const core = (code: number) => (out: ByteWriter) => void out.byte(code);
export const simd = (code: number) => (out: ByteWriter) => void out.byte(0xfd).u32(code);
export const misc = (code: number) => (out: ByteWriter) => void out.byte(0xfc).u32(code);

/** A memory access's alignment hint (log2 bytes) and static offset. */
export const memarg =
  (opcode: (out: ByteWriter) => void, alignLog2: number, offset: number) => (out: ByteWriter) => {
    opcode(out);
    out.u32(alignLog2).u32(offset);
  };
