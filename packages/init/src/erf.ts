// erfinv on the host, which JavaScript lacks, in float32 exactly as PyTorch's kernel computes
// it, so truncNormal_'s truncated normals match PyTorch's digits.
import { erfFloat } from '@x/tensor';

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
    // Indexed, not destructured: destructuring these arrays cost ~15 ns a call in V8.
    const a = CENTRAL_NUM;
    const b = CENTRAL_DEN;
    const num = fmaf(fmaf(fmaf(a[3], z, a[2]), z, a[1]), z, a[0]);
    const den = fmaf(fmaf(fmaf(fmaf(b[3], z, b[2]), z, b[1]), z, b[0]), z, 1);
    x = f32(f32(y * num) / den);
  } else {
    const z = f32(Math.sqrt(f32(-f32(Math.log(f32((1 - yAbs) / 2))))));
    const c = TAIL_NUM;
    const d = TAIL_DEN;
    const num = fmaf(fmaf(fmaf(c[3], z, c[2]), z, c[1]), z, c[0]);
    const den = fmaf(fmaf(d[1], z, d[0]), z, 1);
    x = f32((y < 0 ? -num : num) / den);
  }
  for (let step = 0; step < 2; step++) {
    const slope = f32(TWO_OVER_SQRT_PI_F * f32(Math.exp(f32(-x * x))));
    x = f32(x - f32(f32(erfFloat(x) - y) / slope));
  }
  return x;
}
