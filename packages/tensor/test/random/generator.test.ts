import { afterEach, describe, expect, it } from 'vitest';
import {
  DEFAULT_SEED,
  defaultGenerator,
  Generator,
  getRngState,
  MT_STATE_BYTES,
  MT19937,
  manualSeed,
  normalFill,
  PHILOX_STATE_BYTES,
  philoxStream,
  setRngState,
  uniformFill,
} from '../../src/random/index.js';

const draw = (g: Generator, n: number) => Array.from({ length: n }, () => g.nextUint32());

describe('MT19937', () => {
  it('matches the C++ standard known answer (10000th output for seed 5489 is 4123659995)', () => {
    const mt = new MT19937(5489n);
    let v = 0;
    for (let i = 0; i < 10000; i++) v = mt.nextUint32();
    expect(v).toBe(4123659995);
  });

  it('matches std::mt19937 seeded with 0 (first outputs)', () => {
    const mt = new MT19937(0n);
    expect([mt.nextUint32(), mt.nextUint32(), mt.nextUint32()]).toEqual([
      2357136044, 2546248239, 3071714933,
    ]);
  });
});

describe('Generator (mt19937)', () => {
  afterEach(() => {
    manualSeed(DEFAULT_SEED);
  });

  it('defaults to mt19937 and PyTorch default seed', () => {
    const g = new Generator();
    expect(g.algorithm).toBe('mt19937');
    expect(g.initialSeed()).toBe(67280421310721n);
  });

  it('manualSeed returns this, restarts the stream and keeps the full 64-bit seed', () => {
    const g = new Generator({ seed: 7 });
    const a = draw(g, 5);
    expect(g.manualSeed(7)).toBe(g);
    expect(draw(g, 5)).toEqual(a);
    // Like PyTorch, only the low 32 bits reach the engine.
    const big = new Generator({ seed: 2n ** 32n + 7n });
    expect(big.initialSeed()).toBe(2n ** 32n + 7n);
    expect(draw(big, 5)).toEqual(a);
  });

  it('accepts negative int64 seeds as torch does (two’s complement)', () => {
    expect(new Generator({ seed: -1 }).initialSeed()).toBe(2n ** 64n - 1n);
    expect(new Generator({ seed: -(2n ** 63n) }).initialSeed()).toBe(2n ** 63n);
  });

  it('nextUint64 is PyTorch random64(): first draw high, second low', () => {
    const a = new Generator({ seed: 3 });
    const b = new Generator({ seed: 3 });
    const [hi, lo] = draw(b, 2);
    expect(a.nextUint64()).toBe((BigInt(hi) << 32n) | BigInt(lo));
  });

  it('seed() reseeds non-deterministically and reports the seed', () => {
    const g = new Generator();
    const s1 = g.seed();
    expect(typeof s1).toBe('bigint');
    expect(g.initialSeed()).toBe(s1);
    const s2 = g.seed();
    expect(s2).not.toBe(s1);
    const again = new Generator({ seed: s2 });
    g.manualSeed(s2);
    expect(draw(g, 3)).toEqual(draw(again, 3));
  });

  it('getState/setState capture the stream, including the cached normal', () => {
    const g = new Generator({ seed: 11 });
    normalFill(g, new Float32Array(3)); // odd count on the scalar path leaves a cached sample
    expect(g.cachedDoubleNormal).not.toBeNull();
    const cached = g.cachedDoubleNormal;
    const state = g.getState();
    expect(state.length).toBe(MT_STATE_BYTES);
    const expected = normalFill(g, new Float32Array(5));
    const h = new Generator().setState(state);
    expect(h.cachedDoubleNormal).toBe(cached);
    expect(normalFill(h, new Float32Array(5))).toEqual(expected);
    expect(h.getState()).toEqual(g.getState());
  });

  it('round-trips the float normal cache too', () => {
    const g = new Generator({ seed: 1 });
    g.cachedFloatNormal = Math.fround(-0.25);
    const h = new Generator().setState(g.getState());
    expect(h.cachedFloatNormal).toBe(Math.fround(-0.25));
    expect(h.cachedDoubleNormal).toBeNull();
  });

  it('manualSeed clears the cached normals', () => {
    const g = new Generator({ seed: 5 });
    const first = normalFill(g, new Float32Array(1))[0];
    g.manualSeed(5);
    expect(g.cachedDoubleNormal).toBeNull();
    expect(normalFill(g, new Float32Array(1))[0]).toBe(first);
  });

  it('module-level helpers drive the default generator', () => {
    expect(manualSeed(123)).toBe(defaultGenerator);
    const state = getRngState();
    const a = uniformFill(null, new Float32Array(8));
    setRngState(state);
    expect(uniformFill(undefined, new Float32Array(8))).toEqual(a);
    expect(uniformFill(new Generator({ seed: 123 }), new Float32Array(8))).toEqual(a);
  });
});

