// The layouts both QR kernels share: the input copied column-major (LAPACK's), and their
// column-major results put back in row-major order.

export interface QrResult {
  /** rows × k with orthonormal columns (k = min(rows, cols)), row-major. */
  readonly q: Float64Array;
  /** k × cols, upper triangular, row-major. */
  readonly r: Float64Array;
}

export function toColumnMajor(input: Float64Array, rows: number, cols: number): Float64Array {
  const out = new Float64Array(rows * cols);
  for (let i = 0; i < rows; i++)
    for (let j = 0; j < cols; j++) out[j * rows + i] = input[i * cols + j];
  return out;
}

/** Q (column-major) to row-major; R from a's upper triangle and the diagonal. */
export function assemble(
  a: Float64Array,
  diag: Float64Array,
  qColumns: Float64Array,
  rows: number,
  cols: number,
): QrResult {
  const k = Math.min(rows, cols);
  const q = new Float64Array(rows * k);
  for (let i = 0; i < rows; i++) for (let j = 0; j < k; j++) q[i * k + j] = qColumns[j * rows + i];
  const r = new Float64Array(k * cols);
  for (let i = 0; i < k; i++) {
    r[i * cols + i] = diag[i];
    for (let j = i + 1; j < cols; j++) r[i * cols + j] = a[j * rows + i];
  }
  return { q, r };
}
