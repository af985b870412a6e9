import { afterAll, describe, expect, test } from 'vitest';
import { setNumThreads, type Tensor, tensor } from '../../src';
import { workerCount, workerRuns } from '../../src/wasm/threads';
import { expectSameBits, randomValues, rng } from './helpers';

const chunksRunByWorkers = () => workerRuns().reduce((a, b) => a + b, 0);

describe('elementwise ops on two threads', () => {
  afterAll(() => setNumThreads(1));

  test("give one thread's results bit for bit, split across the workers", async () => {
    const random = rng(41);
    const big = (shape: number[]) =>
      tensor(
        randomValues(
          random,
          shape.reduce((p, s) => p * s),
        ),
        { shape },
      );
    const [a, b] = [big([256, 300]), big([256, 300])];
    const bias = big([300]);
    const mask = big([256, 300]).gt(0);
    const ops: [string, () => Tensor][] = [
      ['a + b', () => a.add(b)],
      ['a * 0.5 (scalar)', () => a.mul(0.5)],
      ['a + bias (broadcast rows)', () => a.add(bias)],
      ['relu', () => a.relu()],
      ['clamp (f32 parameters)', () => a.clamp({ min: -1, max: 2 })],
      ['where', () => a.where(mask, b)],
      ['a < b (bool output)', () => a.lt(b)],
      ['a[:, 1:] (strided copy)', () => a.slice(1, 1, 300).contiguous()],
    ];
    setNumThreads(1);
    const single = ops.map(([, op]) => op().toArraySync());
    setNumThreads(2);
    for (let wait = 0; wait < 1000 && workerCount() < 1; wait++)
      await new Promise((r) => setTimeout(r, 20));
    expect(workerCount()).toBe(1);
    const before = chunksRunByWorkers();
    // The worker claims chunks only when the OS runs it in time, which on a busy machine may
    // take many ops: repeat, yielding between rounds, until it has taken part.
    for (let round = 0; round < 3 || chunksRunByWorkers() === before; round++) {
      if (round === 200) break;
      await new Promise((r) => setTimeout(r, 1));
      ops.forEach(([name, op], i) => {
        const values = op().toArraySync();
        const expected = single[i];
        if (values instanceof Uint8Array && expected instanceof Uint8Array) {
          expect(
            values.findIndex((v, j) => v !== expected[j]),
            name,
          ).toBe(-1);
        } else expectSameBits(values, expected, name);
      });
    }
    expect(chunksRunByWorkers()).toBeGreaterThan(before);
  }, 60_000);
});
