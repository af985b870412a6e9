import { describe, expect, test } from 'vitest';
import {
  BINARY_OPS,
  type ElementwiseDecl,
  primitives as p,
  type Tensor,
  UNARY_OPS,
} from '../../src';
import { runsAsWasm } from '../../src/cpu/wasm/kernels/elementwise-ops';
import { getKernels } from '../../src/cpu/wasm/runtime';
import { bothPaths, expectSameBits, randomShape, randomView, rng } from './helpers';

const wasmOps = (table: Record<string, ElementwiseDecl>) =>
  Object.keys(table).filter((op) => runsAsWasm(table[op]));

describe('which elementwise ops run as WebAssembly is derived from their expressions', () => {
  test('exactly the ops whose primitives all have bit-exact float32 forms', () => {
    expect(wasmOps(BINARY_OPS)).toEqual([
      'add',
      'sub',
      'mul',
      'div',
      'maximum',
      'minimum',
      'eq',
      'ne',
      'lt',
      'le',
      'gt',
      'ge',
      'logicalAnd',
      'logicalOr',
    ]);
    expect(wasmOps(UNARY_OPS)).toEqual([
      'neg',
      'abs',
      'sign',
      'sqrt',
      'rsqrt',
      'reciprocal',
      'relu',
      'floor',
      'ceil',
      'round',
      'trunc',
      'square',
      'logicalNot',
      'isnan',
      'clamp',
      'leakyRelu',
    ]);
  });

  test('the compiled module has a kernel for each, and for each binary op one with a scalar', () => {
    const kernels = getKernels() ?? {};
    const expected = [
      ...wasmOps(UNARY_OPS),
      ...wasmOps(BINARY_OPS).flatMap((op) => [op, `${op}_scalar`]),
    ];
    expect(expected.filter((name) => kernels[name] === undefined)).toEqual([]);
  });

  test('a rounded result read by another operation needs fround to run as WebAssembly', () => {
    const unary = (expr: p.NumExpr<'a'>): ElementwiseDecl => ({
      kind: 'unary',
      rule: 'same',
      expr,
    });
    // JS keeps a*a in float64 before adding 1; float32 steps would round it first.
    expect(runsAsWasm(unary(p.add(p.mul(p.a, p.a), 1)))).toBe(false);
    expect(runsAsWasm(unary(p.add(p.fround(p.mul(p.a, p.a)), 1)))).toBe(true);
    // A constant float32 cannot hold would be rounded by the kernel but not by JS.
    expect(runsAsWasm(unary(p.mul(p.a, 0.1)))).toBe(false);
    expect(runsAsWasm(unary(p.exp(p.a)))).toBe(false);
  });
});

describe('ops that run as WebAssembly through the derivation match their TypeScript kernels', () => {
  const unary = ['sign', 'rsqrt', 'logicalNot', 'isnan'] as const;
  for (const op of unary) {
    test(`${op} over random views, special values included`, () => {
      const random = rng(op.length * 31 + op.charCodeAt(0));
      for (let trial = 0; trial < 30; trial++) {
        const input = randomView(random, randomShape(random));
        const { reference, wasm } = bothPaths(() =>
          (input[op] as () => Tensor).call(input).toArraySync(),
        );
        expectSameBits(wasm, reference, op);
      }
    });
  }

  test('leakyRelu with slopes float32 holds, logicalAnd and logicalOr with tensors and scalars', () => {
    const random = rng(23);
    for (let trial = 0; trial < 30; trial++) {
      const shape = randomShape(random);
      const a = randomView(random, shape);
      const b = randomView(random, shape);
      const { reference, wasm } = bothPaths(() => [
        a.leakyRelu(0.01).toArraySync(),
        a.leakyRelu(-2.5).toArraySync(),
        a.logicalAnd(b).toArraySync(),
        a.logicalOr(b).toArraySync(),
        a.logicalAnd(0).toArraySync(),
        a.logicalOr(Number.NaN).toArraySync(),
      ]);
      wasm.forEach((values, i) => {
        expectSameBits(values, reference[i], `case ${i}`);
      });
    }
  });
});
