// MT19937 exactly as PyTorch's CPU generator runs it (at::mt19937 in
// aten/src/ATen/core/MT19937RNGEngine.h): Cokus-style lazy refill driven by
// `left`/`next`, so that the engine state round-trips through PyTorch's
// get_rng_state()/set_rng_state() byte layout.

export const MT_N = 624;
const MT_M = 397;
const MATRIX_A = 0x9908b0df;
const UMASK = 0x80000000;
const LMASK = 0x7fffffff;

export class MT19937 {
  /** The full 64-bit seed as given; only its low 32 bits seed the state (as in PyTorch). */
  seed: bigint;
  readonly state = new Uint32Array(MT_N);
  /** Outputs left before the next refill, plus one (PyTorch's `left_`). */
  left = 1;
  /** Index of the next state word to temper (PyTorch's `next_`). */
  next = 0;

  constructor(seed: bigint = 5489n) {
    this.seed = seed;
    this.reseed(seed);
  }

  /** init_genrand with the seed's low 32 bits; PyTorch keeps the full u64 as the initial seed. */
  reseed(seed: bigint): void {
    this.seed = seed;
    const s = this.state;
    s[0] = Number(seed & 0xffffffffn);
    for (let j = 1; j < MT_N; j++) {
      const p = s[j - 1];
      s[j] = (Math.imul(1812433253, p ^ (p >>> 30)) + j) >>> 0;
    }
    this.left = 1;
    this.next = 0;
  }

  nextUint32(): number {
    if (--this.left === 0) this.refill();
    let y = this.state[this.next++];
    y ^= y >>> 11;
    y ^= (y << 7) & 0x9d2c5680;
    y ^= (y << 15) & 0xefc60000;
    y ^= y >>> 18;
    return y >>> 0;
  }

  private refill(): void {
    const s = this.state;
    this.left = MT_N;
    this.next = 0;
    let k = 0;
    for (; k < MT_N - MT_M; k++) s[k] = s[k + MT_M] ^ twist(s[k], s[k + 1]);
    for (; k < MT_N - 1; k++) s[k] = s[k + MT_M - MT_N] ^ twist(s[k], s[k + 1]);
    s[MT_N - 1] = s[MT_M - 1] ^ twist(s[MT_N - 1], s[0]);
  }
}

function twist(u: number, v: number): number {
  const mixed = (u & UMASK) | (v & LMASK);
  return ((mixed >>> 1) ^ (v & 1 ? MATRIX_A : 0)) >>> 0;
}
