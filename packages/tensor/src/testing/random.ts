import { describe, expect, test } from 'vitest';
import {
  type Backend,
  cpu,
  Generator,
  manualSeed,
  rand,
  randint,
  randn,
  randperm,
  type Tensor,
  zeros,
} from '../index';
import { expectValues } from './host';

/** Random123's known answer: Philox-4x32-10 of counter 0, key 0 (tests/kat_vectors). */
const PHILOX_KAT = [0x6627e8d5, 0xe169c58d, 0xbc57ac4c, 0x9b00dbd8];

/** The same draws on the CPU and on `backend`, from equal generators. */
async function same(
  backend: Backend,
  make: (onto: Backend, generator: Generator | undefined) => Tensor,
  philox: boolean,
  label: string,
  tol = {},
) {
  const gen = () => (philox ? new Generator({ algorithm: 'philox', seed: 1234 }) : undefined);
  if (!philox) manualSeed(1234);
  const expected = make(cpu, gen()).toArraySync();
  if (!philox) manualSeed(1234);
  const actual = await make(backend, gen()).toArray();
  expectValues(actual, expected, 'float32', label, tol);
}

/** Seeded fills give the CPU's numbers on every backend, for both generators. */
export function randomTests(getBackend: () => Backend): void {
  describe('random fills: the same seed gives the same numbers on every backend', () => {
    test("mt19937 (the default, PyTorch's stream): rand, randn, uniform_, normal_, bernoulli_ bit for bit", async () => {
      const backend = getBackend();
      await same(backend, (b) => rand([7, 9], { backend: b }), false, 'rand');
      await same(backend, (b) => randn([33], { backend: b }), false, 'randn');
      await same(backend, (b) => randn([5], { backend: b }), false, 'randn (scalar path)');
      await same(
        backend,
        (b) => zeros([4, 6], { backend: b }).t().uniform_(-2, 3),
        false,
        'uniform_ on a transposed view',
      );
      await same(backend, (b) => zeros([40], { backend: b }).normal_(1, 0.5), false, 'normal_');
      // Large enough for the CPU's WebAssembly draw, which then feeds a strided target.
      await same(
        backend,
        (b) => zeros([48, 40], { backend: b }).t().normal_(1, 0.5),
        false,
        'normal_ on a transposed view of 1920',
      );
      await same(backend, (b) => zeros([40], { backend: b }).bernoulli_(0.3), false, 'bernoulli_');
      for (const make of [
        (b: Backend) => randint(-5, 17, [3, 4], { backend: b }),
        (b: Backend) => randperm(20, { backend: b }),
      ]) {
        manualSeed(7);
        const expected = make(cpu).toArraySync();
        manualSeed(7);
        expectValues(await make(backend).toArray(), expected, 'int32', 'randint/randperm');
      }
    });

    test('mt19937: a strided fill takes the same values, in logical order, as a contiguous one', async () => {
      const backend = getBackend();
      for (const fill of [(t: Tensor) => t.normal_(-1, 2), (t: Tensor) => t.uniform_(-3, 5)]) {
        manualSeed(99);
        const contiguous = await fill(zeros([40, 48], { backend })).toArray();
        const next = rand([3]).toArraySync();
        manualSeed(99);
        const strided = await fill(zeros([48, 40], { backend }).t()).toArray();
        expectValues(strided, contiguous, 'float32', 'transposed fill');
        expectValues(rand([3]).toArraySync(), next, 'float32', 'the draw after it');
      }
    });

    test('philox: uniforms bit for bit (the device kernel where there is one), normals to float32 rounding', async () => {
      const backend = getBackend();
      for (const n of [1, 4, 7, 1001]) {
        await same(
          backend,
          (b, g) => rand([n], { backend: b, generator: g }),
          true,
          `philox rand(${n})`,
        );
      }
      await same(
        backend,
        (b, g) => zeros([5, 6], { backend: b }).t().uniform_(-2.5, 3.25, { generator: g }),
        true,
        'philox uniform_(-2.5, 3.25) on a transposed view',
      );
      await same(
        backend,
        (b, g) => randn([1001], { backend: b, generator: g }),
        true,
        'philox randn',
        { rtol: 1e-5, atol: 1e-5 },
      );
      await same(
        backend,
        (b, g) => zeros([3, 5], { backend: b }).normal_(2, 3, { generator: g }),
        true,
        'philox normal_',
        { rtol: 1e-5, atol: 1e-5 },
      );
      // Successive fills consume successive blocks.
      await same(
        backend,
        (b, g) => {
          const first = rand([6], { backend: b, generator: g });
          return first.add(rand([6], { backend: b, generator: g }).mul(10));
        },
        true,
        'two successive philox fills',
      );
    });

    test("philox: block 0 of seed 0 is Random123's known answer; the counter carries past 2^32", async () => {
      const backend = getBackend();
      const g = new Generator({ algorithm: 'philox', seed: 0 });
      const kat = PHILOX_KAT.map((w) => (w >>> 8) * 2 ** -24);
      expectValues(
        await rand([4], { backend, generator: g }).toArray(),
        kat,
        'float32',
        'Philox KAT',
      );
      const state = new Uint8Array(24);
      new DataView(state.buffer).setBigUint64(0, 99n, true);
      new DataView(state.buffer).setBigUint64(8, 2n ** 32n - 2n, true);
      const onCpu = new Generator({ algorithm: 'philox' }).setState(state);
      const onBackend = new Generator({ algorithm: 'philox' }).setState(state);
      const expected = rand([16], { generator: onCpu }).toArraySync();
      expectValues(
        await rand([16], { backend, generator: onBackend }).toArray(),
        expected,
        'float32',
        'carry into the high counter word',
      );
      expect(onBackend.philoxPosition().offset).toBe(2n ** 32n + 2n);
    });
  });
}
