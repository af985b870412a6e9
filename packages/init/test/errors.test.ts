// Bad input: PyTorch's error (as an @x/tensor error class, with a message naming the function,
// the argument, what was expected and what was given), and nothing changed: not the tensor's
// values, not its version, not the generator's stream.
import {
  ArgumentError,
  DisposedError,
  DTypeError,
  getRngState,
  manualSeed,
  ShapeError,
  type Tensor,
  tensor,
  zeros,
} from '@x/tensor';
import { describe, expect, it } from 'vitest';
import * as init from '../src';

type ErrorClass = new (...args: never[]) => Error;

function expectRejected(
  target: Tensor,
  call: (t: Tensor) => unknown,
  kind: ErrorClass,
  message: RegExp,
): void {
  manualSeed(99);
  const state = getRngState();
  const before = target.tolistSync();
  const version = target.version;
  expect(() => call(target)).toThrow(kind);
  expect(() => call(target)).toThrow(message);
  expect(target.tolistSync()).toEqual(before);
  expect(target.version).toBe(version);
  expect(getRngState()).toEqual(state);
}

const matrix = () =>
  tensor([
    [1, 2, 3],
    [4, 5, 6],
  ]);
const vector = () => tensor([1, 2, 3]);
const FEWER_THAN_2 =
  /Fan in and fan out can not be computed for tensor with fewer than 2 dimensions, got shape \[3\]/;

describe('fan-based initialisers need at least 2 dimensions', () => {
  for (const [name, fn] of [
    ['xavierUniform_', init.xavierUniform_],
    ['xavierNormal_', init.xavierNormal_],
    ['kaimingUniform_', init.kaimingUniform_],
    ['kaimingNormal_', init.kaimingNormal_],
    ['varianceScaling_', init.varianceScaling_],
  ] as [string, (t: Tensor) => Tensor][]) {
    it(name, () => {
      expectRejected(
        vector(),
        (t) => fn(t),
        ShapeError,
        new RegExp(`${name}: ${FEWER_THAN_2.source}`),
      );
    });
  }
});

describe('unknown mode or nonlinearity', () => {
  it('kaiming rejects a mode other than fan_in / fan_out', () => {
    expectRejected(
      matrix(),
      (t) => init.kaimingUniform_(t, { mode: 'fan_avg' as 'fan_in' }),
      ArgumentError,
      /kaimingUniform_: Mode 'fan_avg' not supported, please use one of \['fan_in', 'fan_out'\]/,
    );
  });

  it('kaiming rejects an unknown nonlinearity, even for an empty tensor', () => {
    for (const t of [matrix(), zeros([0, 3])]) {
      expectRejected(
        t,
        (x) => init.kaimingNormal_(x, { nonlinearity: 'gelu' as 'relu' }),
        ArgumentError,
        /kaimingNormal_: Unsupported nonlinearity 'gelu'/,
      );
    }
  });

  it('varianceScaling_ rejects an unknown mode, distribution or a non-positive scale', () => {
    expectRejected(
      matrix(),
      (t) => init.varianceScaling_(t, { mode: 'fan' as 'fan_in' }),
      ArgumentError,
      /mode must be one of 'fan_in', 'fan_out', 'fan_avg', got 'fan'/,
    );
    expectRejected(
      matrix(),
      (t) => init.varianceScaling_(t, { distribution: 'normal' as 'uniform' }),
      ArgumentError,
      /distribution must be one of .* got 'normal'/,
    );
    expectRejected(
      matrix(),
      (t) => init.varianceScaling_(t, { scale: 0 }),
      ArgumentError,
      /scale must be a positive number, got 0/,
    );
  });
});

