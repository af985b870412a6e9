import { ByteWriter } from './bytes';
import { type Expr, lift, node, type Operand, VALTYPE_CODE, type ValType } from './expr';
import { FunctionBuilder, type Local } from './function';

export interface MemoryImport {
  /** Pages of 64 KiB. */
  readonly initial: number;
  readonly maximum: number;
  /** A shared memory (threads); the instance must then be given a shared Memory. */
  readonly shared: boolean;
}

/** A function of the module, callable from other functions defined after it. */
export interface FunctionRef {
  readonly index: number;
  readonly params: readonly ValType[];
  readonly results: readonly ValType[];
}

/**
 * Assembles a WebAssembly module that imports one memory (`env.memory`) and exports the
 * functions it defines. Only what the kernels need: no tables, globals or data segments.
 *
 * @example
 * const m = new ModuleBuilder({ initial: 1, maximum: 16, shared: false });
 * m.func('double', ['i32'], ['i32'], (f, [x]) => f.return(i32.add(x, x)));
 * new WebAssembly.Module(m.toBytes());
 */
export class ModuleBuilder {
  private readonly types: string[] = [];
  private readonly functions: { type: number; body: ByteWriter }[] = [];
  private readonly exports: { name: string; index: number }[] = [];

  constructor(private readonly memory: MemoryImport) {}

  func(
    name: string | null,
    params: readonly ValType[],
    results: readonly ValType[],
    body: (f: FunctionBuilder, params: Local[]) => void,
  ): FunctionRef {
    const builder = new FunctionBuilder(params, results);
    body(builder, builder.params);
    const index = this.functions.length;
    this.functions.push({ type: this.typeIndex(params, results), body: builder.encode() });
    if (name !== null) this.exports.push({ name, index });
    return { index, params, results };
  }

  toBytes(): Uint8Array<ArrayBuffer> {
    const out = new ByteWriter().bytes([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00]);
    this.section(out, 1, (s) => {
      s.u32(this.types.length);
      for (const signature of this.types) {
        const [params, results] = signature.split('>').map((t) => (t === '' ? [] : t.split(',')));
        s.byte(0x60).u32(params.length);
        for (const p of params) s.byte(VALTYPE_CODE[p as ValType]);
        s.u32(results.length);
        for (const r of results) s.byte(VALTYPE_CODE[r as ValType]);
      }
    });
    this.section(out, 2, (s) => {
      const { initial, maximum, shared } = this.memory;
      s.u32(1).name('env').name('memory').byte(0x02);
      s.byte(shared ? 0x03 : 0x01)
        .u32(initial)
        .u32(maximum);
    });
    this.section(out, 3, (s) => {
      s.u32(this.functions.length);
      for (const f of this.functions) s.u32(f.type);
    });
    this.section(out, 7, (s) => {
      s.u32(this.exports.length);
      for (const e of this.exports) s.name(e.name).byte(0x00).u32(e.index);
    });
    this.section(out, 10, (s) => {
      s.u32(this.functions.length);
      for (const f of this.functions) s.sized(f.body);
    });
    return out.finish();
  }

  private typeIndex(params: readonly ValType[], results: readonly ValType[]): number {
    const signature = `${params.join(',')}>${results.join(',')}`;
    let index = this.types.indexOf(signature);
    if (index < 0) index = this.types.push(signature) - 1;
    return index;
  }

  private section(out: ByteWriter, id: number, fill: (section: ByteWriter) => void): void {
    const section = new ByteWriter();
    fill(section);
    out.byte(id).sized(section);
  }
}

/** A call of `ref` with `args`; its value is the function's single result, if any. */
export function call(ref: FunctionRef, args: readonly Operand<ValType>[]): Expr {
  const typed = args.map((a, i) => lift(ref.params[i], a as Operand<(typeof ref.params)[number]>));
  return node(ref.results[0] ?? 'void', typed, (out) => void out.byte(0x10).u32(ref.index));
}
