/**
 * The float32 Cephes coefficients of PyTorch's log256_ps and sincos256_ps
 * (ATen/native/cpu/avx_mathfun.h), which torch.randn's Box-Muller transform runs on: the
 * TypeScript fill (distributions.ts) and the WebAssembly one (cpu/wasm/kernels/box-muller.ts)
 * both evaluate them, FMA for FMA as PyTorch's AVX2 build does.
 */
const f32 = Math.fround;

/** log: the polynomial in the mantissa, highest power first. */
export const LOG_P = [
  7.0376836292e-2, -1.151461031e-1, 1.167699874e-1, -1.2420140846e-1, 1.4249322787e-1,
  -1.6668057665e-1, 2.0000714765e-1, -2.4999993993e-1, 3.3333331174e-1,
].map(f32);
/** log: ln 2 split in two, the exponent's low and high parts. */
export const LOG_Q1 = f32(-2.1219444e-4);
export const LOG_Q2 = f32(0.693359375);
/** log: mantissas below √½ are doubled (and the exponent lowered) first. */
export const SQRTHF = f32(Math.SQRT1_2);
/** sincos: −π/4 split in three, for the argument reduction. */
export const DP = [-0.78515625, -2.4187564849853516e-4, -3.774894977445941e-8].map(f32);
export const SIN_P = [-1.9515295891e-4, 8.3321608736e-3, -1.6666654611e-1].map(f32);
export const COS_P = [2.443315711809948e-5, -1.388731625493765e-3, 4.166664568298827e-2].map(f32);
/** sincos: 4/π, the octant of an angle. */
export const FOPI = f32(4 / Math.PI);
/** Box-Muller's angle: 2π times the second uniform. */
export const TWO_PI = f32(2 * Math.PI);
