// @x/nn's walkthrough (DESIGN.md's usage example and d2l's "Parameter Management" and
// "Parameter Initialization" chapters) with the model on WebGPU: every printed forward
// output, parameter after an init and .grad after backward() equals the text PyTorch 1.13
// prints on its CPU (packages/nn/test/fixtures/walkthrough.json), with `device='webgpu'` where PyTorch
// prints `device='cuda:0'`.
import * as init from '@x/init';
import { LazyLinear, Linear, type Module, ReLU, Sequential } from '@x/nn';
import { manualSeed, rand, tensor } from '@x/tensor';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import torch from '../../../nn/test/fixtures/walkthrough.json';
import { type WebGPUBackend, webgpu } from '../../src';
import { hasWebGPU, reportMissingWebGPU } from '../gpu-available';
import { onDevice } from './shared';

reportMissingWebGPU('the @x/nn walkthrough on WebGPU');

type Chapter = typeof torch.init;
type LinearNet = Sequential<[Linear | LazyLinear, ReLU, Linear | LazyLinear]>;

/** The initialisers both chapters apply with net.apply, as in walkthrough.test.ts. */
const initNormal = (m: Module) => {
  if (m instanceof Linear) {
    init.normal_(m.weight, { mean: 0, std: 0.01 });
    init.zeros_(m.bias!);
  }
};
const initConstant = (m: Module) => {
  if (m instanceof Linear) {
    init.constant_(m.weight, 1);
    init.zeros_(m.bias!);
  }
};

/** The init steps of both chapters on a Linear–ReLU–Linear net living on the GPU. */
async function runInitChapter(net: LinearNet, expected: Chapter): Promise<void> {
  const first = () => net.at(0) as Linear;
  const last = () => net.at(2) as Linear;
  const firstRow = async () => [
    await first().weight.data.get(0).format(),
    await first().bias!.data.get(0).format(),
  ];
  net.apply(initNormal);
  expect(await firstRow()).toEqual(expected.normal.map((text) => onDevice(text)));
  net.apply(initConstant);
  expect(await firstRow()).toEqual(expected.constant.map((text) => onDevice(text)));
  net.at(0).apply((m) => {
    if (m instanceof Linear) init.xavierUniform_(m.weight);
  });
  net.at(2).apply((m) => {
    if (m instanceof Linear) init.constant_(m.weight, 42);
  });
  expect(await first().weight.data.get(0).format()).toBe(onDevice(expected.xavier));
  expect(await last().weight.data.format()).toBe(onDevice(expected.fortyTwo));
  // d2l's my_init: U(-10, 10), then zero every weight with |w| < 5.
  const visited: [string, number[]][] = [];
  net.apply((m) => {
    if (!(m instanceof Linear)) return;
    const [name, param] = [...m.namedParameters()][0];
    visited.push([name, [...param.shape]]);
    init.uniform_(m.weight, { a: -10, b: 10 });
    const w = m.weight.data;
    w.mul_(w.abs().ge(5));
  });
  expect(visited).toEqual(expected.myInitVisited);
  expect(await first().weight.get(':2').format()).toBe(onDevice(expected.myInit));
  first().weight.data.add_(1);
  first().weight.data.set([0, 0], 42);
  expect(await first().weight.data.get(0).format()).toBe(onDevice(expected.edited));
}

