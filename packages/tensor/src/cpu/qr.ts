import { ArgumentError, ShapeError, show } from '../errors';
import { assemble, type QrResult, toColumnMajor } from './qr-layout';
import { qrWasm } from './wasm/ops/qr';

export type { QrResult };

/**
 * The reduced QR factorisation of a row-major float64 matrix, by Householder reflections
 * (torch.linalg.qr(input, mode='reduced'), which runs LAPACK's geqrf and orgqr): input = q·r.
 * R's diagonal follows LAPACK's signs (each reflection sends x to -sign(x₀)‖x‖, a column with
 * nothing below its diagonal is left alone), so results match PyTorch's float64 QR to
 * rounding. Runs as WebAssembly SIMD where available; the same bits either way.
 *
 * @example
 * const { q, r } = qr(Float64Array.of(3, 1, 4, 2), 2, 2);
 * // r = [-5, -2.2, 0, 0.4]; q·r reproduces the input
 */
export function qr(input: Float64Array, rows: number, cols: number): QrResult {
  for (const [name, value] of [
    ['rows', rows],
    ['cols', cols],
  ] as const) {
    if (!Number.isInteger(value) || value < 0) {
      throw new ArgumentError(`qr: ${name} must be a non-negative integer, got ${show(value)}`);
    }
  }
  if (!(input instanceof Float64Array) || input.length !== rows * cols) {
    throw new ShapeError(
      `qr: input must be a Float64Array of rows · cols = ${rows * cols} elements, got ${show(input)}`,
    );
  }
  return qrWasm(input, rows, cols) ?? qrReference(input, rows, cols);
}

/** The TypeScript kernel: geqrf and orgqr on a column-major copy (see wasm/kernels/qr.ts). */
export function qrReference(input: Float64Array, rows: number, cols: number): QrResult {
  const k = Math.min(rows, cols);
  const a = toColumnMajor(input, rows, cols);
  const diag = new Float64Array(k);
  const tau = new Float64Array(k);
  for (let step = 0; step < k; step++) {
    const pivot = step * rows + step;
    const length = rows - step;
    const x0 = a[pivot];
    const below = dot(a, pivot + 1, a, pivot + 1, length - 1);
    if (below === 0) {
      diag[step] = x0;
      continue;
    }
    const norm = Math.sqrt(x0 * x0 + below);
    const beta = x0 < 0 || Object.is(x0, -0) ? norm : -norm; // -copysign(norm, x0)
    a[pivot] = x0 - beta;
    tau[step] = 2 / (a[pivot] * a[pivot] + below);
    diag[step] = beta;
    reflect(a, pivot, length, tau[step], step, rows, step + 1, cols);
  }
  const q = new Float64Array(rows * k);
  for (let j = 0; j < k; j++) q[j * rows + j] = 1;
  for (let step = k - 1; step >= 0; step--) {
    reflect(a, step * rows + step, rows - step, tau[step], step, rows, step, k, q);
  }
  return assemble(a, diag, q, rows, cols);
}

/** Applies I - tau·v·vᵀ (v = a[v..v+length)) to rows `row`.. of columns [from, to) of `target`. */
function reflect(
  a: Float64Array,
  v: number,
  length: number,
  tau: number,
  row: number,
  rows: number,
  from: number,
  to: number,
  target = a,
): void {
  for (let j = from; j < to; j++) {
    const start = j * rows + row;
    const factor = tau * dot(a, v, target, start, length);
    for (let i = 0; i < length; i++) target[start + i] -= factor * a[v + i];
  }
}

/** x·y in the WebAssembly kernel's order: four partial sums, paired, then the tail. */
function dot(x: Float64Array, xAt: number, y: Float64Array, yAt: number, length: number): number {
  let [s0, s1, s2, s3] = [0, 0, 0, 0];
  const end = length & ~3;
  for (let i = 0; i < end; i += 4) {
    s0 += x[xAt + i] * y[yAt + i];
    s1 += x[xAt + i + 1] * y[yAt + i + 1];
    s2 += x[xAt + i + 2] * y[yAt + i + 2];
    s3 += x[xAt + i + 3] * y[yAt + i + 3];
  }
  let sum = s0 + s2 + (s1 + s3);
  for (let i = end; i < length; i++) sum += x[xAt + i] * y[yAt + i];
  return sum;
}
