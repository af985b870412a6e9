import { describe, expect, it } from 'vitest';
import {
  Generator,
  normalFill,
  philox4x32,
  philoxBlock,
  philoxNormalFill,
  philoxStream,
  philoxUniformFill,
  u32ToUniform,
  uniformFill,
} from '../../src/random/index.js';

type Ctr = [number, number, number, number];

// Random123 tests/kat_vectors, "philox4x32 R" lines: counter[4] key[2] -> output[4].
const KAT: [number, Ctr, [number, number], Ctr][] = [
  [10, [0, 0, 0, 0], [0, 0], [0x6627e8d5, 0xe169c58d, 0xbc57ac4c, 0x9b00dbd8]],
  [
    10,
    [0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff],
    [0xffffffff, 0xffffffff],
    [0x408f276d, 0x41c83b0e, 0xa20bc7c6, 0x6d5451fd],
  ],
  [
    10,
    [0x243f6a88, 0x85a308d3, 0x13198a2e, 0x03707344],
    [0xa4093822, 0x299f31d0],
    [0xd16cfe09, 0x94fdcceb, 0x5001e420, 0x24126ea1],
  ],
  [7, [0, 0, 0, 0], [0, 0], [0x5f6fb709, 0x0d893f64, 0x4f121f81, 0x4f730a48]],
  [
    7,
    [0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff],
    [0xffffffff, 0xffffffff],
    [0x5207ddc2, 0x45165e59, 0x4d8ee751, 0x8c52f662],
  ],
  [
    7,
    [0x243f6a88, 0x85a308d3, 0x13198a2e, 0x03707344],
    [0xa4093822, 0x299f31d0],
    [0x4dfccaba, 0x190a87f0, 0xc47362ba, 0xb6b5242a],
  ],
];

describe('philox4x32 known answers (Random123 kat_vectors)', () => {
  it.each(KAT)('philox4x32-%i %j key %j', (rounds, ctr, key, expected) => {
    expect(philox4x32(ctr, key, rounds)).toEqual(expected);
  });

  it('defaults to 10 rounds', () => {
    expect(philox4x32(KAT[2][1], KAT[2][2])).toEqual(KAT[2][3]);
  });
});

describe('the (seed, offset, index) mapping', () => {
  it('seed 0, offset 0 is the all-zero known-answer block', () => {
    expect(philoxBlock(0n, 0n)).toEqual(KAT[0][3]);
    const u = philoxUniformFill(0n, 0n, new Float32Array(4));
    expect(Array.from(u)).toEqual(KAT[0][3].map((w) => (w >>> 8) / 2 ** 24));
  });

  it('splits seed and counter into little-endian u32 words', () => {
    const seed = 0x299f31d0a4093822n;
    expect(philoxBlock(seed, 0x85a308d3243f6a88n)).toEqual(
      philox4x32([0x243f6a88, 0x85a308d3, 0, 0], [0xa4093822, 0x299f31d0]),
    );
  });

  it('element i is lane i % 4 of block offset + floor(i / 4), carrying across 2^32 and 2^64', () => {
    for (const offset of [0n, 7n, 2n ** 32n - 2n, 2n ** 64n - 1n]) {
      const s = philoxStream(42n, offset, new Uint32Array(11));
      for (let i = 0; i < 11; i++) {
        const b = (offset + BigInt(Math.floor(i / 4))) % 2n ** 64n;
        expect(s[i]).toBe(philoxBlock(42n, b)[i % 4]);
      }
    }
  });

  it('uniforms are (u32 >>> 8) * 2^-24, bit-exact, and any block range can be computed alone', () => {
    const words = philoxStream(5n, 100n, new Uint32Array(37));
    const full = philoxUniformFill(5n, 100n, new Float32Array(37));
    expect(Array.from(full)).toEqual(Array.from(words, u32ToUniform));
    const tail = philoxUniformFill(5n, 103n, new Float32Array(37 - 12));
    expect(tail).toEqual(full.subarray(12));
    expect(Math.max(...full)).toBeLessThan(1);
  });

  it('scales to [from, to) as f32(f32(u * f32(to - from)) + f32(from))', () => {
    const u = philoxUniformFill(9n, 3n, new Float32Array(20));
    const v = philoxUniformFill(9n, 3n, new Float32Array(20), -2, 0.5);
    const range = Math.fround(0.5 - -2);
    for (let i = 0; i < 20; i++) expect(v[i]).toBe(Math.fround(Math.fround(u[i] * range) - 2));
  });

  it('normals are Box-Muller over pairs (2k, 2k+1) of those uniforms', () => {
    const u = philoxUniformFill(3n, 0n, new Float32Array(7));
    const z = philoxNormalFill(3n, 0n, new Float32Array(7), 1, 2);
    for (let k = 0; k < 7; k += 2) {
      const r = Math.sqrt(-2 * Math.log(1 - u[k]));
      const t = 2 * Math.PI * (k + 1 < 7 ? u[k + 1] : u32ToUniform(philoxBlock(3n, 1n)[3]));
      expect(z[k]).toBe(Math.fround(r * Math.cos(t) * 2 + 1));
      if (k + 1 < 7) expect(z[k + 1]).toBe(Math.fround(r * Math.sin(t) * 2 + 1));
    }
  });

  it('a philox Generator fills from its reserved offset and moves past it', () => {
    const g = new Generator({ algorithm: 'philox', seed: 77n });
    g.advance(5);
    const a = uniformFill(g, new Float32Array(10));
    expect(a).toEqual(philoxUniformFill(77n, 5n, new Float32Array(10)));
    expect(g.philoxPosition().offset).toBe(8n);
    const b = normalFill(g, new Float32Array(9), 0, 1);
    expect(b).toEqual(philoxNormalFill(77n, 8n, new Float32Array(9)));
    expect(g.philoxPosition().offset).toBe(11n);
  });
});