describe('Generator (philox)', () => {
  it('nextUint32 walks the (seed, offset) stream lane by lane', () => {
    const g = new Generator({ algorithm: 'philox', seed: 99n });
    expect(g.algorithm).toBe('philox');
    expect(draw(g, 10)).toEqual(Array.from(philoxStream(99n, 0n, new Uint32Array(10))));
  });

  it('advance reserves whole blocks; a partly used block counts as used', () => {
    const g = new Generator({ algorithm: 'philox', seed: 1 });
    expect(g.philoxPosition()).toEqual({ seed: 1n, offset: 0n });
    expect(g.advance(3)).toBe(0n);
    expect(g.philoxPosition().offset).toBe(3n);
    g.nextUint32(); // uses lane 0 of block 3
    expect(g.philoxPosition().offset).toBe(4n);
    expect(g.advance(2n)).toBe(4n);
    expect(g.philoxPosition().offset).toBe(6n);
    expect(draw(g, 4)).toEqual(Array.from(philoxStream(1n, 6n, new Uint32Array(4))));
  });

  it('manualSeed resets the offset', () => {
    const g = new Generator({ algorithm: 'philox', seed: 5 });
    g.advance(10);
    g.manualSeed(6);
    expect(g.philoxPosition()).toEqual({ seed: 6n, offset: 0n });
  });

  it('getState/setState round-trip mid-block', () => {
    const g = new Generator({ algorithm: 'philox', seed: 2n ** 64n - 3n });
    g.advance(2n ** 40n);
    draw(g, 2);
    const state = g.getState();
    expect(state.length).toBe(PHILOX_STATE_BYTES);
    const expected = draw(g, 9);
    const h = new Generator({ algorithm: 'philox' }).setState(state);
    expect(draw(h, 9)).toEqual(expected);
    expect(h.initialSeed()).toBe(2n ** 64n - 3n);
  });

  it('philoxPosition/advance refuse an mt19937 generator', () => {
    expect(() => new Generator().advance(1)).toThrow(
      /needs a 'philox' generator, got algorithm 'mt19937'/,
    );
    expect(() => new Generator().philoxPosition()).toThrow(/philox/);
  });
});

describe('Generator input validation', () => {
  it('rejects non-integer and out-of-range seeds, naming the argument', () => {
    expect(() => new Generator({ seed: 1.5 })).toThrow(/seed must be an integer.*got 1\.5/);
    expect(() => new Generator().manualSeed(Number.NaN)).toThrow(
      /seed must be an integer.*got NaN/,
    );
    expect(() => new Generator().manualSeed('3' as unknown as number)).toThrow(
      /seed must be an integer.*got string/,
    );
    expect(() => new Generator().manualSeed(2n ** 64n)).toThrow(
      /seed must be in \[-2\^63, 2\^64\), got 18446744073709551616/,
    );
    expect(() => manualSeed(-(2n ** 63n) - 1n)).toThrow(/seed must be in/);
    expect(() => new Generator().manualSeed(2 ** 60)).toThrow(/seed must be an integer/);
  });

  it('rejects an unknown algorithm', () => {
    expect(() => new Generator({ algorithm: 'xorshift' as 'philox' })).toThrow(
      /options\.algorithm must be 'mt19937' or 'philox', got "xorshift"/,
    );
  });

  const good = () => new Generator({ seed: 3 }).getState();
  const view = (b: Uint8Array) => new DataView(b.buffer);

  it.each([
    ['wrong length', () => good().subarray(0, 100), /state must be 5056 bytes.*got 100 bytes/],
    [
      'not bytes',
      () => [1, 2, 3] as unknown as Uint8Array,
      /state must be a Uint8Array, got Array/,
    ],
    [
      'left = 0',
      () => tweak((v) => v.setInt32(8, 0, true)),
      /left must be in \[1, 624\], got left = 0/,
    ],
    [
      'left = 625',
      () => tweak((v) => v.setInt32(8, 625, true)),
      /left must be in \[1, 624\], got left = 625/,
    ],
    ['unseeded', () => tweak((v) => v.setInt32(12, 0, true)), /must be seeded.*got seeded = 0/],
    [
      'next too big',
      () => tweak((v) => v.setBigUint64(16, 625n, true)),
      /next must be in \[0, 624\] for left = 1, got next = 625/,
    ],
    [
      'bad flag',
      () => tweak((v) => v.setInt32(5040, 2, true)),
      /flags must be 0 or 1, got normal_is_valid = 2/,
    ],
  ])('rejects a malformed mt19937 state: %s', (_name, make, message) => {
    expect(() => new Generator().setState(make())).toThrow(message);
  });

  function tweak(f: (v: DataView) => void): Uint8Array {
    const s = good();
    f(view(s));
    return s;
  }

  it('rejects malformed philox states and mismatched algorithms', () => {
    const p = new Generator({ algorithm: 'philox' });
    expect(() => p.setState(good())).toThrow(/state must be 24 bytes .*philox, got 5056 bytes/);
    const s = p.getState();
    view(s).setUint32(16, 4, true);
    expect(() => p.setState(s)).toThrow(/lane must be in \[0, 3\], got lane = 4/);
    expect(() =>
      new Generator().setState(new Generator({ algorithm: 'philox' }).getState()),
    ).toThrow(/state must be 5056 bytes.*got 24 bytes/);
  });

  it('leaves the generator untouched when setState throws', () => {
    const g = new Generator({ seed: 8 });
    const before = g.getState();
    expect(() => g.setState(new Uint8Array(7))).toThrow();
    expect(g.getState()).toEqual(before);
  });
});
