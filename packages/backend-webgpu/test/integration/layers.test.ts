// @x/nn's layers and losses with everything on WebGPU, against PyTorch 1.13
// (packages/nn/test/fixtures/layers.json): PyTorch's parameters loaded into a GPU module with
// loadStateDict, then its output, the gradients of sum(output · cotangent) with respect to
// the inputs and parameters, and the state afterwards (BatchNorm's running statistics), at
// the tolerances of nn's own layers test. Each case is a GPU path of its own: im2col
// convolutions, normalisation reductions, gathers, scatter-adds and masked losses.
import {
  BatchNorm1d,
  Conv2d,
  CrossEntropyLoss,
  Embedding,
  GELU,
  LayerNorm,
  Linear,
  type Module,
  MSELoss,
} from '@x/nn';
import type { Backend, Tensor } from '@x/tensor';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import layers from '../../../nn/test/fixtures/layers.json';
import { decode, type Encoded } from '../../../nn/test/helpers';
import { type WebGPUBackend, webgpu } from '../../src';
import { hasWebGPU, reportMissingWebGPU } from '../gpu-available';

reportMissingWebGPU('@x/nn layers on WebGPU');

interface LayerCase {
  initState: Record<string, Encoded>;
  inputs: Encoded[];
  output: Encoded;
  cotangent: Encoded;
  inputGrads: (Encoded | null)[];
  paramGrads: Record<string, Encoded>;
  stateAfter: Record<string, Encoded>;
}
const cases = layers as unknown as Record<string, LayerCase>;
const running = layers.batchnormRunning as unknown as {
  batches: Encoded[];
  state: Record<string, Encoded>;
  probe: Encoded;
  evalOutput: Encoded;
};
const weightOf = (name: string, backend: Backend) =>
  decode(cases[name].initState.weight).to(backend);

const BUILDERS: Record<string, (backend: Backend) => Module> = {
  linear3d: (backend) => new Linear(5, 3, { backend }),
  conv: (backend) => new Conv2d(3, 4, 3, { padding: 1, backend }),
  convStrided: (backend) =>
    new Conv2d(2, 4, [3, 2], { stride: 2, padding: [1, 0], dilation: [2, 1], backend }),
  convGroups: (backend) => new Conv2d(4, 6, 3, { groups: 2, bias: false, backend }),
  convSame: (backend) => new Conv2d(2, 3, 4, { padding: 'same', backend }),
  batchnorm2d: (backend) => new BatchNorm1d(4, { backend }),
  batchnorm3d: (backend) => new BatchNorm1d(3, { momentum: null, backend }),
  layernorm2: (backend) => new LayerNorm([3, 4], { backend }),
  embeddingPadding: (backend) => new Embedding(6, 4, { paddingIdx: 2, backend }),
  geluTanh: () => new GELU({ approximate: 'tanh' }),
  mse: () => new MSELoss(),
  ceWeight: (backend) => new CrossEntropyLoss({ weight: weightOf('ceWeight', backend) }),
  ceSmoothingWeightIgnore: (backend) =>
    new CrossEntropyLoss({
      weight: weightOf('ceSmoothingWeightIgnore', backend),
      ignoreIndex: 2,
      labelSmoothing: 0.2,
    }),
  ceSpatial: () => new CrossEntropyLoss(),
  ceProbabilities: (backend) =>
    new CrossEntropyLoss({ labelSmoothing: 0.1, weight: weightOf('ceProbabilities', backend) }),
};

/** Shape, dtype and values (floats within atol + rtol·|expected|), read from the GPU. */
async function expectClose(actual: Tensor, expected: Encoded, rtol: number, atol: number) {
  expect(actual.device).toBe('webgpu');
  expect(actual.shape).toEqual(expected.shape);
  expect(actual.dtype).toBe(expected.dtype);
  const got = await actual.toArray();
  const want = decode(expected).toArraySync();
  for (let i = 0; i < want.length; i++) {
    if (!(Math.abs(got[i] - want[i]) <= atol + rtol * Math.abs(want[i]))) {
      expect.fail(`element ${i}: got ${got[i]}, expected ${want[i]} (rtol ${rtol}, atol ${atol})`);
    }
  }
}

describe.runIf(hasWebGPU)('@x/nn layers on WebGPU', () => {
  let gpu: WebGPUBackend;
  beforeAll(async () => {
    gpu = await webgpu();
  });
  afterAll(() => gpu.dispose());

  for (const [name, build] of Object.entries(BUILDERS)) {
    it(`${name}: output, input and parameter gradients and state equal PyTorch's`, async () => {
      const expected = cases[name];
      const layer = build(gpu);
      // PyTorch's parameters, copied from the CPU into the GPU module's tensors.
      const loaded = layer.loadStateDict(
        new Map(Object.entries(expected.initState).map(([key, value]) => [key, decode(value)])),
      );
      expect(loaded.missingKeys).toEqual([]);
      const inputs = expected.inputs.map((encoded) => {
        const input = decode(encoded).to(gpu);
        return input.dtype === 'float32' ? input.requiresGrad_() : input;
      });
      const output: Tensor = layer.forward(...inputs);
      await expectClose(output, expected.output, 1e-5, 1e-6);
      output.mul(decode(expected.cotangent).to(gpu)).sum().backward();
      for (const [i, grad] of expected.inputGrads.entries())
        if (grad !== null) await expectClose(inputs[i].grad!, grad, 1e-4, 1e-5);
      const params = new Map(layer.namedParameters());
      expect([...params.keys()].filter((key) => params.get(key)!.grad !== null)).toEqual(
        Object.keys(expected.paramGrads),
      );
      for (const [key, grad] of Object.entries(expected.paramGrads))
        await expectClose(params.get(key)!.grad!, grad, 1e-4, 1e-5);
      for (const [key, value] of layer.stateDict())
        await expectClose(value, expected.stateAfter[key], 1e-5, 1e-6);
    });
  }

  it("BatchNorm1d keeps PyTorch's running statistics over three GPU batches, then uses them in eval", async () => {
    const bn = new BatchNorm1d(3, { momentum: 0.2, backend: gpu });
    for (const batch of running.batches) bn.forward(decode(batch).to(gpu));
    for (const [key, value] of bn.stateDict())
      await expectClose(value, running.state[key], 1e-5, 1e-6);
    bn.eval();
    await expectClose(bn.forward(decode(running.probe).to(gpu)), running.evalOutput, 1e-5, 1e-6);
  });
});
