// The MLP 784-512-512-10 batch-128 training step gives the same parameters, bit for bit, on
// one thread and on two (matmul splits its products over worker threads).
import { manualSeed, rand, randint, setNumThreads, type Tensor } from '@x/tensor';
import { afterAll, describe, expect, test } from 'vitest';
import { crossEntropy, Linear, ReLU, Sequential } from '../src';
import { SGD } from '../src/optim';

async function train(threads: number, steps: number): Promise<Float32Array[]> {
  setNumThreads(threads);
  // Workers start in the background; until they are up, products run on the main thread.
  await new Promise((resolve) => setTimeout(resolve, 300));
  manualSeed(7);
  const net = new Sequential(
    new Linear(784, 512),
    new ReLU(),
    new Linear(512, 512),
    new ReLU(),
    new Linear(512, 10),
  );
  const parameters: Tensor[] = [...net.parameters()];
  const optimizer = new SGD(parameters, { lr: 0.05 });
  const input = rand([128, 784]);
  const target = randint(0, 10, [128]);
  for (let step = 0; step < steps; step++) {
    crossEntropy(net.forward(input), target).backward();
    optimizer.step();
    optimizer.zeroGrad({ setToNone: true });
  }
  return parameters.map((p) => p.toArraySync() as Float32Array);
}

/** The first index where the two arrays' bits differ, or -1 (lengths must match). */
function firstDifference(a: Float32Array, b: Float32Array): number {
  expect(a.length).toBe(b.length);
  const [x, y] = [a, b].map((v) => new Uint32Array(v.buffer, v.byteOffset, v.length));
  return x.findIndex((bits, i) => bits !== y[i]);
}

describe('setNumThreads', () => {
  afterAll(() => setNumThreads(1));

  test('an MLP trained on two threads has the parameters it has on one, bit for bit', async () => {
    const single = await train(1, 3);
    const double = await train(2, 3);
    double.forEach((values, i) => {
      expect(firstDifference(values, single[i]), `parameter ${i}`).toBe(-1);
    });
    // The steps changed the parameters (a frozen net would compare equal trivially).
    const fresh = await train(1, 0);
    expect(firstDifference(single[0], fresh[0])).not.toBe(-1);
  }, 60_000);
});
