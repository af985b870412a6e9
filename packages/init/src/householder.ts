/** The thin QR factorisation of a tall matrix: Q's orthonormal columns and R's diagonal. */
export interface ThinQr {
  /** rows × cols, row-major, QᵀQ = I. */
  readonly q: Float64Array;
  /** R's diagonal (R itself is not needed by orthogonal_). */
  readonly rDiagonal: Float64Array;
}

/**
 * Householder QR in float64 of a row-major `rows × cols` matrix with rows >= cols (what
 * torch.linalg.qr's 'reduced' mode computes with LAPACK's geqrf/orgqr). Each reflection takes
 * the sign that avoids cancellation, so R's diagonal may be negative: orthogonal_ multiplies
 * Q's columns by its signs, which makes the result independent of that convention.
 *
 * @example
 * householderQr(Float64Array.of(3, 1, 4, 2), 2, 2).rDiagonal; // [-5, -0.4] up to rounding
 */
export function householderQr(matrix: Float64Array, rows: number, cols: number): ThinQr {
  // Column-major working copy: every reflection then sweeps contiguous columns.
  const r = new Float64Array(rows * cols);
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) r[j * rows + i] = matrix[i * cols + j];
  }
  const reflectors: Float64Array[] = [];
  const rDiagonal = new Float64Array(cols);
  for (let k = 0; k < cols; k++) {
    const pivot = k * rows + k;
    let squares = 0;
    for (let i = pivot; i < (k + 1) * rows; i++) squares += r[i] * r[i];
    const norm = Math.sqrt(squares);
    const v = r.slice(pivot, (k + 1) * rows);
    const alpha = r[pivot] > 0 ? -norm : norm;
    v[0] -= alpha;
    reflect(r, rows, k, k, cols, v);
    rDiagonal[k] = alpha;
    reflectors.push(v);
  }
  // Q = H₀H₁…Hₙ₋₁ applied to the first `cols` columns of the identity, last reflector first;
  // Hₖ leaves columns j < k (still unit vectors eⱼ) untouched.
  const q = new Float64Array(rows * cols);
  for (let j = 0; j < cols; j++) q[j * rows + j] = 1;
  for (let k = cols - 1; k >= 0; k--) reflect(q, rows, k, k, cols, reflectors[k]);
  const out = new Float64Array(rows * cols);
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) out[i * cols + j] = q[j * rows + i];
  }
  return { q: out, rDiagonal };
}

/** Applies I − 2vvᵀ/(vᵀv), acting on rows k.., to columns [from, to) of a column-major matrix. */
function reflect(
  a: Float64Array,
  rows: number,
  k: number,
  from: number,
  to: number,
  v: Float64Array,
): void {
  let vv = 0;
  for (let i = 0; i < v.length; i++) vv += v[i] * v[i];
  if (vv === 0) return; // a zero column: nothing to reflect
  for (let j = from; j < to; j++) {
    const start = j * rows + k;
    let dot = 0;
    for (let i = 0; i < v.length; i++) dot += v[i] * a[start + i];
    const factor = (2 * dot) / vv;
    for (let i = 0; i < v.length; i++) a[start + i] -= factor * v[i];
  }
}
