import { ArgumentError, showKind } from '../errors';
import { MT_N, MT19937 } from './mt19937.js';
import { philoxBlock } from './philox.js';

export type RngAlgorithm = 'mt19937' | 'philox';
export type Seed = number | bigint;

export interface GeneratorOptions {
  algorithm?: RngAlgorithm;
  seed?: Seed;
}

/** PyTorch's default_rng_seed_val. */
export const DEFAULT_SEED = 67280421310721n;

/** sizeof(CPUGeneratorImplState) in PyTorch 1.13 on 64-bit little-endian machines. */
export const MT_STATE_BYTES = 5056;
/** Philox state: seed u64, offset u64, lane u32, reserved u32 (must be 0); little-endian. */
export const PHILOX_STATE_BYTES = 24;

// Byte offsets inside PyTorch's CPUGeneratorImplState (see CPUGeneratorImpl.cpp).
const OFF_LEFT = 8;
const OFF_SEEDED = 12;
const OFF_NEXT = 16;
const OFF_STATE = 24;
const OFF_NORMAL_Y = 5024;
const OFF_NORMAL_VALID = 5040;
const OFF_FLOAT_NORMAL = 5048;
const OFF_FLOAT_VALID = 5052;

const TWO_64 = 1n << 64n;

/** Reduces a seed to u64 the way torch.manual_seed does: negative int64 wraps, others must fit. */
export function normalizeSeed(seed: unknown, name = 'seed', op = 'manualSeed'): bigint {
  let s: bigint;
  if (typeof seed === 'bigint') s = seed;
  else if (typeof seed === 'number' && Number.isSafeInteger(seed)) s = BigInt(seed);
  else {
    const got = typeof seed === 'number' ? String(seed) : typeof seed;
    throw new ArgumentError(
      `${op}: ${name} must be an integer (safe-integer number or bigint), got ${got}`,
    );
  }
  if (s < -(1n << 63n) || s >= TWO_64) {
    throw new ArgumentError(`${op}: ${name} must be in [-2^63, 2^64), got ${s}`);
  }
  return s < 0n ? s + TWO_64 : s;
}

function stateError(op: string, expected: string, got: string): Error {
  return new ArgumentError(`${op}: state ${expected}, got ${got}`);
}

/**
 * A random stream: 'mt19937' is PyTorch's CPU generator (same seeding, draws and state bytes);
 * 'philox' is counter-based, addressed by (seed, offset) as documented in philox.ts.
 */
export class Generator {
  readonly algorithm: RngAlgorithm;
  /**
   * PyTorch's cached second Box-Muller sample of the double (scalar) normal path; part of the state.
   * Written and consumed by the distributions, null when empty.
   */
  cachedDoubleNormal: number | null = null;
  /** PyTorch's float normal cache; carried through get/setState for layout fidelity. */
  cachedFloatNormal: number | null = null;

  private readonly mt: MT19937 | null;
  private philoxSeed = 0n;
  private offset = 0n;
  private lane = 0;
  private block: number[] = [0, 0, 0, 0];

  constructor(options: GeneratorOptions = {}) {
    const algorithm = options.algorithm ?? 'mt19937';
    if (algorithm !== 'mt19937' && algorithm !== 'philox') {
      throw new ArgumentError(
        `options.algorithm must be 'mt19937' or 'philox', got ${JSON.stringify(algorithm)}`,
      );
    }
    this.algorithm = algorithm;
    this.mt = algorithm === 'mt19937' ? new MT19937() : null;
    this.manualSeed(options.seed ?? DEFAULT_SEED);
  }

  /** Reseeds and clears the normal caches (CPUGeneratorImpl::set_current_seed). */
  manualSeed(seed: Seed): this {
    const s = normalizeSeed(seed);
    this.cachedDoubleNormal = null;
    this.cachedFloatNormal = null;
    if (this.mt) this.mt.reseed(s);
    else {
      this.philoxSeed = s;
      this.offset = 0n;
      this.lane = 0;
    }
    return this;
  }

