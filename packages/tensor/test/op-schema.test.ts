// The schema of recorded ops: what record() accepts is checked against it by the compiler
// (the `@ts-expect-error` lines fail `pnpm typecheck` if a wrong call compiles again).
import { describe, expect, test } from 'vitest';
import { OP_SCHEMA, opsOf, type Tensor, tensor } from '../src';
import { record } from '../src/ops/core';
import { recorded } from './helpers';

describe('record()', () => {
  const t: Tensor = tensor([1, 2]);

  test('passes the attributes the schema declares; ops without any pass an empty object', () => {
    const calls = recorded(() => {
      record('sum', [t], t, { dims: [0], keepdim: false, all: true });
      record('matmul', [t], t);
    });
    expect(calls).toEqual([
      { op: 'sum', attrs: { dims: [0], keepdim: false, all: true } },
      { op: 'matmul', attrs: {} },
    ]);
  });

  test('refuses at compile time an unknown op, a misnamed or missing attribute', () => {
    const calls = recorded(() => {
      // @ts-expect-error no op is recorded as 'summ'
      record('summ', [t], t);
      // @ts-expect-error sum records `all`, not `everything`
      record('sum', [t], t, { dims: [0], keepdim: false, everything: true });
      // @ts-expect-error a unary op records its params
      record('exp', [t], t);
    });
    expect(calls.map((call) => call.op)).toEqual(['summ', 'sum', 'exp']);
  });
});

describe('OP_SCHEMA', () => {
  test('the ops without a gradient are exactly the comparisons and logical ops', () => {
    const notDifferentiable = opsOf(OP_SCHEMA).filter(
      (op) => OP_SCHEMA[op].gradient === 'not differentiable',
    );
    expect(notDifferentiable.sort()).toEqual(
      ['eq', 'ge', 'gt', 'isnan', 'le', 'logicalAnd', 'logicalNot', 'logicalOr', 'lt', 'ne'].sort(),
    );
  });
});
