import { type Tensor, tensor } from '@x/tensor';
import { describe, expect, test } from 'vitest';
import { type WebGPUBackend, webgpu } from '../src';
import { hasWebGPU, reportMissingWebGPU } from './gpu-available';

reportMissingWebGPU('WebGPU memory');

const TRUTH = [1, -2, 3, 0.5];
const STEPS = 10_000;

/**
 * Gradient descent on a least-squares problem whose answer is known: small tensors, a few
 * kernels a step, the way a training loop runs. Returns the memory report every 1000 steps.
 */
async function train(gpu: WebGPUBackend, dispose: boolean, settle: () => Promise<void>) {
  const xs = Array.from({ length: 32 }, (_, i) => [Math.sin(i), Math.cos(2 * i), (i % 5) / 5, 1]);
  const x = tensor(xs, { backend: gpu });
  const y = tensor(
    xs.map((row) => [row.reduce((acc, v, k) => acc + v * TRUTH[k], 0)]),
    { backend: gpu },
  );
  let w: Tensor = tensor([[0], [0], [0], [0]], { backend: gpu });
  const samples: ReturnType<WebGPUBackend['memory']>[] = [];
  const step = (current: Tensor): Tensor => {
    const prediction = x.matmul(current);
    const error = prediction.sub(y);
    const grad = x.t().matmul(error);
    const update = grad.mul(0.5 / 32);
    const next = current.sub(update);
    if (dispose) for (const t of [prediction, error, grad, update, current]) t.dispose();
    return next;
  };
  for (let i = 1; i <= STEPS; i++) {
    w = step(w);
    if (i % 1000 === 0) {
      await w.toArray(); // as a training loop's logging would: a submit and a mapped read
      await settle();
      samples.push(gpu.memory());
    }
  }
  return { samples, w: Array.from(await w.toArray()) };
}

function expectAnswer(w: number[]): void {
  for (const [k, v] of w.entries()) expect(v).toBeCloseTo(TRUTH[k], 4);
}

function expectFlat(samples: ReturnType<WebGPUBackend['memory']>[], liveBuffers: number): void {
  const live = samples.map((m) => [m.buffers, m.bytes]);
  expect(
    live.every(([b, bytes]) => b === liveBuffers && bytes === live[0][1]),
    JSON.stringify(live),
  ).toBe(true);
  // The pool warms up during the first thousand steps and never grows after.
  const pooled = samples.map((m) => [m.pooledBuffers, m.pooledBytes]);
  expect(
    pooled.every(([b, bytes]) => b <= pooled[0][0] && bytes <= pooled[0][1]),
    JSON.stringify(pooled),
  ).toBe(true);
}

describe.runIf(hasWebGPU)('WebGPU memory over 10,000 training steps', () => {
  test('with explicit dispose(): live buffers and bytes flat, the pool bounded, the answer right', async () => {
    const gpu = await webgpu();
    const { samples, w } = await train(gpu, true, async () => {});
    expectFlat(samples, 3); // x, y, w
    expectAnswer(w);
    expect(gpu.stats.submits).toBeLessThan(STEPS / 10); // batched: not a submit per op
    gpu.dispose();
  }, 120_000);

  test('with nothing disposed: the garbage collector returns every temporary', async () => {
    const gc = (globalThis as { gc?: () => void }).gc;
    if (gc === undefined) throw new Error('run with --expose-gc (vitest.config.ts sets it)');
    const gpu = await webgpu();
    const settle = async () => {
      for (let k = 0; k < 3; k++) {
        gc();
        await new Promise((resolve) => setTimeout(resolve, 0)); // FinalizationRegistry callbacks run in later tasks
      }
    };
    const { samples, w } = await train(gpu, false, settle);
    expectFlat(samples, 3);
    expectAnswer(w);
    gpu.dispose();
  }, 120_000);
});
