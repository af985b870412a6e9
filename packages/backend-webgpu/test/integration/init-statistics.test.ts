// @x/init's random initialisers on tensors living on WebGPU, with both generators: the
// default mt19937 (drawn on the host, uploaded) and Philox (drawn by a WGSL kernel). Each law
// is checked with a Kolmogorov–Smirnov test against its exact CDF at alpha = 0.001 (fixed
// seeds, so the outcome is reproducible), its bounds, and its first two moments within 5
// standard errors; orthogonal_ gives QᵀQ = I to 1e-5, computed on the GPU.
import * as init from '@x/init';
import { empty, eye, Generator, manualSeed, type Tensor } from '@x/tensor';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  KS_ALPHA,
  ksCritical,
  ksStatistic,
  moments,
  normalCdf,
  truncatedNormalCdf,
  truncatedNormalMoments,
  uniformCdf,
} from '../../../init/test/helpers';
import { type WebGPUBackend, webgpu } from '../../src';
import { hasWebGPU, reportMissingWebGPU } from '../gpu-available';

reportMissingWebGPU('@x/init statistics on WebGPU');

/** Each generator, seeded: mt19937 through manualSeed (the default stream), Philox as an object. */
const GENERATORS: [string, (seed: number) => Generator | undefined][] = [
  [
    'mt19937 (manualSeed)',
    (seed) => {
      manualSeed(seed);
      return undefined;
    },
  ],
  ['philox (on the device)', (seed) => new Generator({ algorithm: 'philox', seed })],
];

interface Law {
  cdf: (x: number) => number;
  mean: number;
  variance: number;
  /** The support, where it is bounded. */
  bounds?: [number, number];
}

interface LawCase {
  name: string;
  shape: number[];
  fill: (t: Tensor, generator: Generator | undefined) => Tensor;
  law: Law;
  /** The samples the law describes (all values unless given), after checks of their own. */
  samples?: (values: Float32Array, shape: number[]) => Float32Array;
}

const uniformLaw = (low: number, high: number): Law => ({
  cdf: uniformCdf(low, high),
  mean: (low + high) / 2,
  variance: (high - low) ** 2 / 12,
  bounds: [low, high],
});
const normalLaw = (mean: number, std: number): Law => ({
  cdf: normalCdf(mean, std),
  mean,
  variance: std * std,
});
function truncatedLaw(mean: number, std: number, a: number, b: number): Law {
  return {
    cdf: truncatedNormalCdf(mean, std, a, b),
    ...truncatedNormalMoments(mean, std, a, b),
    bounds: [a, b],
  };
}

// [64, 32, 3, 3]: fan_in 288, fan_out 576.
const CONV_SHAPE = [64, 32, 3, 3];
const xavierBound = 2 * Math.sqrt(6 / (288 + 576));

const CASES: LawCase[] = [
  {
    name: 'uniform_ U(-0.5, 2.5)',
    shape: [200, 100],
    fill: (t, generator) => init.uniform_(t, { a: -0.5, b: 2.5, generator }),
    law: uniformLaw(-0.5, 2.5),
  },
  {
    name: 'normal_ N(1, 0.1²)',
    shape: [200, 100],
    fill: (t, generator) => init.normal_(t, { mean: 1, std: 0.1, generator }),
    law: normalLaw(1, 0.1),
  },
  {
    name: 'truncNormal_ N(0.5, 2²) on [-1, 3]',
    shape: [20000],
    fill: (t, generator) => init.truncNormal_(t, { mean: 0.5, std: 2, a: -1, b: 3, generator }),
    law: truncatedLaw(0.5, 2, -1, 3),
  },
  {
    name: 'xavierUniform_ gain 2: U(-b, b), b = 2·√(6 / (fan_in + fan_out))',
    shape: CONV_SHAPE,
    fill: (t, generator) => init.xavierUniform_(t, { gain: 2, generator }),
    law: uniformLaw(-xavierBound, xavierBound),
  },
  {
    name: 'kaimingNormal_ fan_out relu: N(0, 2 / fan_out)',
    shape: CONV_SHAPE,
    fill: (t, generator) =>
      init.kaimingNormal_(t, { mode: 'fan_out', nonlinearity: 'relu', generator }),
    law: normalLaw(0, Math.sqrt(2 / 576)),
  },
  {
    name: 'sparse_ 0.25, std 0.5: ⌈0.25·rows⌉ zeros a column, N(0, 0.25) elsewhere',
    shape: [300, 80],
    fill: (t, generator) => init.sparse_(t, 0.25, { std: 0.5, generator }),
    law: normalLaw(0, 0.5),
    samples: (values, [rows, cols]) => {
      const nonzero: number[] = [];
      for (let col = 0; col < cols; col++) {
        let zeros = 0;
        for (let row = 0; row < rows; row++) {
          const v = values[row * cols + col];
          if (v === 0) zeros++;
          else nonzero.push(v);
        }
        expect(zeros, `zeros in column ${col}`).toBe(Math.ceil(0.25 * rows));
      }
      return Float32Array.from(nonzero);
    },
  },
];

