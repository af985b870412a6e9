/**
 * The WGSL helpers every generated shader starts with. The rendered elementwise expressions
 * (render-wgsl.ts) call the T-generic ones, which are defined here for the shader's compute
 * type T (f32 or i32), so one expression serves both.
 *
 * NaN is detected from its bits: GPU compilers (llvmpipe included) may fold `x != x` to
 * false, and NaN or infinity may not appear in WGSL constant expressions, so such values come
 * from private variables.
 */

export type ComputeType = 'f32' | 'i32';

const ALWAYS = /* wgsl */ `
var<private> NAN_BITS: u32 = 0x7fc00000u;
var<private> INF_BITS: u32 = 0x7f800000u;
fn nan_f32() -> f32 { return bitcast<f32>(NAN_BITS); }
fn inf_f32() -> f32 { return bitcast<f32>(INF_BITS); }
fn is_nan_f32(x: f32) -> bool { return (bitcast<u32>(x) & 0x7fffffffu) > 0x7f800000u; }
fn is_inf_f32(x: f32) -> bool { return (bitcast<u32>(x) & 0x7fffffffu) == 0x7f800000u; }
fn nonzero_f32(x: f32) -> bool { return (bitcast<u32>(x) & 0x7fffffffu) != 0u; }
/** float -> int truncated as PyTorch's casts on x86: NaN, ±inf and out-of-range values give INT_MIN. */
fn f32_to_i32(x: f32) -> i32 {
  let in_range = !is_nan_f32(x) && x >= -2147483648.0 && x < 2147483648.0;
  return select(i32(-2147483647) - 1, i32(x), in_range);
}
`;

