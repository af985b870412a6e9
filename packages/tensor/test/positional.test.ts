// Tensor methods take PyTorch's positional arguments (`t.sum(1, true)`, `t.std(1, false, true)`,
// `t.clamp(null, 0.2)`, `t.set(0, 0, 42)`) with PyTorch's results (fixtures/positional and
// fixtures/indexing, written by PyTorch 1.13), and reject what neither form means with an
// ArgumentError naming the method and the argument, changing nothing.
import { describe, expect, test } from 'vitest';
import { ArgumentError, arange, getRngState, type Index, manualSeed, Tensor, tensor } from '../src';
import indexing from './fixtures/indexing/indexing.json';
import fixture from './fixtures/positional/positional.json';

type Method = (...args: unknown[]) => Tensor | { values: Tensor; indices: Tensor };
const input = () => tensor(fixture.input.values).reshape(fixture.input.shape);

describe('positional arguments give PyTorch 1.13 results', () => {
  for (const c of fixture.cases) {
    const at = 'threshold' in c ? ` on input > ${c.threshold}` : '';
    test(`${c.method}(${c.args.map((a) => JSON.stringify(a)).join(', ')})${at}`, () => {
      const t = 'threshold' in c ? input().gt(c.threshold as number) : input();
      const out = (t[c.method as keyof Tensor] as unknown as Method).apply(t, c.args);
      const values = out instanceof Tensor ? out : out.values;
      expect(values.shape).toEqual(c.shape);
      const actual = Array.from(values.toArraySync(), Number);
      // float32 sums in another order: a few ulp of the larger of 1 and the value.
      const worst = Math.max(
        ...c.values.map((v, i) => Math.abs(actual[i] - v) / Math.max(1, Math.abs(v))),
      );
      expect(worst).toBeLessThanOrEqual(2e-6);
      if ('indices' in c) {
        expect(out).not.toBeInstanceOf(Tensor);
        const { indices } = out as { indices: Tensor };
        expect(Array.from(indices.toArraySync())).toEqual(c.indices);
      }
    });
  }

  test('the options form gives the same results as the positional one', () => {
    const t = input();
    const same = (a: Tensor, b: Tensor) => {
      expect(a.shape).toEqual(b.shape);
      expect(Array.from(a.toArraySync())).toEqual(Array.from(b.toArraySync()));
    };
    same(t.sum(1, true), t.sum(1, { keepdim: true }));
    // null is PyTorch's None: every dim.
    same(t.sum(null, true), t.sum(undefined, true));
    same(t.std(null, false, true), t.std(undefined, false, true));
    same(t.amax([0, 2], true), t.amax([0, 2], { keepdim: true }));
    same(t.std(1, false, true), t.std(1, { correction: 0, keepdim: true }));
    same(t.var(undefined, false), t.var(undefined, { correction: 0 }));
    same(t.clamp(null, 0.2), t.clamp({ max: 0.2 }));
    same(t.clone().clamp_(-0.5, 0.5), t.clamp({ min: -0.5, max: 0.5 }));
  });

  test('the types refuse the forms the runtime refuses', () => {
    const t = input();
    // @ts-expect-error: keepdim as a string
    expect(() => t.sum(0, 'true')).toThrow(ArgumentError);
    // @ts-expect-error: one dim too many
    expect(() => t.transpose(0, 1, 2)).toThrow(ArgumentError);
    // @ts-expect-error: a dim list where PyTorch takes one dim
    expect(() => t.max([0, 1])).toThrow(ArgumentError);
    // @ts-expect-error: an unknown option
    expect(() => t.std(0, { unbiased: false })).toThrow(ArgumentError);
  });

  test('max(other) and min(other) are the elementwise maximum and minimum, as torch.max(a, b)', () => {
    const a = tensor([1, 5, -2]);
    const b = tensor([3, 0, -2]);
    expect(a.max(b).tolistSync()).toEqual([3, 5, -2]);
    expect(a.min(b).tolistSync()).toEqual([1, 0, -2]);
  });
});