  initialSeed(): bigint {
    return this.mt ? this.mt.seed : this.philoxSeed;
  }

  /** Reseeds from a non-deterministic 64-bit source and returns the new seed. */
  seed(): bigint {
    const words = new Uint32Array(2);
    globalThis.crypto.getRandomValues(words);
    const s = (BigInt(words[1]) << 32n) | BigInt(words[0]);
    this.manualSeed(s);
    return s;
  }

  /** PyTorch's random(): one 32-bit draw. */
  nextUint32(): number {
    if (this.mt) return this.mt.nextUint32();
    if (this.lane === 0) this.block = philoxBlock(this.philoxSeed, this.offset);
    const v = this.block[this.lane];
    if (++this.lane === 4) {
      this.lane = 0;
      this.offset = (this.offset + 1n) % TWO_64;
    }
    return v;
  }

  /** PyTorch's random64(): the first draw is the high word. */
  nextUint64(): bigint {
    const hi = this.nextUint32();
    const lo = this.nextUint32();
    return (BigInt(hi) << 32n) | BigInt(lo);
  }

  /**
   * Philox only: where the next reserved block starts. A partly used block (from nextUint32)
   * counts as used, so this is what advance() would return.
   */
  philoxPosition(): { seed: bigint; offset: bigint } {
    this.requirePhilox('philoxPosition');
    const offset = this.lane === 0 ? this.offset : (this.offset + 1n) % TWO_64;
    return { seed: this.philoxSeed, offset };
  }

  /**
   * Philox only: reserves `blocks` Philox blocks (4 u32 each) and returns the offset of the first,
   * so a kernel can generate them from (initialSeed(), offset) in parallel.
   */
  advance(blocks: number | bigint): bigint {
    this.requirePhilox('advance');
    const n =
      typeof blocks === 'bigint' ? blocks : Number.isSafeInteger(blocks) ? BigInt(blocks) : -1n;
    if (n < 0n) {
      throw new ArgumentError(`blocks must be a non-negative integer, got ${String(blocks)}`);
    }
    const start = this.philoxPosition().offset;
    this.offset = (start + n) % TWO_64;
    this.lane = 0;
    return start;
  }

  /**
   * mt19937: PyTorch's get_state() bytes (CPUGeneratorImplState, 5056 bytes), interchangeable
   * with torch's; philox: PHILOX_STATE_BYTES bytes.
   */
  getState(): Uint8Array {
    return this.mt ? this.mtState(this.mt) : this.philoxState();
  }

  /** Restores a getState() (or torch get_state()) snapshot; validates it before changing anything. */
  setState(state: Uint8Array, op = 'setState'): this {
    if (!(state instanceof Uint8Array)) {
      throw new ArgumentError(`${op}: state must be a Uint8Array, got ${showKind(state)}`);
    }
    const view = new DataView(state.buffer, state.byteOffset, state.byteLength);
    if (this.mt) this.setMtState(this.mt, state, view, op);
    else this.setPhiloxState(state, view, op);
    return this;
  }

  private requirePhilox(method: string): void {
    if (this.algorithm !== 'philox') {
      throw new ArgumentError(
        `${method} needs a 'philox' generator, got algorithm '${this.algorithm}'`,
      );
    }
  }

  private mtState(mt: MT19937): Uint8Array {
    const out = new Uint8Array(MT_STATE_BYTES);
    const v = new DataView(out.buffer);
    v.setBigUint64(0, mt.seed, true);
    v.setInt32(OFF_LEFT, mt.left, true);
    v.setInt32(OFF_SEEDED, 1, true);
    v.setBigUint64(OFF_NEXT, BigInt(mt.next), true);
    for (let i = 0; i < MT_N; i++) v.setUint32(OFF_STATE + 8 * i, mt.state[i], true);
    if (this.cachedDoubleNormal !== null) {
      v.setFloat64(OFF_NORMAL_Y, this.cachedDoubleNormal, true);
      v.setInt32(OFF_NORMAL_VALID, 1, true);
    }
    if (this.cachedFloatNormal !== null) {
      v.setFloat32(OFF_FLOAT_NORMAL, this.cachedFloatNormal, true);
      out[OFF_FLOAT_VALID] = 1;
    }
    return out;
  }

