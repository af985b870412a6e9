import { Linear, ReLU, Sequential } from '@x/nn';
import { manualSeed, rand, type Tensor } from '@x/tensor';
import type { Transcript } from './transcript';

/** d2l 6.2.1: a network, its output, and reading its parameters. */
export async function buildAndAccess(t: Transcript, seed: number) {
  t.heading('A network');
  t.step(`manualSeed(${seed})`);
  manualSeed(seed);
  t.step('const net = new Sequential(new Linear(4, 8), new ReLU(), new Linear(8, 1))');
  const net = new Sequential(new Linear(4, 8), new ReLU(), new Linear(8, 1));
  t.step('const X = rand([2, 4])');
  const X = rand([2, 4]);
  t.step('net.forward(X)');
  await t.tensor(net.forward(X));
  t.step('String(net)');
  t.out(String(net));

  t.heading('Parameter access');
  t.step('net[2].stateDict()');
  await t.stateDict(net[2].stateDict());
  t.step('net[2].bias');
  await t.tensor(net[2].bias);
  t.step('net[2].bias.data');
  await t.tensor(net[2].bias.data);
  t.step('net[2].weight.grad === null');
  t.out(String(net[2].weight.grad === null));
  t.step('net[0].namedParameters()');
  t.namedShapes(net[0].namedParameters());
  t.step('net.namedParameters()');
  t.namedShapes(net.namedParameters());
  t.step("net.stateDict().get('2.bias')");
  await t.tensor(net.stateDict().get('2.bias')!);
  return { net, X };
}

/** d2l's block1: two Linear + ReLU pairs. */
function block1() {
  return new Sequential(new Linear(4, 8), new ReLU(), new Linear(8, 4), new ReLU());
}

/** d2l's block2: four block1s, registered under names of our choosing. */
function block2() {
  const blocks = new Sequential();
  for (let i = 0; i < 4; i++) blocks.addModule(`block ${i}`, block1());
  return blocks;
}

/** d2l 6.2.1.3: parameters of nested blocks, reached by indexing level by level. */
export async function nestedBlocks(t: Transcript, X: Tensor): Promise<void> {
  t.heading('Nested blocks');
  t.step('const rgnet = new Sequential(block2(), new Linear(4, 1))');
  const rgnet = new Sequential(block2(), new Linear(4, 1));
  t.step('rgnet.forward(X)');
  await t.tensor(rgnet.forward(X));
  t.step('String(rgnet)');
  t.out(String(rgnet));
  t.step('rgnet[0][1][0].bias.data');
  // block2() adds its blocks by name at run time, so their types are known only to the reader.
  const inner = rgnet[0][1] as Sequential<[Linear, ReLU, Linear, ReLU]>;
  await t.tensor(inner[0].bias.data);
}
