import { noGrad, qr, type RandomOptions, type Tensor } from '@x/tensor';
import { readArguments } from './arguments';
import { checkFinite, checkFloat, checkNdim } from './checks';
import { drawOnHost, writeHost } from './write';

export interface OrthogonalOptions extends RandomOptions {
  /** Multiplier of the orthogonal matrix, 1 by default. */
  gain?: number;
}

/**
 * Fills `tensor` with a (semi-)orthogonal matrix, in place (torch.nn.init.orthogonal_), as in
 * Saxe et al. (2013). Trailing dims are flattened: a [out, in, kh, kw] weight becomes an
 * out × (in·kh·kw) matrix whose rows (if out <= in·kh·kw) or columns are orthonormal.
 * PyTorch's steps: N(0, 1) draws of that matrix (transposed when wide), QR, Q's columns
 * times the signs of R's diagonal (so Q is Haar-distributed), transposed back, times gain.
 * The QR (@x/tensor's `qr`) runs on the host in float64, where PyTorch uses float32 LAPACK: the values agree with
 * PyTorch's to about 1e-5 and are closer to orthogonal. Takes PyTorch's positional
 * `(tensor, gain=1)` or an options object.
 *
 * @example
 * orthogonal_(empty([64, 3, 3, 3]), calculateGain('relu'));
 * orthogonal_(empty([64, 3, 3, 3]), { gain: calculateGain('relu'), generator });
 */
export function orthogonal_(tensor: Tensor, options?: OrthogonalOptions): Tensor;
export function orthogonal_(tensor: Tensor, gain?: number, options?: RandomOptions): Tensor;
export function orthogonal_(tensor: Tensor, ...args: unknown[]): Tensor {
  const { gain = 1, generator } = readArguments('orthogonal_', args, [
    { name: 'gain', kind: 'number' },
  ]) as OrthogonalOptions;
  checkFloat('orthogonal_', tensor);
  checkNdim('orthogonal_', tensor, (ndim) => ndim >= 2, '2 or more');
  checkFinite('orthogonal_', 'gain', gain);
  if (tensor.numel() === 0) return tensor;
  const rows = tensor.shape[0];
  const cols = tensor.numel() / rows;
  const drawn = drawOnHost(
    [rows, cols],
    (scratch, g) => scratch.normal_(0, 1, { generator: g }),
    generator,
  );
  const wide = rows < cols;
  const [m, n] = wide ? [cols, rows] : [rows, cols];
  const matrix = new Float64Array(m * n);
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) matrix[wide ? j * n + i : i * n + j] = drawn[i * cols + j];
  }
  const { q, r } = qr(matrix, m, n);
  const f32 = Math.fround;
  const gain32 = f32(gain);
  const values = new Float32Array(rows * cols);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      const entry = f32(q[i * n + j] * Math.sign(r[j * n + j]));
      values[wide ? j * cols + i : i * cols + j] = f32(entry * gain32);
    }
  }
  noGrad(() => writeHost(tensor, values));
  return tensor;
}
