import { describe, expect, test } from 'vitest';
import { type Backend, type DType, DTypeError, ShapeError, type Tensor, tensor } from '../index';
import { numel } from '../shape';
import { cast, expectTensor, type HostTensor, place, values } from './host';

/** Naive batched product in float64: a [B, M, K] @ b [B, K, N] (batch already broadcast). */
function product(
  a: number[],
  b: number[],
  batch: number,
  M: number,
  K: number,
  N: number,
  dtype: DType,
): number[] {
  const out: number[] = [];
  for (let t = 0; t < batch; t++) {
    for (let i = 0; i < M; i++) {
      for (let j = 0; j < N; j++) {
        let acc = 0;
        for (let k = 0; k < K; k++) acc += a[t * M * K + i * K + k] * b[t * K * N + k * N + j];
        out.push(cast(acc, dtype));
      }
    }
  }
  return out;
}

/** The host values of `x` transposed in its last two dims. */
function transposed(x: HostTensor): HostTensor {
  const nd = x.shape.length;
  const [R, C] = x.shape.slice(-2);
  const batch = numel(x.shape.slice(0, -2));
  const out: number[] = [];
  for (let t = 0; t < batch; t++)
    for (let c = 0; c < C; c++)
      for (let r = 0; r < R; r++) out.push(x.values[t * R * C + r * C + c]);
  return { ...x, values: out, shape: [...x.shape.slice(0, nd - 2), C, R] };
}

const TOL = { rtol: 1e-5, atol: 1e-5 };

const host = (shape: number[], seed: number, dtype: DType = 'float32'): HostTensor => ({
  values: values(numel(shape), dtype, seed, -2, 2),
  shape,
  dtype,
});

/**
 * `a^T` stored as its transpose's contiguous values, so `.mT` gives back `a` with swapped
 * strides: the product then reads a transposed operand, as Linear's backward does.
 */
function operand(x: HostTensor, backend: Backend, transpose: boolean): Tensor {
  if (!transpose) return place(x, backend);
  const nd = x.shape.length;
  return place(transposed(x), backend).transpose(nd - 2, nd - 1);
}

