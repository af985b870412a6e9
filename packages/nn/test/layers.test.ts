// Every layer and loss against PyTorch 1.13 (fixtures/layers.json): the parameters its
// constructor draws for the seed, its output, and the gradients of sum(output · cotangent)
// with respect to its inputs and parameters, plus BatchNorm's running statistics.
import { manualSeed, type Tensor } from '@x/tensor';
import { describe, expect, it } from 'vitest';
import {
  BatchNorm1d,
  Conv2d,
  CrossEntropyLoss,
  Dropout,
  Embedding,
  Flatten,
  GELU,
  LayerNorm,
  LeakyReLU,
  Linear,
  type Module,
  MSELoss,
  Sigmoid,
  Tanh,
} from '../src';
import { decode, decodeState, type Encoded, expectClose, fixture } from './helpers';

interface LayerCase {
  seed: number;
  initState: Record<string, Encoded>;
  inputs: Encoded[];
  output: Encoded;
  cotangent: Encoded;
  inputGrads: (Encoded | null)[];
  paramGrads: Record<string, Encoded>;
  stateAfter: Record<string, Encoded>;
}

const cases: Record<string, LayerCase> & { batchnormRunning: any } = fixture('layers.json');

const builders: Record<string, () => Module> = {
  linear2d: () => new Linear(5, 3),
  linear3d: () => new Linear(5, 3),
  linear1d: () => new Linear(5, 3),
  linearNoBias: () => new Linear(5, 3, { bias: false }),
  conv: () => new Conv2d(3, 4, 3, { padding: 1 }),
  convStrided: () => new Conv2d(2, 4, [3, 2], { stride: 2, padding: [1, 0], dilation: [2, 1] }),
  convGroups: () => new Conv2d(4, 6, 3, { groups: 2, bias: false }),
  convSame: () => new Conv2d(2, 3, 4, { padding: 'same' }),
  convUnbatched: () => new Conv2d(2, 3, 2, { padding: 'valid' }),
  batchnorm2d: () => new BatchNorm1d(4),
  batchnorm3d: () => new BatchNorm1d(3, { momentum: null }),
  batchnormNoAffine: () => new BatchNorm1d(3, { affine: false }),
  layernorm: () => new LayerNorm(6),
  layernorm2: () => new LayerNorm([3, 4]),
  embedding: () => new Embedding(10, 3),
  embeddingPadding: () => new Embedding(6, 4, { paddingIdx: 2 }),
  gelu: () => new GELU(),
  geluTanh: () => new GELU({ approximate: 'tanh' }),
  leakyRelu: () => new LeakyReLU(0.2),
  sigmoid: () => new Sigmoid(),
  tanh: () => new Tanh(),
  flatten: () => new Flatten(),
  dropout: () => new Dropout(0.3),
  mse: () => new MSELoss(),
  mseSum: () => new MSELoss({ reduction: 'sum' }),
  mseNone: () => new MSELoss({ reduction: 'none' }),
  ce: () => new CrossEntropyLoss(),
  ceSum: () => new CrossEntropyLoss({ reduction: 'sum' }),
  ceNone: () => new CrossEntropyLoss({ reduction: 'none' }),
  ceWeight: () => new CrossEntropyLoss({ weight: decode(cases.ceWeight.initState.weight) }),
  ceIgnore: () => new CrossEntropyLoss({ ignoreIndex: 1 }),
  ceSmoothing: () => new CrossEntropyLoss({ labelSmoothing: 0.1 }),
  ceSmoothingWeightIgnore: () =>
    new CrossEntropyLoss({
      weight: decode(cases.ceSmoothingWeightIgnore.initState.weight),
      ignoreIndex: 2,
      labelSmoothing: 0.2,
    }),
  ceSmoothingNone: () => new CrossEntropyLoss({ labelSmoothing: 0.3, reduction: 'none' }),
  ceSpatial: () => new CrossEntropyLoss(),
  ceUnbatched: () => new CrossEntropyLoss(),
  ceProbabilities: () =>
    new CrossEntropyLoss({
      labelSmoothing: 0.1,
      weight: decode(cases.ceProbabilities.initState.weight),
    }),
};

/** Layers whose constructor draws from the generator, and how close PyTorch's draws are. */
const drawsInit: Record<string, number> = {
  linear2d: 0,
  linear3d: 0,
  linear1d: 0,
  linearNoBias: 0,
  conv: 0,
  convStrided: 0,
  convGroups: 0,
  convSame: 0,
  convUnbatched: 0,
  embedding: 1e-6,
  embeddingPadding: 1e-6,
};

describe('layers and losses match PyTorch', () => {
  for (const [name, build] of Object.entries(builders)) {
    it(name, () => {
      const expected = cases[name];
      manualSeed(expected.seed);
      const layer = build();
      const initState = layer.stateDict();
      expect([...initState.keys()]).toEqual(Object.keys(expected.initState));
      if (name in drawsInit) {
        for (const [key, value] of initState)
          expectClose(value, expected.initState[key], {
            rtol: drawsInit[name],
            atol: drawsInit[name],
          });
      }
      // Forward and backward from PyTorch's parameters, so each is checked on its own.
      layer.loadStateDict(decodeState(expected.initState));
      const inputs = expected.inputs.map((encoded) => {
        const input = decode(encoded);
        return input.dtype === 'float32' ? input.requiresGrad_() : input;
      });
      const output: Tensor = layer.forward(...inputs);
      expectClose(output, expected.output, { rtol: 1e-5, atol: 1e-6 });
      output.mul(decode(expected.cotangent)).sum().backward();
      expected.inputGrads.forEach((grad, i) => {
        if (grad !== null) expectClose(inputs[i].grad!, grad, { rtol: 1e-4, atol: 1e-5 });
      });
      const params = new Map(layer.namedParameters());
      expect([...params.keys()].filter((key) => params.get(key)!.grad !== null)).toEqual(
        Object.keys(expected.paramGrads),
      );
      for (const [key, grad] of Object.entries(expected.paramGrads))
        expectClose(params.get(key)!.grad!, grad, { rtol: 1e-4, atol: 1e-5 });
      for (const [key, value] of layer.stateDict())
        expectClose(value, expected.stateAfter[key], { rtol: 1e-5, atol: 1e-6 });
    });
  }

  it('BatchNorm1d keeps PyTorch running statistics over several batches and uses them in eval mode', () => {
    const expected = cases.batchnormRunning;
    const bn = new BatchNorm1d(3, { momentum: 0.2 });
    for (const batch of expected.batches) bn.forward(decode(batch));
    for (const [key, value] of bn.stateDict())
      expectClose(value, expected.state[key], { rtol: 1e-5, atol: 1e-6 });
    expect(bn.num_batches_tracked!.item()).toBe(3);
    bn.eval();
    expectClose(bn.forward(decode(expected.probe)), expected.evalOutput, {
      rtol: 1e-5,
      atol: 1e-6,
    });
  });

  it('Dropout is the identity in eval mode and scales kept elements by 1/(1 − p)', () => {
    const input = decode(cases.dropout.inputs[0]);
    const drop = new Dropout(0.3).eval();
    expect(drop.forward(input)).toBe(input);
    manualSeed(3);
    const kept = drop.train().forward(input).div(input);
    const values = [...kept.toArraySync()];
    expect(values.every((v) => v === 0 || Math.abs(v - 1 / 0.7) < 1e-6)).toBe(true);
  });
});
