import type { FunctionBuilder, Local } from '../emitter/function';
import { i32 } from '../emitter/scalar';

/**
 * Strided iteration for elementwise kernels. The host coalesces the operands' dims (as
 * cpu/strided.ts does) and writes a descriptor of i32 words into the reserved bytes:
 *
 *   [ndim, rows, shape[ndim], strides of operand 0 (bytes)[ndim], ..., counters[ndim]]
 *
 * where rows is the product of all dims but the last. The kernel calls its row body once
 * per innermost row with each operand's start address, then steps an odometer.
 */
export function descriptorWords(ndim: number, operands: number): number {
  return 2 + ndim * (operands + 2);
}

export interface Row {
  /** Elements in the row (the body may count it down). */
  readonly length: Local<'i32'>;
  /** Each operand's address of the row's first element (the body may advance these). */
  readonly starts: readonly Local<'i32'>[];
  /** Each operand's stride along the row, in bytes. */
  readonly strides: readonly Local<'i32'>[];
}

export function emitWalk(
  f: FunctionBuilder,
  desc: Local<'i32'>,
  bases: readonly Local<'i32'>[],
  body: (row: Row) => void,
): void {
  const count = bases.length;
  const ndim = f.local('i32', i32.load(desc));
  const rows = f.local('i32', i32.load(desc, 4));
  const inner = f.local('i32', i32.sub(ndim, 1));
  const rowBytes = f.local('i32', i32.shl(ndim, 2));
  const shapeAt = (d: Local<'i32'>) => i32.add(desc, i32.add(8, i32.shl(d, 2)));
  /** Address of operand k's stride for dim d (k = count: the counters). */
  const wordAt = (k: number, d: Local<'i32'>) => i32.add(shapeAt(d), i32.mul(rowBytes, k + 1));
  const length = f.local('i32', i32.load(shapeAt(inner)));
  const strides = bases.map((_, k) => f.local('i32', i32.load(wordAt(k, inner))));
  const starts = bases.map(() => f.local('i32'));
  const rowLength = f.local('i32');
  const [r, d, counter] = [f.local('i32'), f.local('i32'), f.local('i32')];
  f.forRange(d, 0, inner, 1, () => f.run(i32.store(wordAt(count, d), 0)));
  f.forRange(r, 0, rows, 1, () => {
    for (let k = 0; k < count; k++) f.set(starts[k], bases[k]);
    f.set(rowLength, length);
    body({ length: rowLength, starts, strides });
    f.set(d, i32.sub(inner, 1));
    f.block((done) => {
      f.loop((next) => {
        f.brIf(done, i32.ltS(d, 0));
        f.set(counter, i32.add(i32.load(wordAt(count, d)), 1));
        for (let k = 0; k < count; k++) f.set(bases[k], i32.add(bases[k], i32.load(wordAt(k, d))));
        f.if(i32.ltS(counter, i32.load(shapeAt(d))), () => {
          f.run(i32.store(wordAt(count, d), counter));
          f.br(done);
        });
        f.run(i32.store(wordAt(count, d), 0));
        for (let k = 0; k < count; k++) {
          const back = i32.mul(i32.load(wordAt(k, d)), i32.load(shapeAt(d)));
          f.set(bases[k], i32.sub(bases[k], back));
        }
        f.set(d, i32.sub(d, 1));
        f.br(next);
      });
    });
  });
}
