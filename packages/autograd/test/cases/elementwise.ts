import {
  add,
  div,
  manualSeed,
  maximum,
  minimum,
  pow,
  randn,
  sub,
  type Tensor,
  tensor,
  where,
} from '@x/tensor';
import { awayFromZero, type GradcheckCase, type Layout, leaf, positive } from '../helpers';

const LAYOUTS: Layout[] = ['contiguous', 'transposed', 'sliced'];

/** Unary ops over [3, 4] inputs, each in every layout. */
const UNARY: [string, (x: Tensor) => Tensor, ((values: Tensor) => Tensor)?][] = [
  ['neg', (x) => x.neg()],
  ['abs', (x) => x.abs(), awayFromZero],
  ['sign', (x) => x.sign(), awayFromZero],
  ['exp', (x) => x.exp()],
  ['expm1', (x) => x.expm1()],
  ['log', (x) => x.log(), positive],
  ['log1p', (x) => x.log1p(), positive],
  ['sqrt', (x) => x.sqrt(), positive],
  ['rsqrt', (x) => x.rsqrt(), positive],
  ['reciprocal', (x) => x.reciprocal(), awayFromZero],
  ['sin', (x) => x.sin()],
  ['cos', (x) => x.cos()],
  ['tan', (x) => x.tan(), (values) => values.mul(0.4)],
  ['tanh', (x) => x.tanh()],
  ['sigmoid', (x) => x.sigmoid()],
  ['erf', (x) => x.erf()],
  ['relu', (x) => x.relu(), awayFromZero],
  ['floor', (x) => x.floor()],
  ['ceil', (x) => x.ceil()],
  ['round', (x) => x.round()],
  ['trunc', (x) => x.trunc()],
  ['square', (x) => x.square()],
  ['clamp(-0.5, 0.5)', (x) => x.clamp({ min: -0.5, max: 0.5 })],
  ['clamp(min 0)', (x) => x.clamp({ min: 0 }), awayFromZero],
  ['leakyRelu(0.1)', (x) => x.leakyRelu(0.1), awayFromZero],
  ['pow(2)', (x) => x.pow(2)],
  ['pow(3.5)', (x) => x.pow(3.5), positive],
  ['pow(-1.5)', (x) => x.pow(-1.5), positive],
  ['pow(0)', (x) => x.pow(0)],
];

/** Binary ops: same shapes, broadcasting both ways, non-contiguous operands, scalars. */
const BINARY: [string, (a: Tensor, b: Tensor) => Tensor, (values: Tensor) => Tensor][] = [
  ['add', (a, b) => a.add(b), (values) => values],
  ['add alpha', (a, b) => a.add(b, { alpha: -2 }), (values) => values],
  ['sub', (a, b) => a.sub(b), (values) => values],
  ['mul', (a, b) => a.mul(b), (values) => values],
  ['div', (a, b) => a.div(b), awayFromZero],
  ['pow', (a, b) => a.pow(b), (values) => values.mul(0.5)],
  ['maximum', (a, b) => a.maximum(b), (values) => values],
  ['minimum', (a, b) => a.minimum(b), (values) => values],
  ['atan2', (a, b) => a.atan2(b), awayFromZero],
];

const SHAPES: [number[], number[], Layout, Layout][] = [
  [[3, 4], [3, 4], 'transposed', 'sliced'],
  [[3, 4], [4], 'contiguous', 'sliced'],
  [[3, 1], [1, 4], 'contiguous', 'contiguous'],
  [[2, 3, 4], [3, 1], 'transposed', 'contiguous'],
];

function binaryCases(): GradcheckCase[] {
  return BINARY.flatMap(([name, fn, domain]) =>
    SHAPES.map(([aShape, bShape, aLayout, bLayout], k) => ({
      name: `${name} ${JSON.stringify(aShape)} ${aLayout} with ${JSON.stringify(bShape)} ${bLayout}`,
      fn,
      inputs: () => {
        manualSeed(100 + k);
        // pow needs a positive base and any exponent; the others share one domain.
        const a = leaf(aShape, aLayout, name === 'pow' ? positive : domain);
        return [a, leaf(bShape, bLayout, domain)];
      },
    })),
  );
}

export const ELEMENTWISE_CASES: GradcheckCase[] = [
  ...UNARY.flatMap(([name, fn, domain]) =>
    LAYOUTS.map((layout, k) => ({
      name: `${name} ${layout}`,
      fn,
      inputs: () => {
        manualSeed(k);
        return [leaf([3, 4], layout, domain)];
      },
    })),
  ),
  {
    name: 'pow with a scalar base (2.5 ** x)',
    fn: (x) => pow(2.5, x),
    inputs: () => [leaf([3, 4], 'sliced')],
  },
  ...binaryCases(),
  {
    name: 'scalar right operands',
    fn: (a) => [
      a.add(1.5),
      a.sub(2),
      a.mul(-3),
      a.div(4),
      a.pow(2),
      maximum(a, 0.25),
      minimum(a, 0.25),
      // Tensor.atan2 is typed for tensors, but binary ops take a scalar at run time too.
      a.atan2(2 as unknown as Tensor),
    ],
    inputs: () => [leaf([3, 4], 'transposed', awayFromZero)],
  },
  {
    name: 'scalar left operands (0-d tensors that need no grad)',
    fn: (a) => [add(2, a), sub(2, a), div(2, a), pow(2, a)],
    inputs: () => [leaf([3, 4], 'sliced', positive)],
  },
  {
    name: 'an operand that needs no gradient (int32 and float)',
    fn: (a) => [a.mul(tensor(new Int32Array([1, -2, 3, 4]))), a.div(tensor([[1.5], [2], [3]]))],
    inputs: () => [leaf([3, 4])],
  },
  {
    name: 'the same tensor on both sides',
    fn: (a) => [a.mul(a), a.sub(a.t().t()), a.div(a.exp())],
    inputs: () => [leaf([3, 4], 'transposed')],
  },
  {
    name: 'where with broadcast branches and a scalar branch',
    fn: (a, b) => {
      manualSeed(7);
      const condition = randn([3, 4]).gt(0);
      return [where(condition, a, b), where(condition.get(0), a, 0), a.maskedFill(condition, 1)];
    },
    inputs: () => [leaf([3, 4], 'transposed'), leaf([4], 'sliced')],
  },
  {
    name: 'in-place ops on a non-leaf (recorded through clone and rebase)',
    fn: (a, b) => {
      const out = a.mul(1);
      out.exp_();
      out.add_(b, { alpha: 2 });
      out.mul_(3).clamp_({ min: -10, max: 10 }).pow_(2);
      return out;
    },
    inputs: () => [leaf([3, 4], 'transposed', (values) => values.mul(0.3)), leaf([4], 'sliced')],
  },
  {
    name: 'copy_ of a broadcast tensor into a fresh tensor',
    fn: (a) => randn([3, 4]).copy_(a).mul(2),
    inputs: () => [leaf([4], 'sliced')],
  },
];
