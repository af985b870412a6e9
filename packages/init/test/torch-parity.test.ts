// The same seed gives PyTorch 1.13's values (fixtures/generate.py): bit for bit for the uniform
// family and sparse_'s zero positions, to float rounding for the normal family, within 1e-5 for
// orthogonal_. Each case also checks the stream continues as PyTorch's does afterwards, i.e.
// the initialiser consumed exactly as many draws.
import { empty, manualSeed, rand, type Tensor } from '@x/tensor';
import { describe, expect, it } from 'vitest';
import * as init from '../src';
import { torch } from './fixtures';
import { maxAbsDifference, maxUlpDistance } from './helpers';

type RandomInit = (tensor: Tensor, options: Record<string, unknown>) => Tensor;
const FUNCTIONS: Record<string, RandomInit> = {
  uniform_: init.uniform_,
  normal_: init.normal_,
  truncNormal_: init.truncNormal_,
  xavierUniform_: init.xavierUniform_,
  xavierNormal_: init.xavierNormal_,
  kaimingUniform_: init.kaimingUniform_,
  kaimingNormal_: init.kaimingNormal_,
};
const EXACT = new Set(['uniform_', 'xavierUniform_', 'kaimingUniform_']);
const NEXT_DRAWS = () => Array.from(rand([4]).toArraySync());

describe('random initialisers reproduce PyTorch for the same seed', () => {
  for (const c of torch.random) {
    it(`${c.fn}(${JSON.stringify(c.options)}) on ${JSON.stringify(c.shape)}, seed ${c.seed}`, () => {
      manualSeed(c.seed);
      const values = Array.from(FUNCTIONS[c.fn](empty(c.shape), c.options).toArraySync());
      if (EXACT.has(c.fn)) {
        expect(values).toEqual(c.values);
      } else if (c.fn === 'truncNormal_') {
        // PyTorch's erfinv calls glibc's erff, which is not always correctly rounded: allow a
        // few float32 steps at the scale of the law (values near 0 after adding mean included).
        const { mean = 0, std = 1 } = c.options as { mean?: number; std?: number };
        values.forEach((v, i) => {
          const scale = Math.max(Math.abs(c.values[i]), Math.abs(mean), std);
          expect(Math.abs(v - c.values[i])).toBeLessThanOrEqual(8 * 2 ** -23 * scale);
        });
      } else {
        expect(maxUlpDistance(values, c.values)).toBeLessThanOrEqual(1);
      }
      expect(NEXT_DRAWS()).toEqual(c.after);
    });
  }
});

describe('orthogonal_ reproduces PyTorch within 1e-5', () => {
  for (const c of torch.orthogonal) {
    it(`${JSON.stringify(c.shape)} gain ${c.gain}, seed ${c.seed}`, () => {
      manualSeed(c.seed);
      const values = init.orthogonal_(empty(c.shape), { gain: c.gain }).toArraySync();
      expect(maxAbsDifference(values, c.values)).toBeLessThan(1e-5);
      expect(NEXT_DRAWS()).toEqual(c.after);
    });
  }
});

describe('sparse_ reproduces PyTorch', () => {
  for (const c of torch.sparse) {
    it(`${JSON.stringify(c.shape)} sparsity ${c.sparsity} std ${c.std}, seed ${c.seed}`, () => {
      manualSeed(c.seed);
      const values = Array.from(
        init.sparse_(empty(c.shape), c.sparsity, { std: c.std }).toArraySync(),
      );
      expect(values.map((v) => (v === 0 ? 1 : 0))).toEqual(c.zeros);
      expect(maxUlpDistance(values, c.values)).toBeLessThanOrEqual(1);
      expect(NEXT_DRAWS()).toEqual(c.after);
    });
  }
});

describe('dirac_ equals PyTorch', () => {
  for (const c of torch.dirac) {
    it(`${JSON.stringify(c.shape)} groups ${c.groups}`, () => {
      const t = init.dirac_(empty(c.shape), { groups: c.groups });
      expect(Array.from(t.toArraySync())).toEqual(c.values);
    });
  }
});
