// Bad input gets a clear error of the right class, and leaves everything as it was.
import { ArgumentError, DTypeError, IndexError, rand, ShapeError, tensor, zeros } from '@x/tensor';
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
  Linear,
  MSELoss,
  ReLU,
  Sequential,
  UninitializedParameterError,
} from '../src';

describe('layers refuse bad input', () => {
  it("Linear: PyTorch's message for a wrong input width", () => {
    const layer = new Linear(4, 8);
    expect(() => layer.forward(rand([2, 3]))).toThrow(ShapeError);
    expect(() => layer.forward(rand([2, 3]))).toThrow(
      'mat1 and mat2 shapes cannot be multiplied (2x3 and 4x8)',
    );
    expect(() => new Linear(4, 8, { bias: false }).forward(rand([2, 3]))).toThrow('(2x3 and 4x8)');
    expect(() => new Linear(-1, 2)).toThrow(
      new ArgumentError('Linear: inFeatures must be a non-negative integer, got -1'),
    );
  });

  it('LazyLinear: parameters before the first forward throw, and nothing changes', () => {
    const lazy = new LazyLinear(3);
    const net = new Sequential(lazy, new ReLU());
    const message =
      /LazyLinear: reading 'weight' before the first forward\(\).*call forward\(\) with a batch first/;
    expect(() => lazy.weight).toThrow(UninitializedParameterError);
    expect(() => lazy.weight).toThrow(message);
    expect(() => lazy.bias).toThrow(UninitializedParameterError);
    expect(() => [...net.parameters()]).toThrow(
      'LazyLinear: namedParameters reached its parameters before the first forward()',
    );
    expect(() => net.stateDict()).toThrow(UninitializedParameterError);
    expect(() => lazy.forward(tensor(1))).toThrow(ShapeError);
    expect(String(lazy)).toBe('LazyLinear(in_features=0, out_features=3, bias=True)');
    expect(lazy).not.toBeInstanceOf(Linear);
    // After all that, the first call still works and creates [3, 5] weights.
    expect(net.forward(rand([2, 5])).shape).toEqual([2, 3]);
    expect(lazy).toBeInstanceOf(Linear);
    expect((lazy as unknown as Linear).weight.shape).toEqual([3, 5]);
  });

  it('BatchNorm1d: wrong channel count, wrong rank, one value per channel in training', () => {
    const bn = new BatchNorm1d(3);
    expect(() => bn.forward(rand([4, 2]))).toThrow(
      'BatchNorm1d: expected input with 3 channels at dim 1, got shape [4, 2]',
    );
    expect(() => bn.forward(rand([4]))).toThrow('expected 2D or 3D input (got 1D input)');
    expect(() => bn.forward(rand([1, 3]))).toThrow(
      'expected more than 1 value per channel when training',
    );
    expect(bn.num_batches_tracked!.item()).toBe(0);
    expect(bn.eval().forward(rand([1, 3])).shape).toEqual([1, 3]);
  });

  it('Conv2d: channels, kernel larger than the input, bad options', () => {
    const conv = new Conv2d(3, 4, 3);
    expect(() => conv.forward(rand([1, 2, 5, 5]))).toThrow(
      'Conv2d: Given groups=1, weight of size [4, 3, 3, 3], expected input[1, 2, 5, 5] to have 3 channels, but got 2 channels instead',
    );
    expect(() => conv.forward(rand([1, 3, 2, 2]))).toThrow(
      "Kernel size can't be greater than actual input size",
    );
    expect(() => new Conv2d(3, 4, 3, { groups: 2 })).toThrow(
      'inChannels must be divisible by groups (2), got 3',
    );
    expect(() => new Conv2d(2, 2, 3, { padding: 'same', stride: 2 })).toThrow(
      "padding='same' is not supported for strided convolutions",
    );
    expect(() => new Conv2d(2, 2, 0)).toThrow('kernelSize must be an integer >= 1');
  });

  it('LayerNorm, Embedding, Dropout, GELU', () => {
    expect(() => new LayerNorm(4).forward(rand([2, 3]))).toThrow(
      'LayerNorm: given normalized_shape=[4], expected input with shape [*, 4], but got input of size [2, 3]',
    );
    const embed = new Embedding(5, 2);
    expect(() => embed.forward(tensor([1, 2]))).toThrow(
      new DTypeError('Embedding: indices must be an int32 tensor, got float32'),
    );
    expect(() => embed.forward(tensor([7], { dtype: 'int32' }))).toThrow(IndexError);
    expect(() => new Embedding(5, 2, { paddingIdx: 5 })).toThrow(
      'paddingIdx must be within numEmbeddings (5), got 5',
    );
    expect(() => new Dropout(1.5)).toThrow(
      'Dropout: dropout probability has to be between 0 and 1, but got 1.5',
    );
    expect(() => new GELU({ approximate: 'fast' as 'tanh' })).toThrow(
      "GELU: approximate must be 'none' or 'tanh', got 'fast'",
    );
  });
});

describe('losses refuse bad input', () => {
  it('CrossEntropyLoss: out-of-range targets, wrong dtype or shape, bad options', () => {
    const loss = new CrossEntropyLoss();
    const logits = rand([2, 3]);
    expect(() => loss.forward(logits, tensor([0, 3], { dtype: 'int32' }))).toThrow(
      new IndexError('crossEntropy: Target 3 is out of bounds (3 classes).'),
    );
    expect(() => loss.forward(logits, tensor([true, false]))).toThrow(DTypeError);
    expect(() => loss.forward(logits, tensor([0, 1, 2], { dtype: 'int32' }))).toThrow(
      'crossEntropy: expected target of shape [2] for input of shape [2, 3], got [3]',
    );
    expect(() => loss.forward(logits, rand([2, 2]))).toThrow(
      "probability targets must have the input's shape [2, 3]",
    );
    expect(() => loss.forward(logits, tensor([0, 2]))).toThrow(
      new DTypeError(
        "crossEntropy: target of shape [2] holds class indices as float32; create it with { dtype: 'int32' } " +
          "(e.g. tensor([0, 2], { dtype: 'int32' }), or labels.int()), or pass class probabilities of the input's shape [2, 3]",
      ),
    );
    expect(() => new CrossEntropyLoss({ reduction: 'avg' as 'mean' })).toThrow(
      "reduction must be 'mean', 'sum' or 'none', got avg",
    );
    expect(() =>
      new CrossEntropyLoss({ labelSmoothing: 2 }).forward(
        logits,
        tensor([0, 1], { dtype: 'int32' }),
      ),
    ).toThrow('labelSmoothing must be between 0.0 and 1.0, got 2');
    expect(() =>
      new CrossEntropyLoss({ weight: zeros([2]) }).forward(
        logits,
        tensor([0, 1], { dtype: 'int32' }),
      ),
    ).toThrow('weight should have shape [3] (one per class), got [2]');
  });

  it('MSELoss: mismatched shapes', () => {
    expect(() => new MSELoss().forward(rand([2, 3]), rand([3]))).toThrow(
      'mseLoss: target size [3] must be the same as input size [2, 3]',
    );
  });
});
