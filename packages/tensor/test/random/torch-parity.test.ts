// Bit-exact agreement with PyTorch 1.13 (fixtures written by src/testing/fixtures/random/generate.py).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  bernoulliFill,
  Generator,
  normalFill,
  randintFill,
  randperm,
  uniformFill,
} from '../../src/random/index.js';

interface Bits {
  seed: string;
  n: number;
  bits: number[];
}
interface Call {
  op: 'randn' | 'normal' | 'rand' | 'randint' | 'reseed';
  n?: number;
  mean?: number;
  std?: number;
  low?: string;
  high?: string;
  bits?: number[];
  values?: string[];
}
interface Fixture {
  torch: string;
  avx2: boolean;
  rand: Bits[];
  randn: Bits[];
  sequence: { seed: string; calls: Call[] }[];
  randint: { seed: string; low: string; high: string; dtype: string; values: string[] }[];
  randperm: { seed: string; n: number; values: number[] }[];
  uniform: (Bits & { from: number; to: number })[];
  normal: (Bits & { mean: number; std: number })[];
  bernoulli: { seed: string; n: number; p: number; values: number[] }[];
  state: {
    seed: string;
    afterRandn5: string;
    thenRandn3: number[];
    afterRand700: string;
    thenRand4: number[];
  }[];
  seeds: { given: string; initial: string }[];
  defaultSeed: string;
}

const fx: Fixture = JSON.parse(
  readFileSync(new URL('../../src/testing/fixtures/random/torch.json', import.meta.url), 'utf8'),
);

const gen = (seed: string) => new Generator({ seed: BigInt(seed) });
const toBits = (a: Float32Array) => Array.from(new Uint32Array(a.buffer, a.byteOffset, a.length));
const fromBits = (b: number[]) => new Float32Array(new Uint32Array(b).buffer);
const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');
const fromHex = (h: string) => new Uint8Array(Buffer.from(h, 'hex'));

const NORMAL_TOL = 1e-6;
function expectClose(actual: Float32Array, expectedBits: number[], tol = NORMAL_TOL): void {
  const expected = fromBits(expectedBits);
  expect(actual.length).toBe(expected.length);
  let worst = 0;
  for (let i = 0; i < actual.length; i++) {
    worst = Math.max(worst, Math.abs(actual[i] - expected[i]));
  }
  expect(worst).toBeLessThanOrEqual(tol);
}

describe('PyTorch parity', () => {
  it('fixtures come from PyTorch 1.13 running its AVX2 kernels', () => {
    expect(fx.torch).toMatch(/^1\.13/);
    expect(fx.avx2).toBe(true);
  });

  it('torch.rand is bit-exact', () => {
    for (const c of fx.rand) {
      expect(
        toBits(uniformFill(gen(c.seed), new Float32Array(c.n))),
        `seed ${c.seed} n ${c.n}`,
      ).toEqual(c.bits);
    }
  });

  it('uniform_(from, to) is bit-exact', () => {
    for (const c of fx.uniform) {
      const got = uniformFill(gen(c.seed), new Float32Array(c.n), c.from, c.to);
      expect(toBits(got), `seed ${c.seed} [${c.from}, ${c.to})`).toEqual(c.bits);
    }
  });

  it('torch.randn agrees within 1e-6 on both the scalar (n < 16) and vector paths', () => {
    for (const c of fx.randn) expectClose(normalFill(gen(c.seed), new Float32Array(c.n)), c.bits);
  });

  it('the vector path (n >= 16) is bit-exact: its float32 math is emulated, not approximated', () => {
    for (const c of [...fx.randn, ...fx.normal].filter((c) => c.n >= 16)) {
      const { mean = 0, std = 1 } = c as { mean?: number; std?: number };
      expect(toBits(normalFill(gen(c.seed), new Float32Array(c.n), mean, std))).toEqual(c.bits);
    }
  });

  it('normal_(mean, std) agrees within 1e-6 relative to std', () => {
    for (const c of fx.normal) {
      const got = normalFill(gen(c.seed), new Float32Array(c.n), c.mean, c.std);
      expectClose(got, c.bits, NORMAL_TOL * Math.max(1, c.std, Math.abs(c.mean)));
    }
  });

  it('consecutive calls share the cached normal exactly as PyTorch does', () => {
    for (const s of fx.sequence) {
      const g = gen(s.seed);
      for (const c of s.calls) {
        if (c.op === 'reseed') g.manualSeed(BigInt(s.seed));
        else if (c.op === 'rand') {
          expect(toBits(uniformFill(g, new Float32Array(c.n!)))).toEqual(c.bits);
        } else if (c.op === 'randint') {
          const got = randintFill(g, new BigInt64Array(c.n!), BigInt(c.low!), BigInt(c.high!));
          expect(Array.from(got, String)).toEqual(c.values);
        } else {
          const std = c.std ?? 1;
          expectClose(
            normalFill(g, new Float32Array(c.n!), c.mean ?? 0, std),
            c.bits!,
            1e-6 * std * 3,
          );
        }
      }
    }
  });

  it('torch.randint is exact, including the random64 path for ranges >= 2^32', () => {
    for (const c of fx.randint) {
      const g = gen(c.seed);
      const got =
        c.dtype === 'int32'
          ? Array.from(randintFill(g, new Int32Array(100), Number(c.low), Number(c.high)), String)
          : Array.from(
              randintFill(g, new BigInt64Array(100), BigInt(c.low), BigInt(c.high)),
              String,
            );
      expect(got, `seed ${c.seed} [${c.low}, ${c.high})`).toEqual(c.values);
    }
  });

  it('int32 outputs match int64 ones for ranges below 2^32', () => {
    const a = randintFill(gen('3'), new Int32Array(50), -5, 5);
    const b = randintFill(gen('3'), new BigInt64Array(50), -5n, 5n);
    expect(Array.from(a, String)).toEqual(Array.from(b, String));
  });

  it('torch.randperm is exact', () => {
    for (const c of fx.randperm) {
      expect(Array.from(randperm(gen(c.seed), c.n)), `seed ${c.seed} n ${c.n}`).toEqual(c.values);
    }
  });

  it('bernoulli_(p) matches the non-MKL CPU kernel exactly', () => {
    for (const c of fx.bernoulli) {
      expect(Array.from(bernoulliFill(gen(c.seed), new Float32Array(c.n), c.p))).toEqual(c.values);
    }
  });

  it('manualSeed reduces seeds like torch.manual_seed', () => {
    for (const c of fx.seeds) {
      expect(new Generator({ seed: BigInt(c.given) }).initialSeed()).toBe(BigInt(c.initial));
    }
    expect(new Generator().initialSeed()).toBe(BigInt(fx.defaultSeed));
  });

  it('getState produces PyTorch get_state() bytes, and setState accepts them', () => {
    for (const c of fx.state) {
      const g = gen(c.seed);
      normalFill(g, new Float32Array(5));
      expect(hex(g.getState())).toBe(c.afterRandn5);
      expectClose(normalFill(g, new Float32Array(3)), c.thenRandn3);

      const h = new Generator().setState(fromHex(c.afterRandn5));
      expect(h.initialSeed()).toBe(BigInt(c.seed));
      expectClose(normalFill(h, new Float32Array(3)), c.thenRandn3);

      const g2 = gen(c.seed);
      uniformFill(g2, new Float32Array(700));
      expect(hex(g2.getState())).toBe(c.afterRand700);
      const h2 = new Generator().setState(fromHex(c.afterRand700));
      expect(toBits(uniformFill(h2, new Float32Array(4)))).toEqual(c.thenRand4);
    }
  });
});
