// Bad arguments throw ArgumentError (an XError), never a bare TypeError or RangeError, so a
// caller can catch x's argument errors as one class; the message still names the argument.
import { ArgumentError, add, tensor, tidy, XError, zeros } from '@x/tensor';
import { describe, expect, it } from 'vitest';
import {
  Generator,
  normalFill,
  philoxUniformFill,
  randintFill,
  uniformFill,
} from '../src/random/index.js';

const mt = () => new Generator({ seed: 1 });

describe('argument errors are ArgumentError', () => {
  it.each([
    [
      'tidy(async fn)',
      () => tidy((async () => zeros([1])) as never),
      /tidy: fn must be synchronous/,
    ],
    [
      'new Generator({ algorithm })',
      () => new Generator({ algorithm: 'xorshift' as never }),
      /options.algorithm must be 'mt19937' or 'philox', got "xorshift"/,
    ],
    [
      'advance(-1)',
      () => new Generator({ algorithm: 'philox', seed: 1 }).advance(-1),
      /blocks must be a non-negative integer, got -1/,
    ],
    [
      'a philox method on an mt19937 generator',
      () => mt().advance(1),
      /advance needs a 'philox' generator, got algorithm 'mt19937'/,
    ],
    ['a fill with std < 0', () => normalFill(mt(), new Float32Array(1), 0, -1), /std must be >= 0/],
    [
      'a fill with from > to',
      () => uniformFill(mt(), new Float32Array(1), 2, 1),
      /from must be <= to/,
    ],
    [
      'randint with low >= high',
      () => randintFill(mt(), new Int32Array(1), 5, 5),
      /high must be greater than low/,
    ],
    [
      'a Philox fill with a number seed',
      () => philoxUniformFill(1 as never, 0n, new Float32Array(1)),
      /seed must be a bigint, got number/,
    ],
    [
      'add(a, b, { out }) with an out that is not a tensor',
      () => add(tensor([1]), tensor([2]), { out: [0] as never }),
      /add: out must be a Tensor, got \[0\]/,
    ],
    [
      'add of two numbers',
      () => add(1, 2),
      /add: at least one operand \(input or other\) must be a tensor/,
    ],
    [
      'assigning a non-tensor to .data',
      () => {
        zeros([1]).data = 3 as never;
      },
      /data: expected a Tensor, got 3/,
    ],
  ])('%s', (_, call, message) => {
    let thrown: unknown;
    try {
      call();
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ArgumentError);
    expect(thrown).toBeInstanceOf(XError);
    expect((thrown as Error).message).toMatch(message);
  });
});
