// A training step of a seeded MLP (8-16-16-4, batch 8, ReLU, cross-entropy) agrees between
// the CPU and WebGPU: the loss, every parameter's .grad and the input's gradient within 1e-5
// (|gpu − cpu| ≤ 1e-5·(1 + |cpu|)), and the weights after each optimiser step likewise.
// Both backends round every op to float32; they differ only in the order of their sums.
import { CrossEntropyLoss, Linear, ReLU, Sequential } from '@x/nn';
import { Adam, type Optimizer, SGD } from '@x/nn/optim';
import { type Backend, BackendError, manualSeed, randint, randn, type Tensor } from '@x/tensor';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type WebGPUBackend, webgpu } from '../../src';
import { hasWebGPU, reportMissingWebGPU } from '../gpu-available';
import { bits, maxScaledDifference } from './shared';

reportMissingWebGPU('an MLP step on the CPU and on WebGPU');

const TOLERANCE = 1e-5;

function mlp(backend?: Backend) {
  return new Sequential(
    new Linear(8, 16, { backend }),
    new ReLU(),
    new Linear(16, 16, { backend }),
    new ReLU(),
    new Linear(16, 4, { backend }),
  );
}
type Net = ReturnType<typeof mlp>;

const OPTIMIZERS: [string, (net: Net) => Optimizer<object>][] = [
  ['SGD with momentum', (net) => new SGD(net.parameters(), { lr: 0.1, momentum: 0.9 })],
  ['Adam', (net) => new Adam(net.parameters(), { lr: 0.01 })],
];

/** Both backends' values of matching tensors, read (asynchronously where needed). */
async function expectAgree(onGpu: Tensor, onCpu: Tensor, what: string): Promise<void> {
  expect(onGpu.device, what).toBe('webgpu');
  expect(onGpu.shape, what).toEqual(onCpu.shape);
  expect(maxScaledDifference(await onGpu.toArray(), onCpu.toArraySync()), what).toBeLessThanOrEqual(
    TOLERANCE,
  );
}

describe.runIf(hasWebGPU)('an MLP step on the CPU and on WebGPU', () => {
  let gpu: WebGPUBackend;
  beforeAll(async () => {
    gpu = await webgpu();
  });
  afterAll(() => gpu.dispose());

  /** The same seeded net on both backends, and a batch of 8 inputs with int32 class labels. */
  function setup() {
    manualSeed(7);
    const onCpu = mlp();
    manualSeed(7);
    const onGpu = mlp().to(gpu);
    const input = randn([8, 8]);
    const labels = randint(0, 4, [8]);
    return { onCpu, onGpu, input, labels };
  }

  for (const [name, makeOptimizer] of OPTIMIZERS) {
    it(`forward, backward and two ${name} steps agree to ${TOLERANCE}`, async () => {
      const { onCpu, onGpu, input, labels } = setup();
      const optimizers = [makeOptimizer(onCpu), makeOptimizer(onGpu)];
      const lossFn = new CrossEntropyLoss();
      const cpuInput = input.clone().requiresGrad_();
      const gpuInput = input.to(gpu).requiresGrad_();
      const gpuLabels = labels.to(gpu);
      for (let step = 1; step <= 2; step++) {
        for (const optimizer of optimizers) optimizer.zeroGrad();
        cpuInput.grad = null;
        gpuInput.grad = null;
        const cpuLoss = lossFn.forward(onCpu.forward(cpuInput), labels);
        const gpuLoss = lossFn.forward(onGpu.forward(gpuInput), gpuLabels);
        expect(gpuLoss.gradFn?.name).toBe(cpuLoss.gradFn?.name);
        await expectAgree(gpuLoss, cpuLoss, `loss, step ${step}`);
        cpuLoss.backward();
        gpuLoss.backward();
        const gpuParams = new Map(onGpu.namedParameters());
        for (const [key, param] of onCpu.namedParameters())
          await expectAgree(gpuParams.get(key)!.grad!, param.grad!, `${key}.grad, step ${step}`);
        await expectAgree(gpuInput.grad!, cpuInput.grad!, `input.grad, step ${step}`);
        for (const optimizer of optimizers) optimizer.step();
        for (const [key, param] of onCpu.namedParameters())
          await expectAgree(gpuParams.get(key)!, param, `${key} after step ${step}`);
      }
    });
  }

  it('the step changes the weights by far more than the tolerance (the comparison can fail)', async () => {
    const { onGpu, input, labels } = setup();
    const before = await onGpu.at(0).weight.toArray();
    const optimizer = new SGD(onGpu.parameters(), { lr: 0.1 });
    new CrossEntropyLoss().forward(onGpu.forward(input.to(gpu)), labels.to(gpu)).backward();
    optimizer.step();
    const after = await onGpu.at(0).weight.toArray();
    expect(maxScaledDifference(after, before)).toBeGreaterThan(100 * TOLERANCE);
  });

  it('a CPU batch into a GPU model fails naming both devices, and changes nothing', async () => {
    const { onGpu, input } = setup();
    const before = bits(await onGpu.at(0).weight.toArray());
    expect(() => onGpu.forward(input)).toThrow(BackendError);
    expect(() => onGpu.forward(input)).toThrow(
      "addmm: expected all tensors on the same backend, got 'webgpu' and 'cpu'",
    );
    expect(bits(await onGpu.at(0).weight.toArray())).toEqual(before);
    expect(onGpu.at(0).weight.grad).toBeNull();
  });
});
