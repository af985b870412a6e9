import { ByteWriter } from './bytes';
import { type Expr, lift, type Operand, VALTYPE_CODE, type ValType } from './expr';
import { i32 } from './scalar';

/** A parameter or local variable; reading it is an expression (local.get). */
export class Local<T extends ValType = ValType> implements Expr<T> {
  constructor(
    readonly index: number,
    readonly type: T,
  ) {}
  emit(out: ByteWriter): void {
    out.byte(0x20).u32(this.index);
  }
}

/** A branch target: the block (branching exits it) or loop (branching repeats it). */
export interface Label {
  readonly depth: number;
}

/**
 * Builds one function body as structured statements. Control flow takes closures, so the
 * nesting of the TypeScript is the nesting of the WebAssembly, and labels are values.
 */
export class FunctionBuilder {
  readonly code = new ByteWriter();
  readonly params: Local[];
  private readonly localTypes: ValType[] = [];
  private depth = 0;

  constructor(
    paramTypes: readonly ValType[],
    readonly results: readonly ValType[],
  ) {
    this.params = paramTypes.map((type, i) => new Local(i, type));
  }

  local<T extends ValType>(type: T, initial?: Operand<T>): Local<T> {
    const local = new Local(this.params.length + this.localTypes.length, type);
    this.localTypes.push(type);
    if (initial !== undefined) this.set(local, initial);
    return local;
  }

  /** Runs an expression whose value is not needed (a store, or a call for its effect). */
  run(statement: Expr): void {
    statement.emit(this.code);
    if (statement.type !== 'void') this.code.byte(0x1a); // drop
  }

  set<T extends ValType>(target: Local<T>, value: Operand<T>): void {
    lift(target.type, value).emit(this.code);
    this.code.byte(0x21).u32(target.index);
  }

  block(body: (exit: Label) => void): void {
    this.structured(0x02, body);
  }

  loop(body: (repeat: Label) => void): void {
    this.structured(0x03, body);
  }

  if(condition: Operand<'i32'>, then: () => void, otherwise?: () => void): void {
    lift('i32', condition).emit(this.code);
    this.code.byte(0x04).byte(0x40);
    this.depth++;
    then();
    if (otherwise !== undefined) {
      this.code.byte(0x05);
      otherwise();
    }
    this.depth--;
    this.code.byte(0x0b);
  }

  br(label: Label): void {
    this.code.byte(0x0c).u32(this.depth - label.depth);
  }

  brIf(label: Label, condition: Operand<'i32'>): void {
    lift('i32', condition).emit(this.code);
    this.code.byte(0x0d).u32(this.depth - label.depth);
  }

  return(value?: Expr): void {
    value?.emit(this.code);
    this.code.byte(0x0f);
  }

  /**
   * `for (counter = start; counter < end; counter += step) body()` as a bottom-tested loop
   * (one compare and branch per iteration). `end` is re-read each time: pass a local.
   */
  forRange(
    counter: Local<'i32'>,
    start: Operand<'i32'>,
    end: Operand<'i32'>,
    step: Operand<'i32'>,
    body: () => void,
  ): void {
    this.set(counter, start);
    this.if(i32.ltS(counter, end), () => {
      this.loop((repeat) => {
        body();
        this.set(counter, i32.add(counter, step));
        this.brIf(repeat, i32.ltS(counter, end));
      });
    });
  }

  /** `while (condition()) body()`, the condition tested before each pass. */
  while(condition: () => Operand<'i32'>, body: () => void): void {
    this.block((exit) => {
      this.loop((repeat) => {
        this.brIf(exit, i32.eqz(lift('i32', condition())));
        body();
        this.br(repeat);
      });
    });
  }

  /** The function body: its locals (run-length encoded by type), code and end. */
  encode(): ByteWriter {
    const out = new ByteWriter();
    const runs: [ValType, number][] = [];
    for (const type of this.localTypes) {
      const last = runs[runs.length - 1];
      if (last !== undefined && last[0] === type) last[1]++;
      else runs.push([type, 1]);
    }
    out.u32(runs.length);
    for (const [type, count] of runs) out.u32(count).byte(VALTYPE_CODE[type]);
    out.bytes(this.code.finish());
    out.byte(0x0b);
    return out;
  }

  private structured(opcode: number, body: (label: Label) => void): void {
    this.code.byte(opcode).byte(0x40);
    this.depth++;
    body({ depth: this.depth });
    this.depth--;
    this.code.byte(0x0b);
  }
}
