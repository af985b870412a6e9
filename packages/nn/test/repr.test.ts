// String(module) against PyTorch 1.13's repr(module), line for line (fixtures/repr.json).
import { tensor } from '@x/tensor';
import { describe, expect, it } from 'vitest';
import {
  BatchNorm1d,
  Conv2d,
  CrossEntropyLoss,
  Dropout,
  Embedding,
  Flatten,
  GELU,
  Identity,
  LayerNorm,
  LazyLinear,
  LeakyReLU,
  Linear,
  Module,
  ModuleDict,
  ModuleList,
  MSELoss,
  Parameter,
  ReLU,
  Sequential,
  Sigmoid,
  Tanh,
} from '../src';
import { fixture } from './helpers';

const torch: Record<string, string> = fixture('repr.json');

class Head extends Module {
  body = new Sequential(new Conv2d(1, 6, 5, { padding: 2 }), new Sigmoid(), new Flatten());
  norm = new LayerNorm([3, 4], { elementwiseAffine: false });
  heads = new ModuleDict({
    classify: new Linear(8, 3),
    regress: new Linear(8, 1, { bias: false }),
  });
  extras = new ModuleList([new Dropout(0.25), new Identity()]);
  empty = null;

  constructor() {
    super();
    this.registerModule('missing', null);
  }
}

const modules: Record<string, () => Module> = {
  linear: () => new Linear(4, 8),
  linearNoBias: () => new Linear(3, 2, { bias: false }),
  lazy: () => new LazyLinear(5),
  relu: () => new ReLU(),
  reluInplace: () => new ReLU({ inplace: true }),
  leaky: () => new LeakyReLU(),
  leaky2: () => new LeakyReLU(0.2, { inplace: true }),
  gelu: () => new GELU(),
  geluTanh: () => new GELU({ approximate: 'tanh' }),
  sigmoid: () => new Sigmoid(),
  tanh: () => new Tanh(),
  identity: () => new Identity(),
  flatten: () => new Flatten(),
  flatten2: () => new Flatten(0, 2),
  dropout: () => new Dropout(),
  dropout2: () => new Dropout(0.1, { inplace: true }),
  batchnorm: () => new BatchNorm1d(8),
  batchnorm2: () =>
    new BatchNorm1d(3, { eps: 1e-3, momentum: null, affine: false, trackRunningStats: false }),
  layernorm: () => new LayerNorm(8),
  layernorm2: () => new LayerNorm([3, 4], { eps: 1e-6, elementwiseAffine: false }),
  embedding: () => new Embedding(10, 3),
  embedding2: () => new Embedding(10, 3, { paddingIdx: -1 }),
  conv: () => new Conv2d(1, 6, 5, { padding: 2 }),
  conv2: () =>
    new Conv2d(4, 6, [3, 2], {
      stride: 2,
      padding: [1, 0],
      dilation: [2, 1],
      groups: 2,
      bias: false,
    }),
  conv3: () => new Conv2d(2, 3, 3, { padding: 'same' }),
  conv4: () => new Conv2d(2, 3, 3, { padding: 'valid' }),
  mse: () => new MSELoss(),
  ce: () => new CrossEntropyLoss(),
  sequential: () => new Sequential(new Linear(4, 8), new ReLU(), new Linear(8, 1)),
  nested: () => new Sequential(new Sequential(new Linear(2, 2), new Tanh()), new Linear(2, 1)),
  emptySequential: () => new Sequential(),
  moduleList: () => new ModuleList([new Linear(2, 2), new ReLU()]),
  moduleDict: () => new ModuleDict({ a: new ReLU(), b: new Linear(1, 1) }),
  head: () => new Head(),
};

describe('repr matches PyTorch', () => {
  for (const [name, build] of Object.entries(modules)) {
    it(name, () => {
      expect(String(build())).toBe(torch[name]);
    });
  }

  it('Parameter prints "Parameter containing:" above the tensor', () => {
    expect(
      String(
        new Parameter(
          tensor([
            [1, 2],
            [3, 4.5],
          ]),
        ),
      ),
    ).toBe(torch.parameter);
    expect(String(new Parameter(tensor([1, 2]), false))).toBe(torch.parameterNoGrad);
  });

  it('a slice of a Sequential keeps the original names', () => {
    expect(String(new Sequential(new Linear(4, 8), new ReLU(), new Linear(8, 1)).slice(1))).toBe(
      torch.slice,
    );
  });

  it('node prints modules through util.inspect', async () => {
    const { inspect } = await import('node:util');
    expect(inspect(new Linear(4, 8))).toBe(torch.linear);
  });
});
