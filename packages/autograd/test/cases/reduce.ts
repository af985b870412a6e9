import { manualSeed } from '@x/tensor';
import { type GradcheckCase, leaf } from '../helpers';

export const REDUCE_CASES: GradcheckCase[] = [
  {
    name: 'sum: all, one dim, keepdim, several dims',
    fn: (a, b) => [a.sum(), a.sum(0), a.sum(1, { keepdim: true }), b.sum([0, 2]), b.sum(-1)],
    inputs: () => [leaf([3, 4], 'transposed'), leaf([2, 3, 4], 'sliced')],
  },
  {
    name: 'mean: all, one dim, keepdim, several dims',
    fn: (a, b) => [a.mean(), a.mean(1), b.mean([0, 1], { keepdim: true }), b.mean(2)],
    inputs: () => [leaf([3, 4], 'sliced'), leaf([2, 3, 4], 'transposed')],
  },
  {
    name: 'prod: all, one dim, keepdim',
    fn: (a, b) => [a.prod(), a.prod(1), b.prod(0, { keepdim: true })],
    inputs: () => [leaf([2, 3], 'transposed'), leaf([3, 2, 2], 'sliced')],
  },
  {
    name: 'max and min over everything and along a dim',
    fn: (a) => [a.max(), a.min(), a.max(1).values, a.min(0, { keepdim: true }).values],
    inputs: () => [leaf([3, 4], 'transposed')],
  },
  {
    name: 'amax and amin with dims, keepdim and over everything',
    fn: (a, b) => [a.amax(1), a.amin(), b.amax([0, 2]), b.amin(1, { keepdim: true })],
    inputs: () => [leaf([3, 4], 'sliced'), leaf([2, 3, 4], 'transposed')],
  },
  {
    name: 'composites: var, std, logsumexp, softmax, logSoftmax',
    fn: (a) => [
      a.var(1),
      a.std(),
      a.var(0, { correction: 0, keepdim: true }),
      a.logsumexp(1),
      a.softmax(1),
      a.logSoftmax(0),
    ],
    inputs: () => {
      manualSeed(3);
      return [leaf([3, 4], 'transposed')];
    },
  },
];
