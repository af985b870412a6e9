// Python's float formatting ('{:.Nf}', '{:.Ne}') reproduced exactly. Python rounds the exact
// binary value half-to-even; JS toFixed/toExponential round ties away from zero (0.03125 ->
// '0.0313', Python '0.0312') and toFixed switches to exponent notation from 1e21, so the digits
// are computed here with BigInt on the exact value mantissa * 2^exponent.

const F64 = new Float64Array(1);
const U32 = new Uint32Array(F64.buffer);
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** |x| as mant * 2^exp with mant a non-negative integer; x must be finite. */
function decompose(x: number): { mant: bigint; exp: number } {
  F64[0] = x;
  const hi = U32[LITTLE_ENDIAN ? 1 : 0];
  const lo = U32[LITTLE_ENDIAN ? 0 : 1];
  const biased = (hi >>> 20) & 0x7ff;
  const frac = (BigInt(hi & 0xfffff) << 32n) | BigInt(lo);
  if (biased === 0) return { mant: frac, exp: -1074 };
  return { mant: frac | (1n << 52n), exp: biased - 1075 };
}

/** The rational num / den, rounded half-to-even to an integer (num, den > 0). */
function roundHalfEven(num: bigint, den: bigint): bigint {
  const q = num / den;
  const twice = 2n * (num % den);
  if (twice > den || (twice === den && q % 2n === 1n)) return q + 1n;
  return q;
}

/** |x| * 10^k as a fraction num / den. */
function scaled(x: number, k: number): { num: bigint; den: bigint } {
  const { mant, exp } = decompose(x);
  let num = mant;
  let den = 1n;
  if (exp >= 0) num <<= BigInt(exp);
  else den <<= BigInt(-exp);
  if (k >= 0) num *= 10n ** BigInt(k);
  else den *= 10n ** BigInt(-k);
  return { num, den };
}

function nonFinite(x: number): string {
  if (Number.isNaN(x)) return 'nan'; // Python drops the sign of a NaN
  return x > 0 ? 'inf' : '-inf';
}

function sign(x: number): string {
  return x < 0 || Object.is(x, -0) ? '-' : '';
}

/** Python's format(x, '.{precision}f'). */
export function formatFixed(x: number, precision: number): string {
  if (!Number.isFinite(x)) return nonFinite(x);
  const { num, den } = scaled(x, precision);
  let digits = roundHalfEven(num, den).toString();
  if (precision === 0) return sign(x) + digits;
  digits = digits.padStart(precision + 1, '0');
  const cut = digits.length - precision;
  return `${sign(x)}${digits.slice(0, cut)}.${digits.slice(cut)}`;
}

/** Python's format(x, '.{precision}e'): at least two exponent digits. */
export function formatExp(x: number, precision: number): string {
  if (!Number.isFinite(x)) return nonFinite(x);
  let e = 0;
  let digits: string;
  if (x === 0) {
    digits = '0'.repeat(precision + 1);
  } else {
    const ax = Math.abs(x);
    e = Math.floor(Math.log10(ax));
    // log10 can be off by one near powers of ten: settle e so that 10^e <= |x| < 10^(e+1).
    for (;;) {
      const lo = scaled(ax, -e);
      if (lo.num < lo.den) {
        e -= 1;
        continue;
      }
      const hi = scaled(ax, -(e + 1));
      if (hi.num >= hi.den) {
        e += 1;
        continue;
      }
      break;
    }
    const { num, den } = scaled(ax, precision - e);
    let n = roundHalfEven(num, den);
    if (n === 10n ** BigInt(precision + 1)) {
      n /= 10n;
      e += 1;
    }
    digits = n.toString();
  }
  const mantissa = precision === 0 ? digits : `${digits[0]}.${digits.slice(1)}`;
  const expAbs = Math.abs(e).toString().padStart(2, '0');
  return `${sign(x)}${mantissa}e${e < 0 ? '-' : '+'}${expAbs}`;
}