/** KS statistic below the critical value at KS_ALPHA, bounds, and moments within 5 standard errors. */
function checkLaw(values: Float32Array, law: Law): void {
  const n = values.length;
  expect(ksStatistic(values, law.cdf)).toBeLessThan(ksCritical(n));
  if (law.bounds !== undefined) {
    const [low, high] = law.bounds;
    expect(values.every((v) => v >= low && v <= high)).toBe(true);
  }
  const sample = moments(values);
  expect(Math.abs(sample.mean - law.mean)).toBeLessThan(5 * Math.sqrt(law.variance / n));
  // Var(sample variance) ≤ 3σ⁴/n covers the uniform, normal and truncated normal laws.
  expect(Math.abs(sample.variance - law.variance)).toBeLessThan(
    5 * Math.sqrt((3 * law.variance ** 2) / n),
  );
}

describe.runIf(hasWebGPU)('@x/init statistics on WebGPU', () => {
  let gpu: WebGPUBackend;
  beforeAll(async () => {
    gpu = await webgpu();
  });
  afterAll(() => gpu.dispose());

  for (const [algorithm, seeded] of GENERATORS) {
    describe(algorithm, () => {
      for (const c of CASES) {
        it(`${c.name}: KS test (alpha ${KS_ALPHA}) against the exact CDF, moments`, async () => {
          const target = empty(c.shape, { backend: gpu });
          expect(c.fill(target, seeded(1234))).toBe(target);
          expect(target.device).toBe('webgpu');
          const values = (await target.toArray()) as Float32Array;
          checkLaw(c.samples?.(values, c.shape) ?? values, c.law);
        });
      }

      for (const [shape, gain] of [
        [[8, 8], 1],
        [[12, 5], 1],
        [[5, 12], 1],
        [[16, 3, 3, 3], 1],
        [[30, 2, 2], 1],
        [[6, 4], 3],
      ] as [number[], number][]) {
        it(`orthogonal_ on ${JSON.stringify(shape)}, gain ${gain}: QᵀQ = gain²·I to 1e-5 (QQᵀ when wide), on the GPU`, async () => {
          const target = empty(shape, { backend: gpu });
          init.orthogonal_(target, { gain, generator: seeded(11) });
          const q = target.reshape([shape[0], -1]);
          const wide = q.shape[0] < q.shape[1];
          const gram = wide ? q.matmul(q.t()) : q.t().matmul(q);
          const size = gram.shape[0];
          const identity = eye(size, size, { backend: gpu }).mul(gain * gain);
          const worst = await gram.sub(identity).abs().max().itemAsync();
          expect(worst).toBeLessThan(1e-5 * gain * gain);
        });
      }

      it(`orthogonal_ draws Haar matrices: every entry of a 3×3 one is U(-1, 1) (KS, alpha ${KS_ALPHA})`, async () => {
        // The first column of a Haar-distributed Q ∈ O(3) is uniform on the sphere S², whose
        // coordinates are U(-1, 1) (Archimedes); any entry is a coordinate of some column.
        const draws = 3000;
        const generator = seeded(5);
        const matrices = empty([draws, 3, 3], { backend: gpu });
        for (let i = 0; i < draws; i++) init.orthogonal_(matrices.select(0, i), { generator });
        const values = (await matrices.toArray()) as Float32Array;
        for (const entry of [0, 5, 7]) {
          const samples = Float32Array.from({ length: draws }, (_, i) => values[i * 9 + entry]);
          checkLaw(samples, uniformLaw(-1, 1));
        }
      });
    });
  }
});
