import { describe, expect, test } from 'vitest';
import {
  ArgumentError,
  arange,
  CpuBackend,
  cat,
  DisposedError,
  DTypeError,
  empty,
  full,
  Generator,
  getRngState,
  manualSeed,
  mul,
  ones,
  rand,
  randint,
  randn,
  randperm,
  ShapeError,
  setRngState,
  stack,
  tensor,
  zeros,
  zerosLike,
} from '../src';
import random from '../src/testing/fixtures/random/torch.json';

const bitsOf = (values: Float32Array) =>
  Array.from(new Uint32Array(values.buffer, values.byteOffset, values.length));

describe('creation', () => {
  test('tensor() infers shape and dtype; numbers are float32, booleans bool', () => {
    expect(
      tensor([
        [1, 2],
        [3, 4],
      ]).shape,
    ).toEqual([2, 2]);
    expect(tensor([[1, 2]]).dtype).toBe('float32');
    expect(tensor([true, false]).dtype).toBe('bool');
    expect(tensor(new Int32Array([1, 2])).dtype).toBe('int32');
    expect(tensor(3).shape).toEqual([]);
    expect(tensor([1.7, -1.7], { dtype: 'int32' }).tolistSync()).toEqual([1, -1]);
    expect(tensor([0, 2, Number.NaN], { dtype: 'bool' }).tolistSync()).toEqual([false, true, true]);
    expect(tensor(new Float32Array(6), { shape: [2, 3] }).shape).toEqual([2, 3]);
  });

  test('zeros, ones, full, *Like, arange, cat, stack', () => {
    expect(zeros([2, 3]).sum().item()).toBe(0);
    expect(ones([2, 3], { dtype: 'int32' }).sum().item()).toBe(6);
    expect(full([2], true).dtype).toBe('bool');
    expect(zerosLike(arange(3)).dtype).toBe('int32');
    expect(cat([arange(2), arange(3)]).tolistSync()).toEqual([0, 1, 0, 1, 2]);
    expect(stack([arange(2), arange(2)], 1).tolistSync()).toEqual([
      [0, 0],
      [1, 1],
    ]);
  });

  test.each<[string, () => unknown, RegExp]>([
    ['ragged arrays', () => tensor([[1, 2], [3]]), /ragged/],
    [
      'negative size',
      () => zeros([2, -1]),
      /size must be an array of non-negative integers, got \[2, -1\]/,
    ],
    ['fractional size', () => empty([1.5]), /non-negative integers/],
    ['bad dtype', () => zeros([2], { dtype: 'float64' as 'float32' }), /dtype must be one of/],
    [
      'shape/data mismatch',
      () => tensor(new Float32Array(5), { shape: [2, 3] }),
      /needs 6 elements, got 5/,
    ],
    [
      'int requiresGrad',
      () => zeros([2], { dtype: 'int32', requiresGrad: true }),
      /only float32 tensors can require gradients/,
    ],
    ['arange step 0', () => arange(0, 1, 0), /step must be nonzero/],
    [
      'cat mismatch',
      () => cat([zeros([2, 3]), zeros([2, 4])]),
      /sizes of tensors must match except in dimension 0/,
    ],
  ])('%s throws a clear error', (_, call, message) => {
    expect(call).toThrow(message);
  });
});

describe('PyTorch semantics', () => {
  test('mask multiply from DESIGN.md: w.mul_(w.abs().ge(5))', () => {
    const w = tensor([
      [-7, 2],
      [5, -4.9],
    ]);
    w.mul_(w.abs().ge(5));
    expect(w.tolistSync()).toEqual([
      [-7, 0],
      [5, -0],
    ]);
  });

  test('in-place ops refuse results that cannot be cast into the target', () => {
    const ints = arange(3);
    expect(() => ints.mul_(0.5)).toThrow(DTypeError);
    expect(() => ints.mul_(0.5)).toThrow(
      /result type float32 can't be cast to the desired output type int32/,
    );
    expect(ints.tolistSync()).toEqual([0, 1, 2]);
    expect(() => ints.add_(zeros([2, 3], { dtype: 'int32' }))).toThrow(
      /doesn't match the broadcast shape \[2, 3\]/,
    );
  });

  test('broadcasting failures name both shapes', () => {
    expect(() => zeros([2, 3]).add(zeros([4]))).toThrow(ShapeError);
    expect(() => zeros([2, 3]).add(zeros([4]))).toThrow(
      /shapes \[2, 3\] and \[4\] cannot be broadcast/,
    );
    expect(() => zeros([2, 3]).matmul(zeros([2, 3]))).toThrow(
      /mat1 and mat2 shapes cannot be multiplied \(2x3 and 2x3\)/,
    );
  });

  test('functional ops accept a preallocated out', () => {
    const out = zeros([3]);
    const result = mul(arange(3, undefined, 1, { dtype: 'float32' }), 2, { out });
    expect(result).toBe(out);
    expect(out.tolistSync()).toEqual([0, 2, 4]);
    expect(() => mul(zeros([3]), 2, { out: zeros([4]) })).toThrow(
      /out has shape \[4\] but the result has shape \[3\]/,
    );
  });

  test('dispose frees storage once every view is gone; use after dispose throws', () => {
    const backend = new CpuBackend();
    const t = zeros([1000], { backend });
    const v = t.get(':10');
    t.dispose();
    expect(backend.memory()).toEqual({ buffers: 1, bytes: 4000 });
    expect(v.toArraySync()).toEqual(new Float32Array(10));
    v.dispose();
    expect(backend.memory()).toEqual({ buffers: 0, bytes: 0 });
    expect(() => t.add(1)).toThrow(DisposedError);
    expect(String(t)).toBe('tensor(<disposed>)');
  });

  test('toString prints as PyTorch, with requires_grad for leaves', () => {
    expect(
      String(
        tensor([
          [1, 2],
          [3, 4],
        ]),
      ),
    ).toBe('tensor([[1., 2.],\n        [3., 4.]])');
    expect(String(tensor([0.5], { requiresGrad: true }))).toBe(
      'tensor([0.5000], requires_grad=True)',
    );
    expect(String(arange(3))).toBe('tensor([0, 1, 2])');
  });
});

