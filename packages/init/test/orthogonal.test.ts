import { empty, manualSeed, type Tensor } from '@x/tensor';
import { describe, expect, it } from 'vitest';
import { orthogonal_ } from '../src';

/** The rows × cols matrix that orthogonal_ makes orthonormal (trailing dims flattened). */
function asMatrix(t: Tensor): number[][] {
  const rows = t.shape[0];
  const cols = t.numel() / rows;
  const values = t.toArraySync();
  return Array.from({ length: rows }, (_, i) =>
    Array.from(values.subarray(i * cols, (i + 1) * cols)),
  );
}

/** M Mᵀ for a list of rows, in float64. */
function gram(rows: number[][]): number[][] {
  return rows.map((a) => rows.map((b) => a.reduce((sum, v, k) => sum + v * b[k], 0)));
}
const transpose = (m: number[][]) => m[0].map((_, j) => m.map((row) => row[j]));

/** The largest |M − scale·I| entry. */
function distanceFromIdentity(m: number[][], scale: number): number {
  return Math.max(...m.flatMap((row, i) => row.map((v, j) => Math.abs(v - (i === j ? scale : 0)))));
}

describe('orthogonal_', () => {
  for (const shape of [
    [8, 8],
    [12, 5],
    [5, 12],
    [16, 3, 3, 3],
    [4, 3, 3, 3],
    [30, 2, 2],
    [1, 7],
    [7, 1],
  ]) {
    it(`gives orthonormal ${shape[0] < shape.slice(1).reduce((a, b) => a * b, 1) ? 'rows' : 'columns'} for ${JSON.stringify(shape)}`, () => {
      manualSeed(11);
      const matrix = asMatrix(orthogonal_(empty(shape)));
      const wide = matrix.length < matrix[0].length;
      // QQᵀ = I for wide matrices (orthonormal rows), QᵀQ = I for square and tall ones.
      expect(distanceFromIdentity(gram(wide ? matrix : transpose(matrix)), 1)).toBeLessThan(1e-5);
    });
  }

  it('scales by gain: QᵀQ = gain²·I', () => {
    manualSeed(3);
    const matrix = asMatrix(orthogonal_(empty([6, 4]), { gain: 3 }));
    expect(distanceFromIdentity(gram(transpose(matrix)), 9)).toBeLessThan(1e-4);
  });

  it('leaves zero-element tensors alone and returns its argument', () => {
    const t = empty([0, 3]);
    expect(orthogonal_(t)).toBe(t);
  });

  it('draws Haar-distributed matrices: the diagonal of Q has mean 0 over many draws', () => {
    // Without the sign correction, Householder QR gives Q₀₀ = −|a₀₀| / ‖a₀‖ < 0 every time;
    // with it, Q is Haar-distributed and E[Q₀₀] = 0.
    manualSeed(5);
    let sum = 0;
    const draws = 2000;
    for (let i = 0; i < draws; i++) sum += orthogonal_(empty([4, 4])).toArraySync()[0];
    // Q₀₀ has variance 1/4; 5 standard errors.
    expect(Math.abs(sum / draws)).toBeLessThan(5 * Math.sqrt(0.25 / draws));
  });
});
