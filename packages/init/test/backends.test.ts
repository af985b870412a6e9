// Every initialiser works on a backend that can only be read asynchronously (as a GPU is),
// gives the same values there as on the CPU for the same seed, and takes a { generator }.
import {
  type Backend,
  BackendError,
  CpuBackend,
  cpu,
  Generator,
  manualSeed,
  rand,
  type Tensor,
  zeros,
} from '@x/tensor';
import { describe, expect, it } from 'vitest';
import * as init from '../src';

/** The CPU backend with its synchronous read taken away, under another name. */
function asyncOnlyBackend(): Backend {
  const backend = new CpuBackend();
  Object.defineProperty(backend, 'name', { value: 'async-cpu' });
  Object.defineProperty(backend, 'readSync', { value: undefined });
  Object.defineProperty(backend, 'read', {
    value: async (view: Parameters<Backend['read']>[0]) => cpu.readSync!(view),
  });
  return backend;
}

type Fill = (t: Tensor, generator?: Generator) => Tensor;
const ALL: [string, Fill, number[]][] = [
  ['uniform_', (t, generator) => init.uniform_(t, { a: -1, b: 2, generator }), [5, 7]],
  ['normal_', (t, generator) => init.normal_(t, { std: 0.5, generator }), [5, 7]],
  ['truncNormal_', (t, generator) => init.truncNormal_(t, { generator }), [5, 7]],
  ['constant_', (t) => init.constant_(t, 3), [5, 7]],
  ['eye_', (t) => init.eye_(t), [5, 7]],
  ['dirac_', (t) => init.dirac_(t, { groups: 2 }), [4, 2, 3, 3]],
  ['xavierUniform_', (t, generator) => init.xavierUniform_(t, { generator }), [6, 3, 3, 3]],
  ['xavierNormal_', (t, generator) => init.xavierNormal_(t, { generator }), [6, 3, 3, 3]],
  [
    'kaimingUniform_',
    (t, generator) => init.kaimingUniform_(t, { a: Math.sqrt(5), generator }),
    [6, 3, 3, 3],
  ],
  ['kaimingNormal_', (t, generator) => init.kaimingNormal_(t, { generator }), [6, 3, 3, 3]],
  ['orthogonal_', (t, generator) => init.orthogonal_(t, { generator }), [6, 3, 3, 3]],
  ['sparse_', (t, generator) => init.sparse_(t, 0.4, { generator }), [10, 4]],
  ['varianceScaling_', (t, generator) => init.varianceScaling_(t, { generator }), [6, 3, 3, 3]],
  [
    'fromSpec he_normal',
    (t, generator) => init.fromSpec('he_normal')(t, { generator }),
    [6, 3, 3, 3],
  ],
];

describe('on a backend read asynchronously', () => {
  const backend = asyncOnlyBackend();

  it('really has no synchronous read', () => {
    expect(() => zeros([2], { backend }).toArraySync()).toThrow(BackendError);
  });

  for (const [name, fill, shape] of ALL) {
    it(`${name} gives the CPU's values for the same seed`, async () => {
      manualSeed(21);
      const onCpu = Array.from(fill(zeros(shape)).toArraySync());
      manualSeed(21);
      const target = zeros(shape, { backend });
      expect(fill(target)).toBe(target);
      expect(target.device).toBe('async-cpu');
      expect(Array.from(await target.toArray())).toEqual(onCpu);
    });
  }

  it('lsuv_ reads variances asynchronously', async () => {
    manualSeed(2);
    const weight = zeros([8, 8], { backend });
    const input = rand([64, 8]).to(backend);
    let output = input;
    const [result] = await init.lsuv_(() => {
      output = input.matmul(weight.t());
    }, [{ weight, output: () => output }]);
    expect(result.converged).toBe(true);
  });
});

const DETERMINISTIC = new Set(['constant_', 'eye_', 'dirac_']);

describe('generators', () => {
  for (const [name, fill, shape] of ALL.filter(([name]) => !DETERMINISTIC.has(name))) {
    it(`${name} draws from the given generator and leaves the default stream alone`, () => {
      manualSeed(8);
      const untouched = Array.from(rand([3]).toArraySync());
      manualSeed(8);
      const first = fill(zeros(shape), new Generator({ seed: 77 })).toArraySync();
      const second = fill(zeros(shape), new Generator({ seed: 77 })).toArraySync();
      expect(second).toEqual(first);
      expect(Array.from(rand([3]).toArraySync())).toEqual(untouched);
    });

    it(`${name} works with a Philox generator`, () => {
      const first = fill(
        zeros(shape),
        new Generator({ algorithm: 'philox', seed: 5 }),
      ).toArraySync();
      const second = fill(
        zeros(shape),
        new Generator({ algorithm: 'philox', seed: 5 }),
      ).toArraySync();
      expect(second).toEqual(first);
      expect(first.some((v) => v !== 0)).toBe(true);
    });
  }
});
