// Run by training-loops.test.ts in a child process (a crash must not take the test runner
// with it): trains a 4-16-3 MLP for X_SYNC_LOOP_STEPS synchronous steps, each plain or in
// tidy() (X_SYNC_LOOP), with no await between them, then awaits once and takes one more step.
// Writes what happened to the JSON file X_SYNC_LOOP_RESULT.
import { writeFileSync } from 'node:fs';
import { Linear, MSELoss, ReLU, Sequential } from '@x/nn';
import { SGD } from '@x/nn/optim';
import { manualSeed, randn, type Tensor, tensor, tidy } from '@x/tensor';
import { test } from 'vitest';
import { webgpu } from '../../../src';

const mode = process.env.X_SYNC_LOOP;
const steps = Number(process.env.X_SYNC_LOOP_STEPS);
const resultFile = process.env.X_SYNC_LOOP_RESULT;

test(`${steps} synchronous ${mode} steps`, async () => {
  if ((mode !== 'plain' && mode !== 'tidy') || !(steps > 0) || resultFile === undefined)
    throw new Error('set X_SYNC_LOOP=plain|tidy, X_SYNC_LOOP_STEPS and X_SYNC_LOOP_RESULT');
  const gpu = await webgpu();
  manualSeed(0);
  const net = new Sequential(new Linear(4, 16), new ReLU(), new Linear(16, 3)).to(gpu);
  const optimizer = new SGD(net.parameters(), { lr: 0.05 });
  const lossFn = new MSELoss();
  const input = randn([8, 4]);
  const map = tensor([
    [0.5, -1, 0.25],
    [1, 0.25, -0.5],
    [-0.5, 0.5, 1],
    [0.25, 1, -1],
  ]);
  const target = input.matmul(map).to(gpu);
  const batch = input.to(gpu);
  const step = (): Tensor => {
    optimizer.zeroGrad();
    const loss = lossFn.forward(net.forward(batch), target);
    loss.backward();
    optimizer.step();
    return loss;
  };

  const first = step();
  const firstLoss = await first.itemAsync();
  first.dispose();
  const beforeLoop = gpu.memory().buffers;
  let done = 0;
  let error: { name: string; message: string } | null = null;
  try {
    for (; done < steps; done++) {
      if (mode === 'tidy') tidy(() => void step());
      else step();
    }
  } catch (caught) {
    error = { name: (caught as Error).name, message: (caught as Error).message };
  }
  const afterLoop = gpu.memory().buffers;
  // The await the error asks for; then the backend carries on.
  await gpu.synchronize();
  const lastLoss = await step().itemAsync();
  writeFileSync(
    resultFile,
    JSON.stringify({ done, error, firstLoss, lastLoss, beforeLoop, afterLoop }),
  );
  gpu.dispose();
}, 300_000);
