// The same seed gives the same weights on the CPU and on WebGPU, for both generators:
// - mt19937 (manualSeed): the GPU is filled from the CPU's stream, so the uniform family is
//   bit-identical and the normal family equal within 1e-6 (today bit-identical too: the draws
//   are made on the host), and the stream moves on as far;
// - Philox: the GPU fills on the device, bit-identical to the CPU's Philox for uniforms;
//   normals (Box–Muller in f32 on the device, float64 on the CPU) within 1e-5 of the law's
//   scale (measured: 4e-6 at worst over 100,000 draws), truncNormal_ (drawn on the host) exact.
// Modules built after manualSeed(s), on the CPU then moved with .to(gpu) or built on the GPU
// directly, hold PyTorch 1.13's weights for the seed (packages/nn/test/fixtures/layers.json).
import * as init from '@x/init';
import { Conv2d, Dropout, Embedding, Linear, type Module } from '@x/nn';
import {
  type Backend,
  BackendError,
  cpu,
  Generator,
  manualSeed,
  rand,
  randn,
  type Tensor,
  type TypedArray,
  zeros,
} from '@x/tensor';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import layers from '../../../nn/test/fixtures/layers.json';
import { type WebGPUBackend, webgpu } from '../../src';
import { hasWebGPU, reportMissingWebGPU } from '../gpu-available';
import { bits, maxScaledDifference } from './shared';

reportMissingWebGPU('seeded init on the CPU and on WebGPU');

type Fill = (t: Tensor, generator: Generator | undefined) => Tensor;
/** Initialisers, and whether the GPU's values equal the CPU's bit for bit (else within 1e-6). */
const INITS: [string, Fill, boolean][] = [
  ['uniform_', (t, generator) => init.uniform_(t, { a: -1, b: 2, generator }), true],
  [
    'kaimingUniform_',
    (t, generator) => init.kaimingUniform_(t, { a: Math.sqrt(5), generator }),
    true,
  ],
  ['xavierUniform_', (t, generator) => init.xavierUniform_(t, { generator }), true],
  ['normal_', (t, generator) => init.normal_(t, { mean: 0.5, std: 2, generator }), false],
  ['xavierNormal_', (t, generator) => init.xavierNormal_(t, { generator }), false],
  ['kaimingNormal_', (t, generator) => init.kaimingNormal_(t, { generator }), false],
  ['truncNormal_', (t, generator) => init.truncNormal_(t, { std: 0.5, generator }), false],
];

/** Odd sizes (not a multiple of Philox's 4 outputs a counter), and a transposed view. */
const TARGETS: [string, (backend: Backend) => Tensor][] = [
  ['a [37, 11] tensor', (backend) => zeros([37, 11], { backend })],
  ['the transpose of a [9, 13] tensor', (backend) => zeros([9, 13], { backend }).t()],
];

function expectSameWeights(onGpu: TypedArray, onCpu: TypedArray, exact: boolean): void {
  if (exact) expect(bits(onGpu)).toEqual(bits(onCpu));
  else expect(maxScaledDifference(onGpu, onCpu)).toBeLessThanOrEqual(1e-6);
}

/**
 * max |actual − expected| / (s + |expected − m|), with m and s the mean and standard
 * deviation of `expected`: the error of a draw in units of the law's scale, allowed to grow
 * with |z| as Box–Muller's f32 rounding does.
 */
function maxErrorInStds(actual: TypedArray, expected: TypedArray): number {
  const n = expected.length;
  let sum = 0;
  for (let i = 0; i < n; i++) sum += expected[i];
  const mean = sum / n;
  let squares = 0;
  for (let i = 0; i < n; i++) squares += (expected[i] - mean) ** 2;
  const std = Math.sqrt(squares / n);
  let worst = 0;
  for (let i = 0; i < n; i++) {
    const error = Math.abs(actual[i] - expected[i]) / (std + Math.abs(expected[i] - mean));
    if (Number.isNaN(error)) return Number.POSITIVE_INFINITY;
    worst = Math.max(worst, error);
  }
  return worst;
}

interface LayerCase {
  seed: number;
  initState: Record<string, { shape: number[]; values: number[] }>;
}
const cases = layers as unknown as Record<string, LayerCase>;

/** Layers whose constructor draws from the default stream; Embedding draws normals. */
const LAYERS: [string, (backend?: Backend) => Module, boolean][] = [
  ['linear2d', (backend) => new Linear(5, 3, { backend }), true],
  ['linearNoBias', (backend) => new Linear(5, 3, { bias: false, backend }), true],
  ['conv', (backend) => new Conv2d(3, 4, 3, { padding: 1, backend }), true],
  ['convGroups', (backend) => new Conv2d(4, 6, 3, { groups: 2, bias: false, backend }), true],
  ['embedding', (backend) => new Embedding(10, 3, { backend }), false],
];

async function stateValues(module: Module): Promise<Map<string, TypedArray>> {
  const values = new Map<string, TypedArray>();
  for (const [key, value] of module.stateDict()) values.set(key, await value.toArray());
  return values;
}

