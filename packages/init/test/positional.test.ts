// PyTorch's positional form, `uniform_(w, -10, 10)`, gives PyTorch's values (fixtures/generate.py
// calls torch.nn.init the same way); misuse of either form throws an ArgumentError naming the
// function and the argument, and changes nothing: not the values, the version or the stream.
import {
  ArgumentError,
  empty,
  Generator,
  getRngState,
  manualSeed,
  rand,
  type Tensor,
  tensor,
} from '@x/tensor';
import { describe, expect, it } from 'vitest';
import * as init from '../src';
import { torch } from './fixtures';
import { maxAbsDifference, maxUlpDistance } from './helpers';

type Positional = (tensor: Tensor, ...args: unknown[]) => Tensor;
const call = (name: string) => (init as unknown as Record<string, Positional>)[name];
const EXACT = new Set(['uniform_', 'xavierUniform_', 'kaimingUniform_', 'constant_', 'dirac_']);
const NEXT_DRAWS = () => Array.from(rand([4]).toArraySync());

describe('positional arguments give PyTorch values', () => {
  for (const c of torch.positional) {
    const args = c.args.map(String).join(', ');
    it(`${c.fn}(w, ${args}) on ${JSON.stringify(c.shape)}, seed ${c.seed}`, () => {
      manualSeed(c.seed);
      const values = Array.from(call(c.fn)(empty(c.shape), ...c.args).toArraySync());
      if (EXACT.has(c.fn)) {
        expect(values).toEqual(c.values);
      } else if (c.fn === 'orthogonal_') {
        expect(maxAbsDifference(values, c.values)).toBeLessThan(1e-5);
      } else if (c.fn === 'truncNormal_') {
        const [mean, std] = c.args as number[];
        values.forEach((v, i) => {
          const scale = Math.max(Math.abs(c.values[i]), Math.abs(mean), std);
          expect(Math.abs(v - c.values[i])).toBeLessThanOrEqual(8 * 2 ** -23 * scale);
        });
      } else {
        expect(maxUlpDistance(values, c.values)).toBeLessThanOrEqual(1);
      }
      expect(NEXT_DRAWS()).toEqual(c.after);
    });
  }

  it('the positional and the options form draw the same values', () => {
    const pairs: [(w: Tensor) => Tensor, (w: Tensor) => Tensor][] = [
      [(w) => init.uniform_(w, -10, 10), (w) => init.uniform_(w, { a: -10, b: 10 })],
      [(w) => init.normal_(w, 1, 0.5), (w) => init.normal_(w, { mean: 1, std: 0.5 })],
      [(w) => init.truncNormal_(w, 0, 1, -1, 1.5), (w) => init.truncNormal_(w, { a: -1, b: 1.5 })],
      [
        (w) => init.kaimingNormal_(w, 0.3, 'fan_out', 'leaky_relu'),
        (w) => init.kaimingNormal_(w, { a: 0.3, mode: 'fan_out' }),
      ],
      [(w) => init.xavierNormal_(w, 3), (w) => init.xavierNormal_(w, { gain: 3 })],
      [(w) => init.sparse_(w, 0.5, 0.2), (w) => init.sparse_(w, 0.5, { std: 0.2 })],
      [
        (w) => init.varianceScaling_(w, 2, 'fan_avg', 'uniform'),
        (w) => init.varianceScaling_(w, { scale: 2, mode: 'fan_avg', distribution: 'uniform' }),
      ],
    ];
    for (const [positional, options] of pairs) {
      manualSeed(5);
      const a = positional(empty([5, 4])).toArraySync();
      manualSeed(5);
      expect(options(empty([5, 4])).toArraySync()).toEqual(a);
    }
  });

  it('an options object after positional arguments passes the generator', () => {
    const g = new Generator().manualSeed(3);
    const viaGenerator = init.uniform_(empty([3, 4]), -10, 10, { generator: g }).toArraySync();
    manualSeed(3);
    expect(viaGenerator).toEqual(init.uniform_(empty([3, 4]), -10, 10).toArraySync());
  });

  it('undefined in a positional slot takes the default, as an omitted argument', () => {
    manualSeed(1);
    const a = init.kaimingUniform_(empty([4, 3]), undefined, undefined, 'relu').toArraySync();
    manualSeed(1);
    expect(init.kaimingUniform_(empty([4, 3]), { nonlinearity: 'relu' }).toArraySync()).toEqual(a);
  });

  it('the types refuse the forms the runtime refuses', () => {
    const w = empty([2, 2]);
    // @ts-expect-error: a positional bound, then the other bound in the object
    expect(() => init.uniform_(w, -1, { b: 2 })).toThrow(ArgumentError);
    // @ts-expect-error: a string where a number goes
    expect(() => init.normal_(w, '0', 1)).toThrow(ArgumentError);
    // @ts-expect-error: an unknown mode
    expect(() => init.kaimingUniform_(w, 0, 'fan_avg')).toThrow(ArgumentError);
  });

  it('calculateGain takes (nonlinearity, param) as PyTorch does', () => {
    expect(init.calculateGain('leaky_relu', 0.2)).toBe(Math.sqrt(2 / (1 + 0.04)));
  });
});

