import { CpuBackend, manualSeed, randn, tensor, tidy } from '@x/tensor';
import { describe, expect, it } from 'vitest';
import { CrossEntropyLoss, Linear, ReLU, Sequential } from '../src';
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
