import type { Expr } from '../emitter/expr';
import type { ModuleBuilder } from '../emitter/module';
import { v128 } from '../emitter/simd';
import { RESERVED } from '../heap';

/**
 * Vector constants kept in the heap's reserved bytes and read with a load, which V8 folds
 * into the arithmetic instruction; an inline splat would be rebuilt (two instructions) at
 * every use. The module's `init` export writes the table; the runtime calls it once.
 */
const CONSTANTS_BYTE = RESERVED.constants;
const CAPACITY = 256;

export class ConstantPool {
  private readonly values: number[][] = [];

  /** Both lanes of a float64x2 set to `value`. */
  f64x2(value: number): Expr<'v128'> {
    return this.slot([...new Uint8Array(Float64Array.of(value, value).buffer)]);
  }

  /** Both lanes of an int64x2 set to `value`. */
  i64x2(value: number): Expr<'v128'> {
    return this.slot([...new Uint8Array(BigInt64Array.of(BigInt(value), BigInt(value)).buffer)]);
  }

  private slot(bytes: number[]): Expr<'v128'> {
    const key = bytes.join(',');
    let index = this.values.findIndex((v) => v.join(',') === key);
    if (index < 0) index = this.values.push(bytes) - 1;
    if (index >= CAPACITY) throw new Error('wasm constant pool: too many constants');
    return v128.load(CONSTANTS_BYTE + 16 * index);
  }

  /** Emits `init`, which stores every constant into the table. */
  emitInit(m: ModuleBuilder): void {
    m.func('init', [], [], (f) => {
      this.values.forEach((bytes, index) => {
        f.run(v128.store(CONSTANTS_BYTE + 16 * index, v128.const(bytes)));
      });
    });
  }
}