describe.runIf(hasWebGPU)('the @x/nn walkthrough on WebGPU', () => {
  let gpu: WebGPUBackend;
  beforeAll(async () => {
    gpu = await webgpu();
  });
  afterAll(() => gpu.dispose());

  it("DESIGN.md's example: built on the CPU, moved with net.to(gpu), prints PyTorch's text", async () => {
    const expected = torch.design;
    manualSeed(0);
    const net = new Sequential(new Linear(4, 8), new ReLU(), new Linear(8, 1));
    const X = rand([2, 4]).to(gpu);
    expect(net.to(gpu)).toBe(net);
    for (const [name, param] of net.namedParameters()) {
      expect(param.device, name).toBe('webgpu');
      expect(param.requiresGrad, name).toBe(true);
    }
    expect(await X.format()).toBe(onDevice(expected.X));
    expect(await net.forward(X).format()).toBe(onDevice(expected.forward));
    expect(String(net)).toBe(expected.repr);
    const stateDict0 = [];
    for (const [key, value] of net.at(0).stateDict()) stateDict0.push([key, await value.format()]);
    expect(stateDict0).toEqual(expected.stateDict0.map(([key, text]) => [key, onDevice(text)]));
    expect(await net.at(2).bias!.format()).toBe(onDevice(expected.bias2));
    expect(await net.at(2).bias!.data.format()).toBe(onDevice(expected.bias2Data));
    expect(net.at(2).weight.grad).toBeNull();

    net.forward(X).sum().backward();
    expect(net.at(2).weight.grad!.device).toBe('webgpu');
    expect(await net.at(2).weight.grad!.format()).toBe(onDevice(expected.gradAfter['2.weight']));
    expect(await net.at(0).bias!.grad!.format()).toBe(onDevice(expected.gradAfter['0.bias']));

    // The default generator is where PyTorch's is: the init draws continue its stream.
    await runInitChapter(net, expected);
    expect(await net.forward(X).format()).toBe(onDevice(expected.editedForward));
  });

  it('adds up the gradients of a tied parameter on the GPU: y = w·(w·x), w = 3, x = 1', async () => {
    const shared = new Linear(1, 1, { bias: false, backend: gpu });
    shared.weight.data.fill_(3);
    const net = new Sequential(shared, shared);
    const y = net.forward(tensor([[1]], { backend: gpu }));
    expect(await y.itemAsync()).toBe(9);
    y.backward();
    expect(await shared.weight.grad!.itemAsync()).toBe(6);
  });

  it('d2l Parameter Management: LazyLinear materialised by a GPU batch, nested blocks, ties', async () => {
    const expected = torch.manage;
    manualSeed(0);
    const net = new Sequential(new LazyLinear(8), new ReLU(), new LazyLinear(1));
    const X = rand([2, 4]).to(gpu);
    // LazyLinear creates its parameters on the input's backend, from the default stream.
    expect((await net.forward(X).toArray()).length).toBe(2);
    expect(String(net)).toBe(expected.repr);
    expect(net.at(2).weight.device).toBe('webgpu');
    const stateDict2 = [];
    for (const [key, value] of net.at(2).stateDict()) stateDict2.push([key, await value.format()]);
    expect(stateDict2).toEqual(expected.stateDict2.map(([key, text]) => [key, onDevice(text)]));
    expect(await net.stateDict().get('2.bias')!.format()).toBe(onDevice(expected.stateDictBias));

    const block1 = () => new Sequential(new Linear(4, 8), new ReLU(), new Linear(8, 4), new ReLU());
    const block2 = () => {
      const blocks = new Sequential();
      for (let i = 0; i < 4; i++) blocks.addModule(`block ${i}`, block1());
      return blocks;
    };
    const rgnet = new Sequential(block2(), new Linear(4, 1)).to(gpu);
    expect(await rgnet.forward(X).format()).toBe(onDevice(expected.rgnetForward));
    expect(String(rgnet)).toBe(expected.rgnetRepr);
    const inner = rgnet.at(0).at(1) as Sequential;
    expect(await (inner.at(0) as Linear).bias!.data.format()).toBe(onDevice(expected.rgnetBias));

    const shared = new LazyLinear(8);
    const tied = new Sequential(
      new LazyLinear(8),
      new ReLU(),
      shared,
      new ReLU(),
      shared,
      new ReLU(),
      new LazyLinear(1),
    );
    tied.forward(X);
    const firstRowsEqual = () => tied.at(2).weight.data.get(0).eq(tied.at(4).weight.data.get(0));
    expect(await firstRowsEqual().format()).toBe(onDevice(expected.tiedEqual));
    tied.at(2).weight.data.set([0, 0], 100);
    expect(await firstRowsEqual().format()).toBe(onDevice(expected.tiedEqualAfterEdit));
    expect([...tied.namedParameters()].map(([n]) => n)).toEqual(expected.tiedNamedParameters);
    const y = tied.forward(X);
    expect(await y.format()).toBe(onDevice(expected.tiedForward));
    y.sum().backward();
    expect(await tied.at(2).weight.grad!.format()).toBe(onDevice(expected.tiedGrad));
  });

  it('d2l Parameter Initialization: built-in, per-block and custom inits on GPU parameters', async () => {
    manualSeed(1);
    const net = new Sequential(new LazyLinear(8), new ReLU(), new LazyLinear(1));
    net.forward(rand([2, 4]).to(gpu));
    await runInitChapter(net, torch.init);
  });
});