describe("random creation draws PyTorch's streams", () => {
  for (const c of random.rand.filter((r) => r.n >= 5).slice(0, 6)) {
    test(`rand([${c.n}]) after manualSeed(${c.seed})`, () => {
      manualSeed(BigInt(c.seed));
      expect(bitsOf(rand([c.n]).toArraySync() as Float32Array)).toEqual(c.bits);
    });
  }
  for (const c of random.randn.filter((r) => r.n >= 5).slice(0, 6)) {
    test(`randn([${c.n}]) after manualSeed(${c.seed})`, () => {
      manualSeed(BigInt(c.seed));
      const got = randn([c.n]).toArraySync();
      const want = new Float32Array(Uint32Array.from(c.bits).buffer);
      for (let i = 0; i < want.length; i++)
        expect(Math.abs(got[i] - want[i])).toBeLessThanOrEqual(1e-6);
    });
  }
  for (const c of random.randint
    .filter((r) => Math.abs(Number(r.low)) < 2 ** 31 && Math.abs(Number(r.high)) < 2 ** 31)
    .slice(0, 4)) {
    test(`randint(${c.low}, ${c.high}) after manualSeed(${c.seed})`, () => {
      manualSeed(BigInt(c.seed));
      const got = randint(Number(c.low), Number(c.high), [c.values.length]);
      expect(Array.from(got.toArraySync()).map(String)).toEqual(c.values);
    });
  }
  for (const c of random.randperm.filter((r) => r.n > 20).slice(0, 3)) {
    test(`randperm(${c.n}) after manualSeed(${c.seed})`, () => {
      manualSeed(BigInt(c.seed));
      expect(Array.from(randperm(c.n).toArraySync())).toEqual(c.values.map(Number));
    });
  }

  test('getRngState/setRngState replay a stream; a generator option leaves the default alone', () => {
    manualSeed(3);
    const state = getRngState();
    const first = rand([8]).toArraySync();
    setRngState(state);
    expect(rand([8]).toArraySync()).toEqual(first);
    setRngState(state);
    rand([4], { generator: new Generator({ seed: 9 }) });
    expect(rand([8]).toArraySync()).toEqual(first);
  });

  test('a failed fill changes neither the tensor nor the stream', () => {
    manualSeed(5);
    const state = getRngState();
    const t = ones([4]);
    expect(() => t.uniform_(2, 1)).toThrow();
    expect(() => t.normal_(0, -1)).toThrow();
    expect(t.tolistSync()).toEqual([1, 1, 1, 1]);
    expect(getRngState()).toEqual(state);
    expect(() => zeros([2], { dtype: 'int32' }).uniform_()).toThrow(
      /expected a float32 tensor, got int32/,
    );
  });

  test('the Philox generator gives the same values for the same (seed, offset)', () => {
    const a = rand([10], { generator: new Generator({ algorithm: 'philox', seed: 7 }) });
    const b = rand([10], { generator: new Generator({ algorithm: 'philox', seed: 7 }) });
    expect(a.toArraySync()).toEqual(b.toArraySync());
    expect(() => rand([2], { generator: 'x' as unknown as Generator })).toThrow();
  });
});

test('argument errors are ArgumentError', () => {
  expect(() => arange(0, 1, Number.NaN)).toThrow(ArgumentError);
});

test('assigning data re-points a tensor at another storage, keeping its identity (PyTorch)', () => {
  const other = new CpuBackend();
  const t = tensor([1, 2, 3], { requiresGrad: true });
  const replacement = tensor([[5, 6]], { backend: other });
  t.data = replacement;
  expect(t.shape).toEqual([1, 2]);
  expect(t.backend).toBe(other);
  expect(t.requiresGrad).toBe(true);
  replacement.fill_(0);
  expect(t.tolistSync()).toEqual([[0, 0]]);
  expect(() => {
    t.data = 3 as unknown as typeof t;
  }).toThrow(/expected a Tensor/);
});