describe('set takes the indices get takes, then the value', () => {
  const base = () => arange(60, undefined, 1, { dtype: 'float32' }).reshape(3, 4, 5);
  type JsonIndex = number | string | null | { tensor: unknown; dtype: 'int32' | 'bool' };
  const toIndex = (index: JsonIndex[]): Index[] =>
    index.map((i) =>
      i !== null && typeof i === 'object' ? tensor(i.tensor as number[], { dtype: i.dtype }) : i,
    );
  for (const c of indexing.cases.filter((k) => k.kind === 'set')) {
    test(`t.set(${JSON.stringify(c.index).slice(1, -1)}, value) equals PyTorch's t[...] = value`, () => {
      const value = c.value as number | { values: number[]; shape: number[] };
      const v = typeof value === 'number' ? value : tensor(value.values).reshape(value.shape);
      const t = base();
      t.set(...toIndex(c.index as JsonIndex[]), v);
      expect(Array.from(t.toArraySync())).toEqual(c.values);
    });
  }

  test('t.set(0, 0, 42) writes element [0, 0]; t.set(0, 42) writes row 0; t.set([0, 0], 42) is the first', () => {
    const rows = () =>
      tensor([
        [1, 2, 3],
        [4, 5, 6],
      ]);
    expect(rows().set(0, 0, 42).tolistSync()).toEqual([
      [42, 2, 3],
      [4, 5, 6],
    ]);
    expect(rows().set(0, 42).tolistSync()).toEqual([
      [42, 42, 42],
      [4, 5, 6],
    ]);
    expect(rows().set([0, 0], 42).tolistSync()).toEqual([
      [42, 2, 3],
      [4, 5, 6],
    ]);
    expect(rows().set(1, [7, 8, 9]).tolistSync()).toEqual([
      [1, 2, 3],
      [7, 8, 9],
    ]);
    expect(rows().set(':', 0, [-1, -2]).tolistSync()).toEqual([
      [-1, 2, 3],
      [-2, 5, 6],
    ]);
    expect(rows().set(':', 1, 0).tolistSync()).toEqual([
      [1, 0, 3],
      [4, 0, 6],
    ]);
  });
});