describe.runIf(hasWebGPU)('seeded init on the CPU and on WebGPU', () => {
  let gpu: WebGPUBackend;
  beforeAll(async () => {
    gpu = await webgpu();
  });
  afterAll(() => gpu.dispose());

  describe('mt19937: after manualSeed(s) the GPU gets the CPU values, and the stream moves as far', () => {
    for (const [name, fill, exact] of INITS) {
      for (const [target, make] of TARGETS) {
        it(`${name} on ${target}: ${exact ? 'bit for bit' : 'within 1e-6'}`, async () => {
          manualSeed(2024);
          const onCpu = fill(make(cpu), undefined).toArraySync();
          const nextOnCpu = bits(rand([4]).toArraySync());
          manualSeed(2024);
          const gpuTarget = make(gpu);
          expect(fill(gpuTarget, undefined)).toBe(gpuTarget);
          expect(gpuTarget.device).toBe('webgpu');
          expectSameWeights(await gpuTarget.toArray(), onCpu, exact);
          expect(bits(rand([4]).toArraySync())).toEqual(nextOnCpu);
        });
      }
    }
  });

  describe("Philox: the GPU's fill equals the CPU's Philox fill", () => {
    for (const [name, fill, exact] of INITS) {
      for (const [target, make] of TARGETS) {
        it(`${name} on ${target}: ${exact ? 'bit for bit' : 'within 1e-5 of the scale'}, same position after`, async () => {
          const forCpu = new Generator({ algorithm: 'philox', seed: 99 });
          const forGpu = new Generator({ algorithm: 'philox', seed: 99 });
          const onCpu = fill(make(cpu), forCpu).toArraySync();
          const onGpu = await fill(make(gpu), forGpu).toArray();
          if (exact) expect(bits(onGpu)).toEqual(bits(onCpu));
          else expect(maxErrorInStds(onGpu, onCpu)).toBeLessThanOrEqual(1e-5);
          expect(forGpu.philoxPosition()).toEqual(forCpu.philoxPosition());
        });
      }
    }

    it('the uniform family is drawn on the device: one kernel, no upload', () => {
      const target = zeros([64, 33], { backend: gpu });
      const before = gpu.stats.dispatches;
      init.kaimingUniform_(target, { generator: new Generator({ algorithm: 'philox', seed: 1 }) });
      // A host draw would be an upload and a copy kernel; the Philox fill is a single kernel.
      expect(gpu.stats.dispatches - before).toBe(1);
    });
  });

  describe('Dropout draws the same mask on the GPU as on the CPU', () => {
    const seeded: [string, () => Generator | undefined][] = [
      [
        'mt19937 (manualSeed)',
        () => {
          manualSeed(3);
          return undefined;
        },
      ],
      ['philox', () => new Generator({ algorithm: 'philox', seed: 3 })],
    ];
    for (const [algorithm, generatorFor] of seeded) {
      it(`${algorithm}: the output bit for bit, and its gradient mask/(1 − p)`, async () => {
        const input = randn([16, 33]);
        const onCpu = new Dropout(0.3, { generator: generatorFor() }).forward(input);
        const gpuInput = input.to(gpu).requiresGrad_();
        const onGpu = new Dropout(0.3, { generator: generatorFor() }).forward(gpuInput);
        const output = await onGpu.toArray();
        expect(bits(output)).toEqual(bits(onCpu.toArraySync()));
        onGpu.sum().backward();
        const grad = await gpuInput.grad!.toArray();
        const kept = output.map((v) => (v === 0 ? 0 : 1));
        expect(kept.some((k) => k === 0) && kept.some((k) => k === 1)).toBe(true);
        expect(bits(grad)).toEqual(bits(kept.map((k) => k / 0.7)));
      });
    }
  });

  describe("modules hold PyTorch's weights for the seed on the GPU (layers.json)", () => {
    for (const [name, build, exact] of LAYERS) {
      const expected = cases[name];
      it(`${name}, seed ${expected.seed}: built on the CPU then .to(gpu), and built on the GPU, ${exact ? 'bit for bit' : 'within 1e-6'}`, async () => {
        manualSeed(expected.seed);
        const moved = build();
        const parameters = [...moved.parameters()];
        expect(moved.to(gpu)).toBe(moved);
        // Same Parameter objects, now on the GPU, still requiring gradients.
        expect([...moved.parameters()]).toEqual(parameters);
        for (const p of parameters) {
          expect(p.device).toBe('webgpu');
          expect(p.requiresGrad).toBe(true);
        }
        const movedValues = await stateValues(moved);
        expect([...movedValues.keys()]).toEqual(Object.keys(expected.initState));
        for (const [key, values] of movedValues)
          expectSameWeights(values, Float32Array.from(expected.initState[key].values), exact);

        manualSeed(expected.seed);
        const direct = build(gpu);
        for (const p of direct.parameters()) expect(p.device).toBe('webgpu');
        const directValues = await stateValues(direct);
        for (const [key, values] of directValues)
          expect(bits(values), key).toEqual(bits(movedValues.get(key)!));

        // Moving back needs an asynchronous read, which Module.to cannot do: it fails, naming
        // the way out, and leaves every parameter where it was.
        expect(() => moved.to(cpu)).toThrow(BackendError);
        expect(() => moved.to(cpu)).toThrow(
          "to: moving a tensor off 'webgpu' needs an asynchronous read; use await toBackendAsync(t, backend)",
        );
        expect([...moved.parameters()].every((p) => p.device === 'webgpu')).toBe(true);
        for (const [key, values] of await stateValues(moved))
          expect(bits(values), key).toEqual(bits(movedValues.get(key)!));
      });
    }
  });
});