  private setMtState(mt: MT19937, state: Uint8Array, v: DataView, op: string): void {
    if (state.length !== MT_STATE_BYTES) {
      throw stateError(
        op,
        `must be ${MT_STATE_BYTES} bytes (PyTorch's CPUGeneratorImplState for mt19937)`,
        `${state.length} bytes`,
      );
    }
    const left = v.getInt32(OFF_LEFT, true);
    const seeded = v.getInt32(OFF_SEEDED, true);
    const next = v.getBigUint64(OFF_NEXT, true);
    // PyTorch checks seeded, 0 < left <= 624 and next <= 624; left + next <= 625 also keeps every
    // read inside the state array.
    if (seeded === 0) throw stateError(op, 'must be seeded (seeded != 0)', 'seeded = 0');
    if (left < 1 || left > MT_N)
      throw stateError(op, `left must be in [1, ${MT_N}]`, `left = ${left}`);
    if (next > BigInt(MT_N) || Number(next) + left > MT_N + 1) {
      throw stateError(
        op,
        `next must be in [0, ${MT_N + 1 - left}] for left = ${left}`,
        `next = ${next}`,
      );
    }
    const normalValid = v.getInt32(OFF_NORMAL_VALID, true);
    const floatValid = state[OFF_FLOAT_VALID];
    if ((normalValid !== 0 && normalValid !== 1) || floatValid > 1) {
      throw stateError(
        op,
        'normal-cache flags must be 0 or 1',
        `normal_is_valid = ${normalValid}, is_next_float_normal_sample_valid = ${floatValid}`,
      );
    }
    mt.seed = v.getBigUint64(0, true);
    mt.left = left;
    mt.next = Number(next);
    // PyTorch copies the u64 words into u32 ones, dropping the high halves.
    for (let i = 0; i < MT_N; i++) mt.state[i] = v.getUint32(OFF_STATE + 8 * i, true);
    this.cachedDoubleNormal = normalValid ? v.getFloat64(OFF_NORMAL_Y, true) : null;
    this.cachedFloatNormal = floatValid ? v.getFloat32(OFF_FLOAT_NORMAL, true) : null;
  }

  private philoxState(): Uint8Array {
    const out = new Uint8Array(PHILOX_STATE_BYTES);
    const v = new DataView(out.buffer);
    v.setBigUint64(0, this.philoxSeed, true);
    v.setBigUint64(8, this.offset, true);
    v.setUint32(16, this.lane, true);
    return out;
  }

  private setPhiloxState(state: Uint8Array, v: DataView, op: string): void {
    if (state.length !== PHILOX_STATE_BYTES) {
      throw stateError(
        op,
        `must be ${PHILOX_STATE_BYTES} bytes (seed, offset, lane) for philox`,
        `${state.length} bytes`,
      );
    }
    const lane = v.getUint32(16, true);
    const reserved = v.getUint32(20, true);
    if (lane > 3) throw stateError(op, 'lane must be in [0, 3]', `lane = ${lane}`);
    if (reserved !== 0) throw stateError(op, 'reserved word must be 0', `${reserved}`);
    this.philoxSeed = v.getBigUint64(0, true);
    this.offset = v.getBigUint64(8, true);
    this.lane = lane;
    if (lane !== 0) this.block = philoxBlock(this.philoxSeed, this.offset);
  }
}

/** The process-wide generator used when none is passed (PyTorch's default CPU generator). */
export const defaultGenerator = new Generator();

/** Seeds the default generator (torch.manual_seed) and returns it. */
export function manualSeed(seed: Seed): Generator {
  return defaultGenerator.manualSeed(seed);
}

export function getRngState(): Uint8Array {
  return defaultGenerator.getState();
}

export function setRngState(state: Uint8Array): void {
  defaultGenerator.setState(state, 'setRngState');
}
