// PyTorch's positional optional arguments (`nn.Conv2d(3, 16, 3, 1, 1)`) cannot be read from a
// JavaScript options slot: they throw an ArgumentError naming the class and the option names,
// as do unknown option names, instead of being silently ignored.
import { ArgumentError, getRngState, manualSeed } from '@x/tensor';
import { describe, expect, it } from 'vitest';
import {
  BatchNorm1d,
  Conv2d,
  CrossEntropyLoss,
  Dropout,
  Embedding,
  GELU,
  LayerNorm,
  LazyLinear,
  LeakyReLU,
  Linear,
  MSELoss,
  ReLU,
} from '../src';

type Build = () => unknown;
const MISUSES: [string, Build, RegExp][] = [
  [
    'Linear(4, 8, false)',
    () => new Linear(4, 8, false as never),
    /^Linear: expected an options object with 'bias', 'backend', got false \(write PyTorch's optional arguments by name, e.g\. \{ bias: \.\.\. \}\)$/,
  ],
  [
    'Linear unknown option',
    () => new Linear(4, 8, { bais: false } as never),
    /^Linear: unknown option 'bais'; expected 'bias', 'backend'$/,
  ],
  [
    'LazyLinear(8, false)',
    () => new LazyLinear(8, false as never),
    /^LazyLinear: expected an options object/,
  ],
  [
    'Conv2d(3, 16, 3, 1, 1)',
    () => new Conv2d(3, 16, 3, 1 as never),
    /^Conv2d: expected an options object with 'stride', 'padding', 'dilation', 'groups', 'bias', 'backend', got 1/,
  ],
  [
    'BatchNorm1d(4, 1e-3)',
    () => new BatchNorm1d(4, 1e-3 as never),
    /^BatchNorm1d: expected an options object with 'eps'/,
  ],
  [
    'LayerNorm unknown option',
    () => new LayerNorm(4, { elementwise_affine: false } as never),
    /^LayerNorm: unknown option 'elementwise_affine'; expected 'eps', 'elementwiseAffine', 'backend'$/,
  ],
  [
    'Embedding(10, 3, 0)',
    () => new Embedding(10, 3, 0 as never),
    /^Embedding: expected an options object with 'paddingIdx', 'backend', got 0/,
  ],
  [
    'Dropout(0.5, true)',
    () => new Dropout(0.5, true as never),
    /^Dropout: expected an options object with 'inplace', 'generator', got true/,
  ],
  [
    'ReLU(true)',
    () => new ReLU(true as never),
    /^ReLU: expected an options object with 'inplace', got true/,
  ],
  [
    'LeakyReLU(0.1, true)',
    () => new LeakyReLU(0.1, true as never),
    /^LeakyReLU: expected an options object with 'inplace'/,
  ],
  [
    'GELU("tanh")',
    () => new GELU('tanh' as never),
    /^GELU: expected an options object with 'approximate', got 'tanh'/,
  ],
  [
    'CrossEntropyLoss unknown option',
    () => new CrossEntropyLoss({ ignore_index: 1 } as never),
    /^CrossEntropyLoss: unknown option 'ignore_index'/,
  ],
  [
    'MSELoss("sum")',
    () => new MSELoss('sum' as never),
    /^MSELoss: expected an options object with 'reduction', got 'sum'/,
  ],
];

describe('constructors refuse positional or misspelt options', () => {
  for (const [name, build, message] of MISUSES) {
    it(name, () => {
      manualSeed(1);
      const state = getRngState();
      expect(build).toThrow(ArgumentError);
      expect(build).toThrow(message);
      expect(getRngState()).toEqual(state); // failed before initialising anything
    });
  }
});
