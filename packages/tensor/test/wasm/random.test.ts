import { describe, expect, test } from 'vitest';
import { empty, Generator, rand, randn } from '../../src';
import { philoxNormalFill, philoxUniformFill } from '../../src/random';
import { bothPaths, expectSameBits } from './helpers';

const stateHex = (g: Generator) => Buffer.from(g.getState()).toString('hex');

/** Generators in the same state, a fresh one each call (one per path of bothPaths). */
function twins(algorithm: 'mt19937' | 'philox', seed: number, skip: number): () => Generator {
  return () => {
    const g = new Generator({ algorithm, seed });
    for (let i = 0; i < skip; i++) g.nextUint32();
    return g;
  };
}

describe('WebAssembly fills give the TypeScript streams bit for bit', () => {
  for (const algorithm of ['mt19937', 'philox'] as const) {
    test(`${algorithm}: uniform_ and normal_ of many sizes and parameters, and the state after`, () => {
      const cases: [number, 'uniform' | 'normal', number, number][] = [
        [1024, 'uniform', 0, 1],
        [5003, 'uniform', -2.5, 3.75],
        [70001, 'uniform', 1e-3, 1e3],
        [4099, 'uniform', -0.0441, 0.0441], // one float64 rounding is exact here
        [4099, 'uniform', 3e-5, 3e7], // ... and not here: the FMA is emulated
        [1024, 'normal', 0, 1],
        [4099, 'normal', 0.25, 2],
        [65536 + 7, 'normal', -3, 0.5],
        [33, 'normal', 0, 1],
        [3, 'uniform', 0, 1],
      ];
      for (const [n, distribution, a, b] of cases) {
        const generator = twins(algorithm, n, n % 700);
        const draw = (g: Generator) => {
          const t = empty([n]);
          if (distribution === 'uniform') t.uniform_(a, b, { generator: g });
          else t.normal_(a, b, { generator: g });
          t.uniform_(0, 1, { generator: g }); // a second fill continues the stream
          return [t.toArraySync(), stateHex(g)] as const;
        };
        const { reference, wasm } = bothPaths(() => draw(generator()));
        expectSameBits(wasm[0], reference[0], `${algorithm} ${distribution} n=${n}`);
        expect(wasm[1], `${algorithm} ${distribution} n=${n} state`).toBe(reference[1]);
      }
    });
  }

  test('strided targets (a transposed view) get the same values as contiguous ones', () => {
    for (const algorithm of ['mt19937', 'philox'] as const) {
      const generator = twins(algorithm, 7, 3);
      const { reference, wasm } = bothPaths(() => {
        const g = generator();
        const t = empty([40, 70]);
        t.t().normal_(0, 1, { generator: g });
        t.get(':', '1:').uniform_(-1, 1, { generator: g });
        return t.toArraySync();
      });
      expectSameBits(wasm, reference, algorithm);
    }
  });

  test('philox fills agree with the (seed, offset) mapping of random/philox.ts, across a 2^32 counter wrap', () => {
    const seed = 0xfedcba9876543210n;
    const offset = 2n ** 32n - 3n;
    for (const n of [4, 13, 1000]) {
      const g = new Generator({ algorithm: 'philox', seed });
      g.advance(offset);
      const uniform = empty([n]).uniform_(-1, 2, { generator: g }).toArraySync();
      expectSameBits(
        uniform,
        philoxUniformFill(seed, offset, new Float32Array(n), -1, 2),
        `uniform n=${n}`,
      );
      const next = offset + BigInt(Math.ceil(n / 4));
      const normal = empty([n]).normal_(1, 3, { generator: g }).toArraySync();
      expectSameBits(
        normal,
        philoxNormalFill(seed, next, new Float32Array(n), 1, 3),
        `normal n=${n}`,
      );
    }
  });

  test('rand and randn with the default generator match both paths', () => {
    const { reference, wasm } = bothPaths(() => {
      const g = new Generator({ seed: 0 });
      return [
        rand([100, 50], { generator: g }).toArraySync(),
        randn([3000], { generator: g }).toArraySync(),
      ];
    });
    expectSameBits(wasm[0], reference[0], 'rand');
    expectSameBits(wasm[1], reference[1], 'randn');
  });
});