// Each misuse, as [call, message]: made untyped, as from JavaScript.
const MISUSES: [string, (t: Tensor) => unknown, RegExp][] = [
  [
    'sum(0, "true")',
    (t) => call(t, 'sum', 0, 'true'),
    /sum: keepdim \(argument 2\) must be a boolean, got 'true'/,
  ],
  [
    'sum(0, true, 1)',
    (t) => call(t, 'sum', 0, true, 1),
    /sum: takes only a dim and keepdim .*, got 1 more argument: 1/,
  ],
  [
    'sum({ keepdim: true })',
    (t) => call(t, 'sum', { keepdim: true }),
    /sum: dim \(argument 1\) must be a number or an array of numbers, got Object/,
  ],
  [
    'sum(0, { keepDim: true })',
    (t) => call(t, 'sum', 0, { keepDim: true }),
    /sum: unknown option 'keepDim'; expected 'keepdim'/,
  ],
  [
    'mean(1, 1)',
    (t) => call(t, 'mean', 1, 1),
    /mean: keepdim \(argument 2\) must be a boolean, got 1/,
  ],
  [
    'max(0, 1)',
    (t) => call(t, 'max', 0, 1),
    /max: keepdim \(argument 2\) must be a boolean, got 1/,
  ],
  [
    'max([0, 1])',
    (t) => call(t, 'max', [0, 1]),
    /max: dim \(argument 1\) must be a number, got \[0, 1\]/,
  ],
  [
    'max(other, 0)',
    (t) => call(t, 'max', tensor([1]), 0),
    /max: takes only one tensor when comparing elementwise, got 1 more argument: 0/,
  ],
  [
    'argmax("1")',
    (t) => call(t, 'argmax', '1'),
    /argmax: dim \(argument 1\) must be a number, got '1'/,
  ],
  [
    'amin(0, { keepdim: 1 })',
    (t) => call(t, 'amin', 0, { keepdim: 1 }),
    /amin: keepdim must be a boolean, got 1/,
  ],
  ['prod(0, false, 2)', (t) => call(t, 'prod', 0, false, 2), /prod: takes only a dim/],
  [
    'std(0, 0)',
    (t) => call(t, 'std', 0, 0),
    /std: unbiased \(argument 2\) must be a boolean, got 0/,
  ],
  [
    'var(true, 0)',
    (t) => call(t, 'var', true, 0),
    /var: takes only unbiased alone when it comes first, got 1 more argument: 0/,
  ],
  [
    'var(0, true, true, 1)',
    (t) => call(t, 'var', 0, true, true, 1),
    /var: takes only dim, unbiased and keepdim/,
  ],
  [
    'var(0, { unbiased: false })',
    (t) => call(t, 'var', 0, { unbiased: false }),
    /var: unknown option 'unbiased'; expected 'correction', 'keepdim'/,
  ],
  ['logsumexp()', (t) => call(t, 'logsumexp'), /logsumexp: dim is required/],
  ['softmax()', (t) => call(t, 'softmax'), /softmax: dim is required/],
  [
    'softmax(null)',
    (t) => call(t, 'softmax', null),
    /softmax: dim is required, e.g. softmax\(-1\), got null/,
  ],
  [
    "softmax(0, 'x')",
    (t) => call(t, 'softmax', 0, 'x'),
    /softmax: takes only one dim, got 1 more argument: 'x'/,
  ],
  [
    'logSoftmax([0])',
    (t) => call(t, 'logSoftmax', [0]),
    /logSoftmax: dim \(argument 1\) must be a number, got \[0\]/,
  ],
  [
    'all(0, 1)',
    (t) => call(t, 'all', 0, 1),
    /all: keepdim \(argument 2\) must be a boolean, got 1/,
  ],
  ['any(0, true, 2)', (t) => call(t, 'any', 0, true, 2), /any: takes only a dim/],
  [
    'clamp(0, "1")',
    (t) => call(t, 'clamp', 0, '1'),
    /clamp: max must be a number or null, got '1'/,
  ],
  [
    'clamp(0, 1, 2)',
    (t) => call(t, 'clamp', 0, 1, 2),
    /clamp: takes only min and max, got 1 more argument: 2/,
  ],
  [
    'clamp({ min: 0 }, 1)',
    (t) => call(t, 'clamp', { min: 0 }, 1),
    /clamp: takes only an options object \{ min, max \} alone/,
  ],
  [
    'clamp({ low: 0 })',
    (t) => call(t, 'clamp', { low: 0 }),
    /clamp: unknown option 'low'; expected 'min', 'max'/,
  ],
  [
    'clamp_(tensor)',
    (t) => call(t, 'clamp_', tensor([0])),
    /clamp_: min must be a number or null, got a tensor of shape \[1\]/,
  ],
  [
    'max(null, true)',
    (t) => call(t, 'max', null, true),
    /max: keepdim needs a dim \(PyTorch's max over every element takes no keepdim\), got keepdim=true and no dim/,
  ],
  [
    'prod(undefined, { keepdim: true })',
    (t) => call(t, 'prod', undefined, { keepdim: true }),
    /prod: keepdim needs a dim/,
  ],
  ['all(undefined, true)', (t) => call(t, 'all', undefined, true), /all: keepdim needs a dim/],
  [
    "squeeze('0')",
    (t) => call(t, 'squeeze', '0'),
    /squeeze: dim \(argument 1\) must be a number or an array of numbers, got '0'/,
  ],
  [
    'transpose(0, 1, 2)',
    (t) => call(t, 'transpose', 0, 1, 2),
    /transpose: takes only dim0 and dim1, got 1 more argument: 2/,
  ],
  [
    'view([3, 2], 1)',
    (t) => call(t, 'view', [3, 2], 1),
    /view: takes only its sizes as numbers or as one array, got 1 more argument: 1/,
  ],
  ['reshape([6], 1)', (t) => call(t, 'reshape', [6], 1), /reshape: takes only its sizes/],
  ['permute([1, 0], 0)', (t) => call(t, 'permute', [1, 0], 0), /permute: takes only its sizes/],
  ['expand([2, 3], 1)', (t) => call(t, 'expand', [2, 3], 1), /expand: takes only its sizes/],
  [
    'squeeze(0, 1)',
    (t) => call(t, 'squeeze', 0, 1),
    /squeeze: takes only one dim or an array of dims/,
  ],
  ['unsqueeze(0, 1)', (t) => call(t, 'unsqueeze', 0, 1), /unsqueeze: takes only one dim/],
  [
    'flatten(0, 1, 2)',
    (t) => call(t, 'flatten', 0, 1, 2),
    /flatten: takes only startDim and endDim/,
  ],
  [
    'narrow(0, 0, 1, 1)',
    (t) => call(t, 'narrow', 0, 0, 1, 1),
    /narrow: takes only dim, start and length/,
  ],
  ['select(0, 0, 0)', (t) => call(t, 'select', 0, 0, 0), /select: takes only dim and index/],
  [
    'slice(0, 0, 1, 1, 1)',
    (t) => call(t, 'slice', 0, 0, 1, 1, 1),
    /slice: takes only dim, start, stop and step/,
  ],
  ['split(1, 0, 0)', (t) => call(t, 'split', 1, 0, 0), /split: takes only splitSize and dim/],
  ['chunk(2, 0, 5)', (t) => call(t, 'chunk', 2, 0, 5), /chunk: takes only chunks and dim/],
  [
    'set(42)',
    (t) => call(t, 'set', 42),
    /set: expected one or more indices then a value \(t.set\(0, 0, 42\)\), got 1 argument/,
  ],
  [
    "set(0, '42')",
    (t) => call(t, 'set', 0, '42'),
    /set: value \(the last argument\) must be a number, boolean, tensor or nested array, got '42'/,
  ],
  [
    'set(0, null)',
    (t) => call(t, 'set', 0, null),
    /set: value \(the last argument\) must be a number, boolean, tensor or nested array, got null/,
  ],
  [
    'matmul(other, 1)',
    (t) => call(t, 'matmul', tensor([1, 2, 3]), 1),
    /matmul: takes only one tensor, got 1 more argument: 1/,
  ],
  ['size(0, 1)', (t) => call(t, 'size', 0, 1), /size: takes only one dim, got 1 more argument: 1/],
  ["to('int32', 1)", (t) => call(t, 'to', 'int32', 1), /to: takes only a dtype or a backend/],
  [
    'indexSelect(0, index, 1)',
    (t) => call(t, 'indexSelect', 0, tensor([0], { dtype: 'int32' }), 1),
    /indexSelect: takes only dim and index/,
  ],
  [
    'uniform_(0, 1, {}, 1)',
    (t) => call(t, 'uniform_', 0, 1, {}, 1),
    /uniform_: takes only low, high and an options object/,
  ],
];

function call(t: Tensor, method: string, ...args: unknown[]): unknown {
  return (t[method as keyof Tensor] as unknown as (...a: unknown[]) => unknown).apply(t, args);
}

describe('misuse throws a named ArgumentError and changes nothing', () => {
  for (const [description, misuse, message] of MISUSES) {
    test(description, () => {
      const t = tensor([
        [1, 2, 3],
        [4, 5, 6],
      ]);
      manualSeed(7);
      const state = getRngState();
      const version = t.version;
      expect(() => misuse(t)).toThrow(ArgumentError);
      expect(() => misuse(t)).toThrow(message);
      expect(t.tolistSync()).toEqual([
        [1, 2, 3],
        [4, 5, 6],
      ]);
      expect(t.version).toBe(version);
      expect(getRngState()).toEqual(state);
    });
  }
});
