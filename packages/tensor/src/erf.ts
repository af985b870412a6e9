// erf on the host, which JavaScript lacks: in double precision (erfScalar: @x/init's
// truncNormal_ bounds, computed in Python floats by PyTorch) and correctly rounded to float32
// (erfFloat: the CPU kernel of the erf op, and erfinv's Newton steps in @x/init).

const TWO_OVER_SQRT_PI = 1.1283791670955126;
/** 2^27 + 1: Dekker's splitting constant for doubles. */
const SPLITTER = 134217729;

/**
 * The error function of a double, to a few units in its last place; odd, so erf(−0) is −0.
 *
 * @example
 * erfScalar(1); // 0.8427007929497149
 */
export function erfScalar(x: number): number {
  if (Number.isNaN(x) || x === 0) return x;
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

// erfFloat: Math.fround(erfScalar(x)) at a third of the cost. A cheap double v approximates
// erf(|x|) to within ERF_FLOAT_BOUND·v of erfScalar's own value. Rounding
// to float32 is monotonic, so when v·(1 − bound) and v·(1 + bound) round to the same float,
// erf(|x|), which lies between them, rounds to it too: the answer is exactly
// Math.fround(erfScalar(x)). Otherwise (about one input in 40,000) erfScalar decides.
//
// Why the bound holds: erf is within a few ulps of the truth (under 1e-14 relative); each
// interpolant below differs from the truth by its nodes' error times the Lebesgue constant
// (under 3), Horner's rounding (a few ulps, as |x − centre| <= 1/8) and a truncation error
// under 2e-17 (Cramér's bound on erf's 12th derivative); the Taylor sum's truncation is under
// 1e-19. Together that is under 1e-13 (2.5e-15 measured over float32s), far inside the bound,
// and the band the bound leaves ambiguous is still 10^4 times narrower than a float ulp.
const ERF_FLOAT_BOUND = 1e-12;

/** Below 1/4, erf(x)/x = 2/√π · Σ (−x²)ⁿ / (n!·(2n+1)), relative so tiny x lose nothing. */
const TAYLOR_END = 0.25;
const ERF_OVER_X_TAYLOR = Array.from({ length: 10 }, (_, n) => {
  let factorial = 1;
  for (let k = 2; k <= n; k++) factorial *= k;
  return ((-1) ** n * TWO_OVER_SQRT_PI) / (factorial * (2 * n + 1));
});

/**
 * From 1/4 to 4, pieces 1/4 wide, each the degree-11 polynomial through erf at its Chebyshev
 * nodes, stored as powers of x − centre. From 4 on, erfScalar decides.
 */
const PIECES_PER_UNIT = 4;
const PIECES_END = 4;
const PIECE_DEGREE = 11;
const PIECE_COEFFICIENTS = Float64Array.from(
  Array.from({ length: PIECES_END * PIECES_PER_UNIT - 1 }, (_, i) =>
    chebyshevInterpolant(
      erfScalar,
      (i + 1.5) / PIECES_PER_UNIT,
      0.5 / PIECES_PER_UNIT,
      PIECE_DEGREE,
    ),
  ).flat(),
);

/**
 * Coefficients, in powers of x − centre, of the degree-`degree` polynomial that interpolates
 * `f` at the Chebyshev nodes of [centre − half, centre + half].
 */
function chebyshevInterpolant(
  f: (x: number) => number,
  centre: number,
  half: number,
  degree: number,
): number[] {
  const count = degree + 1;
  const angle = (k: number, j: number) => (Math.PI * k * (j + 0.5)) / count;
  const values = Array.from({ length: count }, (_, j) => f(centre + half * Math.cos(angle(1, j))));
  // Chebyshev polynomials T_k as integer coefficients of t = (x − centre) / half.
  const chebyshev = [[1], [0, 1]];
  for (let k = 2; k < count; k++)
    chebyshev.push(
      Array.from(
        { length: k + 1 },
        (_, i) => 2 * (chebyshev[k - 1][i - 1] ?? 0) - (chebyshev[k - 2][i] ?? 0),
      ),
    );
  const powers = new Array<number>(count).fill(0);
  for (let k = 0; k < count; k++) {
    let weight = 0;
    for (let j = 0; j < count; j++) weight += values[j] * Math.cos(angle(k, j));
    weight *= (k === 0 ? 1 : 2) / count;
    chebyshev[k].forEach((c, i) => {
      powers[i] += weight * c;
    });
  }
  return powers.map((c, i) => c / half ** i);
}

/**
 * erf rounded to float32: bit for bit Math.fround(erfScalar(x)), mostly without calling it.
 * The CPU kernel of torch.erf on float32 tensors.
 *
 * @example
 * erfFloat(1); // 0.8427007794380188, the float32 nearest erf(1)
 */
export function erfFloat(x: number): number {
  if (x === 0) return x; // ±0 keep their sign
  const ax = Math.abs(x);
  if (!(ax < PIECES_END)) return f32(erfScalar(x)); // NaN too
  let v: number;
  if (ax < TAYLOR_END) {
    const square = ax * ax;
    const c = ERF_OVER_X_TAYLOR;
    let sum = c[c.length - 1];
    for (let n = c.length - 2; n >= 0; n--) sum = sum * square + c[n];
    v = ax * sum;
  } else {
    const piece = Math.floor(ax * PIECES_PER_UNIT);
    const u = ax - (piece + 0.5) / PIECES_PER_UNIT; // exact (Sterbenz)
    const base = (piece - 1) * (PIECE_DEGREE + 1);
    v = PIECE_COEFFICIENTS[base + PIECE_DEGREE];
    for (let i = PIECE_DEGREE - 1; i >= 0; i--) v = v * u + PIECE_COEFFICIENTS[base + i];
  }
  const low = f32(v * (1 - ERF_FLOAT_BOUND));
  if (low !== f32(v * (1 + ERF_FLOAT_BOUND))) return f32(erfScalar(x));
  return x < 0 ? -low : low;
}