// Each misuse, as [description, call, message]: the call is made with an untyped signature, as
// from JavaScript.
const MISUSES: [string, (w: Tensor) => unknown, RegExp][] = [
  [
    'uniform_ with a third number',
    (w) => call('uniform_')(w, -1, 1, 5),
    /uniform_: expected at most 2 positional arguments after the tensor \(a, b\) and an options object, got 3: -1, 1, 5/,
  ],
  [
    'uniform_ with a string bound',
    (w) => call('uniform_')(w, '-10', 10),
    /uniform_: a \(positional argument 2\) must be a number, got '-10'/,
  ],
  [
    'uniform_ with an object before a number',
    (w) => call('uniform_')(w, { a: -1 }, 1),
    /uniform_: a \(positional argument 2\) must be a number, got Object/,
  ],
  [
    'uniform_ mixing a positional a with b in the object',
    (w) => call('uniform_')(w, -1, { b: 2 }),
    /uniform_: option 'b' cannot follow positional arguments/,
  ],
  [
    'uniform_ with NaN',
    (w) => call('uniform_')(w, Number.NaN, 1),
    /uniform_: a must be a finite number, got NaN/,
  ],
  [
    'uniform_ with a > b',
    (w) => call('uniform_')(w, 10, -10),
    /uniform_: expects to return a \[a, b\) range, but found a=10 > b=-10/,
  ],
  [
    'uniform_ with an unknown option',
    (w) => call('uniform_')(w, { low: -1, high: 1 }),
    /uniform_: unknown option 'low'; expected 'a', 'b', 'generator'/,
  ],
  [
    'uniform_ with a tensor as a bound',
    (w) => call('uniform_')(w, tensor([0])),
    /uniform_: a \(positional argument 2\) must be a number, got a tensor of shape \[1\]/,
  ],
  [
    'normal_ with a string std',
    (w) => call('normal_')(w, 0, 'big'),
    /normal_: std \(positional argument 3\) must be a number, got 'big'/,
  ],
  [
    'normal_ with a negative std',
    (w) => call('normal_')(w, 0, -1),
    /normal_: normal expects std >= 0.0, but found std -1/,
  ],
  [
    'normal_ with three numbers',
    (w) => call('normal_')(w, 0, 1, 2),
    /normal_: expected at most 2 positional arguments .*got 3/,
  ],
  [
    'truncNormal_ with a > b',
    (w) => call('truncNormal_')(w, 0, 1, 2, -2),
    /truncNormal_: expected a <= b, but found a=2 > b=-2/,
  ],
  [
    'truncNormal_ with five numbers',
    (w) => call('truncNormal_')(w, 0, 1, -2, 2, 9),
    /truncNormal_: expected at most 4 positional arguments/,
  ],
  [
    'truncNormal_ with an array',
    (w) => call('truncNormal_')(w, [0, 1]),
    /truncNormal_: mean \(positional argument 2\) must be a number, got \[0, 1\]/,
  ],
  [
    'xavierUniform_ with a string gain',
    (w) => call('xavierUniform_')(w, 'relu'),
    /xavierUniform_: gain \(positional argument 2\) must be a number, got 'relu'/,
  ],
  [
    'xavierNormal_ with two numbers',
    (w) => call('xavierNormal_')(w, 1, 2),
    /xavierNormal_: expected at most 1 positional argument after the tensor \(gain\)/,
  ],
  [
    'kaimingUniform_ with the mode as a number',
    (w) => call('kaimingUniform_')(w, 0, 1),
    /kaimingUniform_: mode \(positional argument 3\) must be a string, got 1/,
  ],
  [
    'kaimingUniform_ with an unknown mode',
    (w) => call('kaimingUniform_')(w, 0, 'fan_avg'),
    /kaimingUniform_: .*fan_avg/,
  ],
  [
    'kaimingNormal_ with the nonlinearity first',
    (w) => call('kaimingNormal_')(w, 'relu'),
    /kaimingNormal_: a \(positional argument 2\) must be a number, got 'relu'/,
  ],
  [
    'kaimingNormal_ with an unknown nonlinearity',
    (w) => call('kaimingNormal_')(w, 0, 'fan_in', 'gelu'),
    /kaimingNormal_: Unsupported nonlinearity 'gelu'/,
  ],
  [
    'orthogonal_ with a string gain',
    (w) => call('orthogonal_')(w, '2'),
    /orthogonal_: gain \(positional argument 2\) must be a number, got '2'/,
  ],
  [
    'sparse_ with a string std',
    (w) => call('sparse_')(w, 0.5, 'x'),
    /sparse_: std \(positional argument 2\) must be a number, got 'x'/,
  ],
  [
    'sparse_ with sparsity in the options',
    (w) => call('sparse_')(w, { sparsity: 0.5 }),
    /sparse_: sparsity must be a finite number, got Object/,
  ],
  [
    'sparse_ with three numbers',
    (w) => call('sparse_')(w, 0.5, 0.1, 3),
    /sparse_: expected at most 1 positional argument after the tensor \(std\)/,
  ],
  [
    'constant_ with an extra argument',
    (w) => call('constant_')(w, 1, 2),
    /constant_: takes only a tensor and a value, got 1 more argument: 2/,
  ],
  [
    'constant_ with a string',
    (w) => call('constant_')(w, '1'),
    /constant_: value must be a number or boolean, got '1'/,
  ],
  [
    'ones_ with an argument',
    (w) => call('ones_')(w, 2),
    /ones_: takes only a tensor, got 1 more argument: 2/,
  ],
  [
    'zeros_ with an argument',
    (w) => call('zeros_')(w, { value: 1 }),
    /zeros_: takes only a tensor, got 1 more argument: Object/,
  ],
  [
    'eye_ with an argument',
    (w) => call('eye_')(w, 3),
    /eye_: takes only a tensor, got 1 more argument: 3/,
  ],
  [
    'varianceScaling_ with the mode first',
    (w) => call('varianceScaling_')(w, 'fan_in'),
    /varianceScaling_: scale \(positional argument 2\) must be a number, got 'fan_in'/,
  ],
  [
    'varianceScaling_ with four values',
    (w) => call('varianceScaling_')(w, 1, 'fan_in', 'uniform', 2),
    /varianceScaling_: expected at most 3 positional arguments/,
  ],
  [
    'dirac_ with a string groups',
    (w) => call('dirac_')(w.reshape([2, 3, 1]), '2'),
    /dirac_: groups \(positional argument 2\) must be a number, got '2'/,
  ],
  [
    'dirac_ with a generator',
    (w) => call('dirac_')(w.reshape([2, 3, 1]), { generator: new Generator() }),
    /dirac_: takes no generator/,
  ],
];

