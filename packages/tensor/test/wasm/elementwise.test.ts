import { describe, expect, test } from 'vitest';
import { broadcastShapes, empty, type Tensor, where } from '../../src';
import { getKernels } from '../../src/cpu/wasm/runtime';
import { bothPaths, expectSameBits, int, randomShape, randomView, rng } from './helpers';

const ARITHMETIC = ['add', 'sub', 'mul', 'div', 'maximum', 'minimum'] as const;
const COMPARISONS = ['eq', 'ne', 'lt', 'le', 'gt', 'ge'] as const;
const UNARY = [
  'neg',
  'abs',
  'sqrt',
  'square',
  'reciprocal',
  'floor',
  'ceil',
  'trunc',
  'round',
  'relu',
] as const;

/** A shape and one that broadcasts against it (some dims dropped or set to 1). */
function broadcastPair(random: () => number): [number[], number[]] {
  const shape = randomShape(random);
  const other = shape.slice(int(random, 0, shape.length)).map((s) => (random() < 0.3 ? 1 : s));
  return random() < 0.5 ? [shape, other] : [other, shape];
}

describe('WebAssembly elementwise kernels match the TypeScript kernels bit for bit', () => {
  test('the kernels are compiled in Node', () => {
    expect(getKernels()).not.toBeNull();
  });

  for (const op of [...ARITHMETIC, ...COMPARISONS]) {
    test(`${op} over random shapes, strides and broadcasts, tensor and scalar operands`, () => {
      const random = rng(op.length * 7919 + op.charCodeAt(0));
      for (let trial = 0; trial < 40; trial++) {
        const [sa, sb] = broadcastPair(random);
        const a = randomView(random, sa);
        const b = randomView(random, sb);
        const scalar = [0.5, -3, 0, Number.NaN, Number.POSITIVE_INFINITY][trial % 5];
        const { reference, wasm } = bothPaths(() => [
          a[op](b).toArraySync(),
          a[op](scalar).toArraySync(),
        ]);
        expectSameBits(wasm[0], reference[0], `${op}(${sa}, ${sb})`);
        expectSameBits(wasm[1], reference[1], `${op}(${sa}, ${scalar})`);
      }
    });
  }

  test('long contiguous rows take the vector loop and agree, tails included', () => {
    const random = rng(5);
    for (const n of [15, 16, 17, 63, 1000]) {
      const a = randomView(random, [n]).contiguous();
      const b = randomView(random, [n]).contiguous();
      for (const op of [...ARITHMETIC, ...COMPARISONS]) {
        const { reference, wasm } = bothPaths(() => a[op](b).toArraySync());
        expectSameBits(wasm, reference, `${op} n=${n}`);
      }
    }
  });

  for (const op of UNARY) {
    test(`${op} over random views`, () => {
      const random = rng(op.length * 104729 + op.charCodeAt(1));
      for (let trial = 0; trial < 30; trial++) {
        const input = randomView(random, randomShape(random));
        const { reference, wasm } = bothPaths(() =>
          (input[op] as () => Tensor).call(input).toArraySync(),
        );
        expectSameBits(wasm, reference, op);
      }
    });
  }

  test('clamp, in-place ops and out= write the same values', () => {
    const random = rng(11);
    for (let trial = 0; trial < 30; trial++) {
      const shape = randomShape(random);
      const input = randomView(random, shape);
      const bounds = [{ min: -1, max: 2 }, { min: 0.5 }, { max: -0.25 }, { min: 3, max: 1 }][
        trial % 4
      ];
      const { reference, wasm } = bothPaths(() => {
        const inPlace = input.contiguous().clone();
        inPlace.mul_(1.5).add_(input).relu_();
        const out = empty(shape);
        input.clamp(bounds).sub(input, { alpha: 1 });
        return [
          input.clamp(bounds).toArraySync(),
          inPlace.toArraySync(),
          out.copy_(input.abs()).toArraySync(),
        ];
      });
      wasm.forEach((values, i) => {
        expectSameBits(values, reference[i], `case ${i}`);
      });
    }
  });

  test('wide transposed operands (walked in bands of columns) agree, remainders included', () => {
    const random = rng(17);
    for (const [rows, cols] of [
      [70, 100],
      [3, 65],
      [40, 64],
      [5, 130],
    ]) {
      const a = randomView(random, [cols, rows]).t();
      const b = randomView(random, [rows, cols]);
      const condition = randomView(random, [cols, rows]).t().gt(0);
      const { reference, wasm } = bothPaths(() => [
        a.mul(b).toArraySync(),
        a.contiguous().toArraySync(),
        where(condition, a, 0).toArraySync(),
        a.gt(b).toArraySync(),
      ]);
      wasm.forEach((values, i) => {
        expectSameBits(values, reference[i], `${rows}x${cols} case ${i}`);
      });
    }
  });

  test('where with tensor and scalar branches, and copies of every view kind', () => {
    const random = rng(13);
    for (let trial = 0; trial < 40; trial++) {
      const [sa, sb] = broadcastPair(random);
      const shape = broadcastShapes(sa, sb);
      const condition = randomView(random, shape).gt(0);
      const a = randomView(random, sa);
      const b = randomView(random, sb);
      const { reference, wasm } = bothPaths(() => [
        where(condition, a, b).toArraySync(),
        where(condition, a, 0).toArraySync(),
        a.contiguous().toArraySync(),
        condition.clone().toArraySync(),
      ]);
      wasm.forEach((values, i) => {
        expectSameBits(values, reference[i], `case ${i}`);
      });
    }
  });
});
