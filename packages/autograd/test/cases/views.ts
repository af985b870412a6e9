import { CpuBackend, cat, cpu, manualSeed, stack, tensor } from '@x/tensor';
import { type GradcheckCase, leaf } from '../helpers';

const otherBackend = new CpuBackend();
const constant = tensor([
  [1, 2],
  [3, 4],
  [5, 6],
]);

export const VIEW_CASES: GradcheckCase[] = [
  {
    name: 'view, reshape (a view, then a copy of a non-contiguous input), flatten',
    fn: (a, b) => [a.view(12), a.view(2, -1, 3), b.reshape(2, 6), b.flatten(), a.reshape([4, 3])],
    inputs: () => [leaf([3, 4]), leaf([3, 4], 'transposed')],
  },
  {
    name: 'permute, transpose, t, T',
    fn: (a, b) => [a.permute(2, 0, 1), a.transpose(0, 2), b.t(), b.T, a.transpose(-1, 1)],
    inputs: () => [leaf([2, 3, 4], 'sliced'), leaf([3, 4], 'transposed')],
  },
  {
    name: 'expand: new leading dims and stretched size-1 dims',
    fn: (a, b) => [a.expand(3, 4), a.expand(2, 3, 4), b.expand(-1, 4), b.expandAs(a.expand(3, 4))],
    inputs: () => [leaf([4], 'sliced'), leaf([3, 1])],
  },
  {
    name: 'squeeze (all, one dim, a dim of size > 1) and unsqueeze',
    fn: (a, b) => [
      a.squeeze(),
      a.squeeze(0),
      a.squeeze(1),
      a.squeeze(-1).unsqueeze(0),
      a.unsqueeze(3),
      b.squeeze(1).unsqueeze(-1),
    ],
    inputs: () => [leaf([1, 3, 1]), leaf([3, 1, 4], 'sliced')],
  },
  {
    name: 'slice with steps, narrow, select, get',
    fn: (a) => [
      a.slice(1, 1, 4),
      a.slice(0, 0, 3, 2),
      a.narrow(1, 2, 2),
      a.select(0, -1),
      a.get(':', 1),
      a.get('1:', '::3'),
      a.get(null, 0),
      a.get('...', -1),
    ],
    inputs: () => [leaf([3, 5], 'transposed')],
  },
  {
    name: 'split and chunk (several outputs sharing one input)',
    fn: (a) => [...a.split(2, 1), ...a.chunk(2, 0), ...a.split([1, 3], 1)],
    inputs: () => [leaf([3, 4], 'sliced')],
  },
  {
    name: 'clone and contiguous',
    fn: (a, b) => [a.clone(), b.contiguous(), a.contiguous()],
    inputs: () => [leaf([3, 4]), leaf([3, 4], 'transposed')],
  },
  {
    name: 'cat and stack, with an input that needs no gradient',
    fn: (a, b, c) => [
      cat([a, constant, c], 1),
      cat([a.t(), c.t()], 0),
      stack([a, a.mul(2)], 1),
      cat([b], 0),
    ],
    inputs: () => {
      manualSeed(5);
      return [leaf([3, 2], 'transposed'), leaf([3, 3], 'sliced'), leaf([3, 4])];
    },
  },
  {
    name: 'to another backend and back',
    fn: (a) => a.to(otherBackend).mul(2).to(cpu).add(a),
    inputs: () => [leaf([3, 4], 'transposed')],
  },
];