describe('distribution parameters', () => {
  it('std < 0', () => {
    expectRejected(
      matrix(),
      (t) => init.normal_(t, { std: -1 }),
      ArgumentError,
      /normal_: normal expects std >= 0.0, but found std -1/,
    );
    expectRejected(
      matrix(),
      (t) => init.sparse_(t, 0.5, { std: -0.1 }),
      ArgumentError,
      /sparse_: normal expects std >= 0.0/,
    );
    expectRejected(
      matrix(),
      (t) => init.truncNormal_(t, { std: -1 }),
      ArgumentError,
      /truncNormal_: std must be > 0, got std=-1/,
    );
  });

  it('a > b', () => {
    expectRejected(
      matrix(),
      (t) => init.uniform_(t, { a: 2, b: 1 }),
      ArgumentError,
      /uniform_: expects to return a \[a, b\) range, but found a=2 > b=1/,
    );
    expectRejected(
      matrix(),
      (t) => init.truncNormal_(t, { a: 2, b: 1 }),
      ArgumentError,
      /truncNormal_: expected a <= b, but found a=2 > b=1/,
    );
  });

  it('non-finite or out-of-range numbers', () => {
    expectRejected(
      matrix(),
      (t) => init.uniform_(t, { b: Number.POSITIVE_INFINITY }),
      ArgumentError,
      /uniform_: b must be a finite number, got Infinity/,
    );
    expectRejected(
      matrix(),
      (t) => init.uniform_(t, { a: -1e39, b: 1e39 }),
      ArgumentError,
      /within the float32 range/,
    );
    expectRejected(
      matrix(),
      (t) => init.normal_(t, { mean: Number.NaN }),
      ArgumentError,
      /normal_: mean must be a finite number, got NaN/,
    );
    expectRejected(
      matrix(),
      (t) => init.xavierUniform_(t, { gain: Number.NaN }),
      ArgumentError,
      /xavierUniform_: gain must be a finite number/,
    );
    expectRejected(
      matrix(),
      (t) => init.constant_(t, '1' as unknown as number),
      ArgumentError,
      /constant_: value must be a number or boolean, got '1'/,
    );
  });

  it('sparsity outside [0, 1)', () => {
    for (const sparsity of [-0.1, 1, 1.5]) {
      expectRejected(
        matrix(),
        (t) => init.sparse_(t, sparsity),
        ArgumentError,
        new RegExp(`sparse_: sparsity must be in \\[0, 1\\), got ${sparsity}`),
      );
    }
  });
});

describe('dimensions', () => {
  it('eye_ needs 2-D', () => {
    expectRejected(
      vector(),
      init.eye_,
      ShapeError,
      /eye_: Only tensors with 2 dimensions are supported, got a tensor of shape \[3\]/,
    );
  });

  it('dirac_ needs 3-, 4- or 5-D and dim 0 divisible by groups', () => {
    expectRejected(
      matrix(),
      (t) => init.dirac_(t),
      ShapeError,
      /dirac_: Only tensors with 3, 4, or 5 dimensions are supported, got a tensor of shape \[2, 3\]/,
    );
    const conv = tensor([[[1, 2]], [[3, 4]], [[5, 6]]]);
    expectRejected(
      conv,
      (t) => init.dirac_(t, { groups: 2 }),
      ArgumentError,
      /dirac_: dim 0 must be divisible by groups, got dim 0 of size 3 and groups=2/,
    );
    expectRejected(
      conv,
      (t) => init.dirac_(t, { groups: 0 }),
      ArgumentError,
      /dirac_: groups must be a positive integer, got 0/,
    );
  });

  it('orthogonal_ needs 2 or more dimensions; sparse_ exactly 2', () => {
    expectRejected(
      vector(),
      (t) => init.orthogonal_(t),
      ShapeError,
      /orthogonal_: Only tensors with 2 or more dimensions are supported/,
    );
    expectRejected(
      tensor([[[1]]]),
      (t) => init.sparse_(t, 0.1),
      ShapeError,
      /sparse_: Only tensors with 2 dimensions are supported/,
    );
  });
});

describe('dtypes and disposed tensors', () => {
  const intMatrix = () =>
    tensor(
      [
        [1, 2],
        [3, 4],
      ],
      { dtype: 'int32' },
    );
  for (const [name, fn] of [
    ['uniform_', (t: Tensor) => init.uniform_(t)],
    ['normal_', (t: Tensor) => init.normal_(t)],
    ['truncNormal_', (t: Tensor) => init.truncNormal_(t)],
    ['xavierUniform_', (t: Tensor) => init.xavierUniform_(t)],
    ['xavierNormal_', (t: Tensor) => init.xavierNormal_(t)],
    ['kaimingUniform_', (t: Tensor) => init.kaimingUniform_(t)],
    ['kaimingNormal_', (t: Tensor) => init.kaimingNormal_(t)],
    ['orthogonal_', (t: Tensor) => init.orthogonal_(t)],
    ['sparse_', (t: Tensor) => init.sparse_(t, 0.5)],
    ['varianceScaling_', (t: Tensor) => init.varianceScaling_(t)],
  ] as const) {
    it(`${name} rejects a non-float tensor`, () => {
      expectRejected(
        intMatrix(),
        fn,
        DTypeError,
        new RegExp(`${name}: expected a float32 tensor .* got int32`),
      );
    });
  }

  it('a disposed tensor is rejected before any draw', () => {
    const t = zeros([2, 2]);
    t.dispose();
    manualSeed(5);
    const state = getRngState();
    expect(() => init.xavierUniform_(t)).toThrow(DisposedError);
    expect(() => init.orthogonal_(t)).toThrow(DisposedError);
    expect(getRngState()).toEqual(state);
  });
});