describe('misuse throws a named ArgumentError and changes nothing', () => {
  for (const [description, misuse, message] of MISUSES) {
    it(description, () => {
      const target = tensor([
        [1, 2, 3],
        [4, 5, 6],
      ]);
      manualSeed(99);
      const state = getRngState();
      const version = target.version;
      expect(() => misuse(target)).toThrow(ArgumentError);
      expect(() => misuse(target)).toThrow(message);
      expect(target.tolistSync()).toEqual([
        [1, 2, 3],
        [4, 5, 6],
      ]);
      expect(target.version).toBe(version);
      expect(getRngState()).toEqual(state);
    });
  }

  it('calculateGain with an extra argument or a non-string nonlinearity', () => {
    const gain = init.calculateGain as (...args: unknown[]) => number;
    expect(() => gain('leaky_relu', 0.2, 1)).toThrow(
      /calculateGain: takes only a nonlinearity and a param, got 1 more argument: 1/,
    );
    expect(() => gain('leaky_relu', '0.2')).toThrow(
      /calculateGain: negative_slope '0.2' not a valid number/,
    );
    expect(() => gain(2)).toThrow(/calculateGain: Unsupported nonlinearity 2/);
  });

  it('lsuv_ refuses an options object it cannot read, and extra arguments', async () => {
    const weight = tensor([[1, 2]]);
    const layers = [{ weight, output: () => weight }];
    const forward = () => {};
    const lsuv = init.lsuv_ as (...args: unknown[]) => Promise<unknown>;
    await expect(lsuv(forward, layers, 5)).rejects.toThrow(
      /lsuv_: options must be an object \{ tolerance, maxIterations, orthogonal, generator \}, got 5/,
    );
    await expect(lsuv(forward, layers, { tol: 0.1 })).rejects.toThrow(
      /lsuv_: unknown option 'tol'; expected 'tolerance', 'maxIterations', 'orthogonal', 'generator'/,
    );
    await expect(lsuv(forward, layers, {}, 1)).rejects.toThrow(
      /lsuv_: takes only forward, layers and an options object, got 1 more argument: 1/,
    );
    expect(weight.tolistSync()).toEqual([[1, 2]]);
  });
});
