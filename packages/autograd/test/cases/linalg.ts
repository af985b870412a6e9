import { addmm, matmul } from '@x/tensor';
import { type GradcheckCase, leaf } from '../helpers';

export const LINALG_CASES: GradcheckCase[] = [
  {
    name: 'matmul 2-D in all four transpose cases',
    fn: (a, b, at, bt) => [a.matmul(b), at.matmul(b), a.matmul(bt), at.matmul(bt)],
    inputs: () => [
      leaf([3, 4]),
      leaf([4, 5]),
      leaf([3, 4], 'transposed'),
      leaf([4, 5], 'transposed'),
    ],
  },
  {
    name: 'matmul of batches, with broadcast batch dims',
    fn: (a, b, c) => [a.matmul(b), matmul(c, a), c.matmul(a.get(0))],
    inputs: () => [leaf([2, 3, 4], 'sliced'), leaf([2, 4, 2], 'transposed'), leaf([3, 1, 5, 3])],
  },
  {
    name: 'matmul with 1-D operands (dot, matrix-vector, vector-matrix)',
    fn: (v, m, w) => [
      v.matmul(w),
      m.matmul(v),
      v.matmul(m.t()),
      w.matmul(m.expand(2, 3, 4).transpose(1, 2)),
    ],
    inputs: () => [leaf([4], 'sliced'), leaf([3, 4], 'transposed'), leaf([4])],
  },
  {
    name: 'addmm with broadcast, row and full biases',
    fn: (bias, row, full, m1, m2) => [
      bias.addmm(m1, m2),
      addmm(row, m1, m2),
      full.addmm(m1.mul(2), m2),
    ],
    inputs: () => [
      leaf([5], 'sliced'),
      leaf([1, 5]),
      leaf([3, 5], 'transposed'),
      leaf([3, 4], 'transposed'),
      leaf([4, 5]),
    ],
  },
];
