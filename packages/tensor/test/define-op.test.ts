import { describe, expect, test } from 'vitest';
import { ArgumentError, defineUnaryOp, primitives as p, tensor } from '../src';

describe('defineUnaryOp', () => {
  const cube = defineUnaryOp({ name: 'cube', rule: 'same', expr: p.mul(p.a, p.mul(p.a, p.a)) });
  const isNegative = defineUnaryOp({ name: 'isNegative', rule: 'bool', expr: p.lt(p.a, 0) });

  test('runs the expression with the declared dtype rule: wrapping int32, bool results', () => {
    expect(Array.from(cube(tensor([-2, 0.5, 3])).toArraySync())).toEqual([-8, 0.125, 27]);
    const ints = cube(tensor([2000, -3], { dtype: 'int32' }));
    expect(ints.dtype).toBe('int32');
    // 2000^3 = 8e9 wraps to 8e9 - 2^33, as PyTorch's int32 products do.
    expect(Array.from(ints.toArraySync())).toEqual([8e9 - 2 ** 33, -27]);
    const mask = isNegative(tensor([-1, 0, Number.NaN, 2]));
    expect(mask.dtype).toBe('bool');
    expect(Array.from(mask.toArraySync())).toEqual([1, 0, 0, 0]);
  });

  test('writes into out', () => {
    const out = tensor([0, 0]);
    expect(cube(tensor([2, -1]), { out })).toBe(out);
    expect(Array.from(out.toArraySync())).toEqual([8, -1]);
  });

  test('bad declarations throw ArgumentError naming the argument', () => {
    const expr = p.neg(p.a);
    expect(() => defineUnaryOp({ name: 'exp', rule: 'same', expr })).toThrow(
      /defineUnaryOp: name must be an identifier not already naming an op, got 'exp'/,
    );
    expect(() => defineUnaryOp({ name: 'cube', rule: 'same', expr })).toThrow(ArgumentError);
    expect(() => defineUnaryOp({ name: 'negate', rule: 'int' as 'same', expr })).toThrow(
      /rule must be one of 'same', 'float', 'bool', got 'int'/,
    );
    expect(() =>
      defineUnaryOp({ name: 'notBool', rule: 'bool', expr: expr as unknown as p.BoolExpr<'a'> }),
    ).toThrow(/expr must be built from primitives over the input a/);
    const readsB = () =>
      // @ts-expect-error: a unary op's expression reads a, not b (the compiler says so too)
      defineUnaryOp({ name: 'readsB', rule: 'same', expr: p.add(p.a, p.b) });
    expect(readsB).toThrow(ArgumentError);
  });

  test('the functional form checks its input', () => {
    expect(() => cube([1, 2] as never)).toThrow(/cube: input must be a Tensor/);
  });
});