const FLOAT = /* wgsl */ `
fn is_nan(x: f32) -> bool { return is_nan_f32(x); }
fn nonzero(x: f32) -> bool { return nonzero_f32(x); }
fn maximum_(a: f32, b: f32) -> f32 { return select(max(a, b), nan_f32(), is_nan_f32(a) || is_nan_f32(b)); }
fn minimum_(a: f32, b: f32) -> f32 { return select(min(a, b), nan_f32(), is_nan_f32(a) || is_nan_f32(b)); }
fn floor_(a: f32) -> f32 { return floor(a); }
fn ceil_(a: f32) -> f32 { return ceil(a); }
fn round_(a: f32) -> f32 { return round(a); }
fn trunc_(a: f32) -> f32 { return trunc(a); }
/** exp(a) - 1 without cancellation near 0 (Kahan's trick). */
fn expm1_(a: f32) -> f32 {
  let u = exp(a);
  if (u == 1.0 || is_nan_f32(a)) { return a; }
  let um1 = u - 1.0;
  if (um1 == -1.0) { return -1.0; }
  if (u > 3.0e38) { return u; }
  return um1 * a / log(u);
}
/** log(1 + a) without cancellation near 0 (Kahan's trick). */
fn log1p_(a: f32) -> f32 {
  let u = 1.0 + a;
  if (u == 1.0 || is_nan_f32(a)) { return a; }
  if (u > 3.0e38) { return log(u); }
  return log(u) * a / (u - 1.0);
}
/**
 * C's powf, as PyTorch's CPU kernel: 1 to any power and −1 to ±inf give 1. Zeros and
 * infinities are handled here: WGSL leaves pow() undefined for them and for negative bases.
 */
fn pow_(a: f32, b: f32) -> f32 {
  if (b == 0.0 || a == 1.0) { return 1.0; }
  if (is_nan_f32(a) || is_nan_f32(b)) { return nan_f32(); }
  let negative = (bitcast<u32>(a) & 0x80000000u) != 0u;
  let integer = floor(b) == b;
  let odd = integer && !is_inf_f32(b) && !(floor(b * 0.5) == b * 0.5);
  let x = abs(a);
  var magnitude = 0.0;
  if (is_inf_f32(b)) {
    if (x == 1.0) { return 1.0; }
    magnitude = select(0.0, inf_f32(), (x > 1.0) == (b > 0.0));
  } else if (x == 0.0) {
    magnitude = select(inf_f32(), 0.0, b > 0.0);
  } else if (is_inf_f32(x)) {
    magnitude = select(0.0, inf_f32(), b > 0.0);
  } else {
    if (negative && !integer) { return nan_f32(); }
    magnitude = pow(x, b);
  }
  return select(magnitude, -magnitude, negative && odd);
}
/**
 * erf within about 1 ulp where exp is correctly rounded (Juffa's minimax fit: a polynomial in
 * x² up to 0.9277, 1 − exp(polynomial) beyond); the CPU's is correctly rounded.
 */
fn erf_(a: f32) -> f32 {
  let t = abs(a);
  let s = a * a;
  if (t > 0.927734375) {
    var r = fma(-1.72853470e-5, t, 3.83197126e-4);
    let u = fma(-3.88396438e-3, t, 2.42546219e-2);
    r = fma(r, s, u);
    r = fma(r, t, -1.06777877e-1);
    r = fma(r, t, -6.34846687e-1);
    r = fma(r, t, -1.28717512e-1);
    r = fma(r, t, -t);
    let magnitude = select(1.0 - exp(r), 1.0, is_inf_f32(a));
    return select(magnitude, -magnitude, a < 0.0);
  }
  var r = -5.96761703e-4;
  r = fma(r, s, 4.99119423e-3);
  r = fma(r, s, -2.67681349e-2);
  r = fma(r, s, 1.12819925e-1);
  r = fma(r, s, -3.76125336e-1);
  r = fma(r, s, 1.28379166e-1);
  return fma(r, a, a);
}
/** IEEE atan2(y, x) (Math.atan2), including signed zeros and infinities, which WGSL leaves undefined. */
fn atan2_(y: f32, x: f32) -> f32 {
  if (is_nan_f32(y) || is_nan_f32(x)) { return nan_f32(); }
  let sy = select(1.0, -1.0, (bitcast<u32>(y) & 0x80000000u) != 0u);
  let x_negative = (bitcast<u32>(x) & 0x80000000u) != 0u;
  if (y == 0.0) { return sy * select(0.0, 3.1415927, x_negative); }
  if (is_inf_f32(y)) { return sy * select(1.5707964, select(0.7853982, 2.3561945, x_negative), is_inf_f32(x)); }
  if (x == 0.0) { return sy * 1.5707964; }
  if (is_inf_f32(x)) { return sy * select(0.0, 3.1415927, x_negative); }
  return atan2(y, x);
}
`;

const INT = /* wgsl */ `
fn is_nan(x: i32) -> bool { return false; }
fn nonzero(x: i32) -> bool { return x != 0; }
fn maximum_(a: i32, b: i32) -> i32 { return max(a, b); }
fn minimum_(a: i32, b: i32) -> i32 { return min(a, b); }
fn floor_(a: i32) -> i32 { return a; }
fn ceil_(a: i32) -> i32 { return a; }
fn round_(a: i32) -> i32 { return a; }
fn trunc_(a: i32) -> i32 { return a; }
/** a ** b in wrapping i32 arithmetic; negative exponents give JS's value truncated. */
fn pow_(a: i32, b: i32) -> i32 {
  if (b < 0) { return select(select(0, 1, a == 1), select(1, -1, (b & 1) != 0), a == -1); }
  var result = 1;
  var base = a;
  var e = u32(b);
  loop {
    if (e == 0u) { break; }
    if ((e & 1u) != 0u) { result = result * base; }
    base = base * base;
    e = e >> 1u;
  }
  return result;
}
`;

/** The helpers for a shader whose elementwise compute type is `type`. */
export function prelude(type: ComputeType): string {
  return ALWAYS + (type === 'f32' ? FLOAT : INT);
}
