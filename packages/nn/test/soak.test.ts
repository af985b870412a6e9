import { readFileSync } from 'node:fs';
import {
  CpuBackend,
  manualSeed,
  randint,
  randn,
  ready,
  setMemoryWarnings,
  tensor,
  tidy,
} from '@x/tensor';
import { describe, expect, it } from 'vitest';
import { CrossEntropyLoss, crossEntropy, Linear, ReLU, Sequential } from '../src';
import { SGD } from '../src/optim';

describe('memory over a long training run', () => {
  it('stays flat over 10,000 SGD steps of a small MLP, each step inside tidy', () => {
    const backend = new CpuBackend();
    manualSeed(0);
    const net = new Sequential(new Linear(4, 8), new ReLU(), new Linear(8, 2)).to(backend);
    const optimizer = new SGD(net.parameters(), { lr: 0.05, momentum: 0.9 });
    const lossFn = new CrossEntropyLoss();
    const inputs = randn([4, 4], { backend });
    const targets = tensor(new Int32Array([0, 1, 1, 0]), { backend });
    const step = () =>
      tidy(() => {
        optimizer.zeroGrad();
        const loss = lossFn.forward(net.forward(inputs), targets);
        loss.backward();
        optimizer.step();
        return loss.item();
      });
    const first = step();
    for (let i = 0; i < 100; i++) step();
    const warm = backend.memory();
    let last = first;
    for (let i = 0; i < 10_000; i++) last = step();
    expect(backend.memory()).toEqual(warm);
    expect(last).toBeLessThan(first / 10);
  }, 120_000);
});

describe('memory of a plain synchronous training loop (no tidy, no dispose, no await)', () => {
  it('5,000 SGD steps of an MLP 784-256-256-10 on batches of 128 stay under 1.5 GB of peak RSS', async () => {
    await ready();
    setMemoryWarnings(false);
    manualSeed(0);
    const net = new Sequential(
      new Linear(784, 256),
      new ReLU(),
      new Linear(256, 256),
      new ReLU(),
      new Linear(256, 10),
    );
    const optimizer = new SGD(net.parameters(), { lr: 0.05 });
    const inputs = randn([128, 784]);
    const targets = randint(0, 10, [128]);
    const losses: number[] = [];
    let sampled = 0;
    for (let step = 0; step < 5000; step++) {
      optimizer.zeroGrad();
      const loss = crossEntropy(net.forward(inputs), targets);
      loss.backward();
      optimizer.step();
      if (step % 100 === 0) {
        losses.push(loss.item());
        sampled = Math.max(sampled, process.memoryUsage.rss());
      }
    }
    // VmHWM: the peak between samples too (Linux)
    const hwm = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'));
    const peak = Math.max(sampled, hwm === null ? 0 : Number(hwm[1]) * 1024);
    expect(peak).toBeLessThan(1.5e9);
    // it trained: a fixed batch is fitted
    expect(losses.at(-1)).toBeLessThan(losses[0] / 10);
  }, 300_000);
});