export function matmulTests(getBackend: () => Backend): void {
  describe('matmul', () => {
    const sizes: [number, number, number][] = [
      [3, 4, 5], // thin: the simple path
      [70, 40, 65], // tiled, with partial tiles on every edge
      [1, 33, 1],
      [64, 16, 64],
    ];
    for (const [M, K, N] of sizes) {
      test(`${M}x${K} @ ${K}x${N} in all four transpose cases`, async () => {
        const backend = getBackend();
        const a = host([M, K], M + K);
        const b = host([K, N], K + N + 1);
        const expected = product(Array.from(a.values), Array.from(b.values), 1, M, K, N, 'float32');
        for (const ta of [false, true]) {
          for (const tb of [false, true]) {
            const out = operand(a, backend, ta).matmul(operand(b, backend, tb));
            await expectTensor(
              out,
              { values: expected, shape: [M, N], dtype: 'float32' },
              `transpose a ${ta}, b ${tb}`,
              TOL,
            );
          }
        }
      });
    }

    test('batched, broadcast batch dims, and 1-D operands', async () => {
      const backend = getBackend();
      const a = host([2, 3, 4], 1);
      const b = host([2, 4, 5], 2);
      const batched = product(Array.from(a.values), Array.from(b.values), 2, 3, 4, 5, 'float32');
      await expectTensor(
        place(a, backend, 'strided').matmul(place(b, backend, 'offset')),
        { values: batched, shape: [2, 3, 5], dtype: 'float32' },
        'batched',
        TOL,
      );
      // [2, 1, 3, 4] @ [3, 4, 5] -> [2, 3, 3, 5]: a broadcast over b's batch, b over a's.
      const a4 = host([2, 1, 3, 4], 3);
      const b3 = host([3, 4, 5], 4);
      const expected: number[] = [];
      for (let i = 0; i < 2; i++) {
        for (let j = 0; j < 3; j++) {
          expected.push(
            ...product(
              Array.from(a4.values).slice(i * 12, i * 12 + 12),
              Array.from(b3.values).slice(j * 20, j * 20 + 20),
              1,
              3,
              4,
              5,
              'float32',
            ),
          );
        }
      }
      await expectTensor(
        place(a4, backend).matmul(operand(b3, backend, true)),
        { values: expected, shape: [2, 3, 3, 5], dtype: 'float32' },
        'broadcast batch',
        TOL,
      );
      const v = host([4], 5);
      const m = host([3, 4], 6);
      const mv = product(Array.from(m.values), Array.from(v.values), 1, 3, 4, 1, 'float32');
      await expectTensor(
        place(m, backend, 'transposed').matmul(place(v, backend, 'strided')),
        { values: mv, shape: [3], dtype: 'float32' },
        'matrix @ vector',
        TOL,
      );
      const vm = product(
        Array.from(v.values),
        Array.from(transposed(m).values),
        1,
        1,
        4,
        3,
        'float32',
      );
      await expectTensor(
        place(v, backend).matmul(place(m, backend).t()),
        { values: vm, shape: [3], dtype: 'float32' },
        'vector @ matrix',
        TOL,
      );
      const dot = product(Array.from(v.values), Array.from(v.values), 1, 1, 4, 1, 'float32');
      await expectTensor(
        place(v, backend).matmul(place(v, backend)),
        { values: dot, shape: [], dtype: 'float32' },
        'dot',
        TOL,
      );
    });

    test('batched products large enough for every kernel path, one operand broadcast', async () => {
      const backend = getBackend();
      // [3, 70, 33] @ [33, 66] -> [3, 70, 66]: b is broadcast over a's batch (stride 0).
      const a = host([3, 70, 33], 12);
      const b = host([33, 66], 13);
      const bs = Array.from({ length: 3 }, () => Array.from(b.values)).flat();
      const expected = product(Array.from(a.values), bs, 3, 70, 33, 66, 'float32');
      await expectTensor(
        place(a, backend, 'offset').matmul(operand(b, backend, true)),
        { values: expected, shape: [3, 70, 66], dtype: 'float32' },
        'batched, b broadcast and transposed',
        TOL,
      );
      const ints = host([2, 9, 7], 14, 'int32');
      const intsB = host([2, 7, 11], 15, 'int32');
      await expectTensor(
        operand(ints, backend, true).matmul(place(intsB, backend, 'strided')),
        {
          values: product(Array.from(ints.values), Array.from(intsB.values), 2, 9, 7, 11, 'int32'),
          shape: [2, 9, 11],
          dtype: 'int32',
        },
        'batched int32',
      );
    });

    test('int32 products, addmm, zero-size dims, and bad shapes', async () => {
      const backend = getBackend();
      const a = host([5, 3], 7, 'int32');
      const b = host([3, 4], 8, 'int32');
      const ints = product(Array.from(a.values), Array.from(b.values), 1, 5, 3, 4, 'int32');
      await expectTensor(
        place(a, backend).matmul(place(b, backend, 'transposed')),
        { values: ints, shape: [5, 4], dtype: 'int32' },
        'int32',
      );
      const m1 = host([4, 3], 9);
      const m2 = host([3, 2], 10);
      const bias = host([2], 11);
      const mm = product(Array.from(m1.values), Array.from(m2.values), 1, 4, 3, 2, 'float32');
      const withBias = mm.map((v, i) => cast(v + bias.values[i % 2], 'float32'));
      await expectTensor(
        place(bias, backend).addmm(place(m1, backend), place(m2, backend, 'transposed')),
        { values: withBias, shape: [4, 2], dtype: 'float32' },
        'addmm',
        TOL,
      );
      const empty = place({ values: [], shape: [3, 0], dtype: 'float32' }, backend).matmul(
        place({ values: [], shape: [0, 2], dtype: 'float32' }, backend),
      );
      await expectTensor(
        empty,
        { values: [0, 0, 0, 0, 0, 0], shape: [3, 2], dtype: 'float32' },
        'K = 0 gives zeros',
      );
      expect(() => place(m1, backend).matmul(place(m1, backend))).toThrow(ShapeError);
      expect(() => tensor([true], { backend }).matmul(tensor([true], { backend }))).toThrow(
        DTypeError,
      );
    });
  });
}
