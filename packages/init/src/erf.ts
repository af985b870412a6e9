// erf and erfinv on the host. JavaScript has neither, and truncNormal_ needs both: erf in double
// precision for PyTorch's norm_cdf bounds (computed in Python floats), and erfinv in float32
// exactly as PyTorch's kernel computes it, so the truncated normals match PyTorch's digits.

const TWO_OVER_SQRT_PI = 1.1283791670955126;
/** 2^27 + 1: Dekker's splitting constant for doubles. */
const SPLITTER = 134217729;

/** The error function, to a few units in the last place of a double. */
export function erf(x: number): number {
  if (Number.isNaN(x)) return x;
  const ax = Math.abs(x);
  if (ax >= 6) return Math.sign(x); // erfc(6) ≈ 2e-17 is below half an ulp of 1
  const value = ax < 2 ? erfSeries(ax) : 1 - erfcFraction(ax);
  return x < 0 ? -value : value;
}

/** e^(−x²) with x² split exactly into hi + lo (Dekker), so its rounding costs nothing. */
function gaussian(x: number): number {
  const hi = x * x;
  const c = SPLITTER * x;
  const head = c - (c - x);
  const tail = x - head;
  const lo = head * head - hi + 2 * head * tail + tail * tail;
  return Math.exp(-hi) * (1 - lo);
}

/** erf(x) for 0 <= x < 2 by the all-positive series 2/√π · e^(−x²) · Σ (2x²)ⁿ x / (2n+1)!!. */
function erfSeries(x: number): number {
  const twoSquare = 2 * x * x;
  let term = x;
  let sum = x;
  for (let n = 0; term > sum * 1e-17; n++) {
    term *= twoSquare / (2 * n + 3);
    sum += term;
  }
  return Math.min(1, TWO_OVER_SQRT_PI * gaussian(x) * sum);
}

/**
 * erfc(x) for x >= 2 by the continued fraction e^(−x²)/√π · 2x / (2x² + 1 − 1·2 / (2x² + 5 −
 * 3·4 / (2x² + 9 − ...))), evaluated with Lentz's method; relative accuracy, so 1 − erfc is
 * within an ulp of erf.
 */
function erfcFraction(x: number): number {
  const base = 2 * x * x;
  const tiny = 1e-300;
  let f = base + 1;
  let c = f;
  let d = 0;
  for (let n = 1; n < 200; n++) {
    const a = -(2 * n - 1) * (2 * n);
    const b = base + 4 * n + 1;
    d = b + a * d;
    d = d === 0 ? tiny : 1 / d;
    c = b + a / c;
    if (c === 0) c = tiny;
    const delta = c * d;
    f *= delta;
    if (Math.abs(delta - 1) < 1e-17) break;
  }
  return (((2 * x) / f) * gaussian(x)) / Math.sqrt(Math.PI);
}

const f32 = Math.fround;
/** a·b + c rounded once to float32 (the product of two floats is exact in a double). */
const fmaf = (a: number, b: number, c: number) => f32(a * b + c);

// PyTorch's calc_erfinv (ATen/native/Math.h, after Pavlis's MATLAB erfinv): a rational
// initial guess in two ranges, then two Newton steps, all in float32 for a float tensor.
const CENTRAL_RANGE = f32(0.7);
const CENTRAL_NUM = [0.886226899, -1.645349621, 0.914624893, -0.140543331].map(f32);
const CENTRAL_DEN = [-2.118377725, 1.442710462, -0.329097515, 0.012229801].map(f32);
const TAIL_NUM = [-1.970840454, -1.624906493, 3.429567803, 1.641345311].map(f32);
const TAIL_DEN = [3.5438892, 1.6370678].map(f32);
const TWO_OVER_SQRT_PI_F = f32(2 / f32(Math.sqrt(Math.PI)));

/**
 * erfinv of a float32 `y` computed as PyTorch's CPU erfinv_ computes it for float tensors:
 * float32 arithmetic with its polynomials' multiply-adds fused (as GCC compiles PyTorch's AVX2
 * kernels) and float32 erf and exp. Here erf is correctly rounded; PyTorch calls glibc's erff,
 * which is not always, so about 4% of results differ from PyTorch's by an ulp or two.
 */
export function erfinvFloat(y: number): number {
  const yAbs = Math.abs(y);
  if (!(yAbs <= 1)) return Number.NaN;
  if (yAbs === 1) return y * Number.POSITIVE_INFINITY;
  let x: number;
  if (yAbs <= CENTRAL_RANGE) {
    const z = f32(y * y);
    const [a0, a1, a2, a3] = CENTRAL_NUM;
    const [b0, b1, b2, b3] = CENTRAL_DEN;
    const num = fmaf(fmaf(fmaf(a3, z, a2), z, a1), z, a0);
    const den = fmaf(fmaf(fmaf(fmaf(b3, z, b2), z, b1), z, b0), z, 1);
    x = f32(f32(y * num) / den);
  } else {
    const z = f32(Math.sqrt(f32(-f32(Math.log(f32((1 - yAbs) / 2))))));
    const [c0, c1, c2, c3] = TAIL_NUM;
    const [d0, d1] = TAIL_DEN;
    const num = fmaf(fmaf(fmaf(c3, z, c2), z, c1), z, c0);
    const den = fmaf(fmaf(d1, z, d0), z, 1);
    x = f32((y < 0 ? -num : num) / den);
  }
  for (let step = 0; step < 2; step++) {
    const slope = f32(TWO_OVER_SQRT_PI_F * f32(Math.exp(f32(-x * x))));
    x = f32(x - f32(f32(f32(erf(x)) - y) / slope));
  }
  return x;
}
