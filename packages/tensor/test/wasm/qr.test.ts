import { describe, expect, test } from 'vitest';
import { ArgumentError, qr, ShapeError } from '../../src';
import { qrReference } from '../../src/cpu/qr';
import fixture from './fixtures/qr.json';
import { bothPaths, expectSameBits, rng } from './helpers';

function randomMatrix(random: () => number, rows: number, cols: number): Float64Array {
  return Float64Array.from({ length: rows * cols }, () => random() * 2 - 1);
}

function expectClose(
  got: ArrayLike<number>,
  want: ArrayLike<number>,
  tolerance: number,
  what: string,
) {
  expect(got.length, what).toBe(want.length);
  for (let i = 0; i < want.length; i++) {
    expect(Math.abs(got[i] - want[i]), `${what} [${i}]: ${got[i]} vs ${want[i]}`).toBeLessThan(
      tolerance,
    );
  }
}

describe('qr (torch.linalg.qr, reduced, float64)', () => {
  test('matches PyTorch 1.13 (LAPACK geqrf/orgqr), signs of R included', () => {
    for (const c of fixture.cases) {
      const { q, r } = qr(Float64Array.from(c.input), c.rows, c.cols);
      expectClose(q, c.q, 1e-12, `q ${c.rows}x${c.cols}`);
      expectClose(r, c.r, 1e-12, `r ${c.rows}x${c.cols}`);
    }
  });

  test('the WebAssembly kernel gives the TypeScript kernel bits, past one panel of 32 reflectors', () => {
    const random = rng(41);
    for (const [rows, cols] of [
      [70, 45],
      [45, 70],
      [33, 33],
      [100, 1],
      [1, 9],
      [64, 64],
    ]) {
      const input = randomMatrix(random, rows, cols);
      const { reference, wasm } = bothPaths(() => qr(input, rows, cols));
      expectSameBits(wasm.q, reference.q, `q ${rows}x${cols}`);
      expectSameBits(wasm.r, reference.r, `r ${rows}x${cols}`);
      const direct = qrReference(input, rows, cols);
      expectSameBits(wasm.q, direct.q, `q ${rows}x${cols} (qrReference)`);
    }
  });

  test('q has orthonormal columns, r is upper triangular, and q·r is the input', () => {
    const random = rng(42);
    const [rows, cols] = [90, 60];
    const input = randomMatrix(random, rows, cols);
    const { q, r } = qr(input, rows, cols);
    for (let i = 0; i < cols; i++) {
      for (let j = 0; j < cols; j++) {
        let qtq = 0;
        for (let p = 0; p < rows; p++) qtq += q[p * cols + i] * q[p * cols + j];
        expect(Math.abs(qtq - (i === j ? 1 : 0))).toBeLessThan(1e-13);
        if (j < i) expect(r[i * cols + j]).toBe(0);
      }
    }
    for (let i = 0; i < rows; i++) {
      for (let j = 0; j < cols; j++) {
        let product = 0;
        for (let p = 0; p < cols; p++) product += q[i * cols + p] * r[p * cols + j];
        expect(Math.abs(product - input[i * cols + j])).toBeLessThan(1e-13);
      }
    }
  });

  test('empty matrices give empty factors', () => {
    expect(qr(new Float64Array(0), 0, 3)).toEqual({
      q: new Float64Array(0),
      r: new Float64Array(0),
    });
    const { q, r } = qr(new Float64Array(0), 4, 0);
    expect([q.length, r.length]).toEqual([0, 0]);
  });

  test('bad arguments throw and leave the input unchanged', () => {
    const input = Float64Array.of(1, 2, 3, 4);
    expect(() => qr(input, 3, 2)).toThrow(ShapeError);
    expect(() => qr(input, 3, 2)).toThrow(
      /qr: input must be a Float64Array of rows · cols = 6 elements/,
    );
    expect(() => qr(Float32Array.of(1, 2, 3, 4) as unknown as Float64Array, 2, 2)).toThrow(
      ShapeError,
    );
    expect(() => qr(input, -2, -2)).toThrow(ArgumentError);
    expect(() => qr(input, 2.5, 2)).toThrow(/qr: rows must be a non-negative integer, got 2.5/);
    expect(Array.from(input)).toEqual([1, 2, 3, 4]);
  });
});
