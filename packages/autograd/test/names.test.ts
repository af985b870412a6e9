import '../src';
import { addmm, cat, manualSeed, randn, stack, type Tensor, tensor, where } from '@x/tensor';
import { expect, test } from 'vitest';
import { torchFixture } from './helpers';

manualSeed(0);
const x = randn([3, 4], { requiresGrad: true });
const y = randn([3, 4], { requiresGrad: true });
const v = randn([4], { requiresGrad: true });
const m = randn([4, 5], { requiresGrad: true });
const b3 = randn([2, 3, 4], { requiresGrad: true });
const c3 = randn([2, 4, 5], { requiresGrad: true });
const bias = randn([5], { requiresGrad: true });
const idx = tensor(new Int32Array([0, 2]));
const column = tensor(new Int32Array([0, 1, 2]), { shape: [3, 1] });

/** The same calls as names() in fixtures/generate.py, by label. */
const CASES: Record<string, () => Tensor> = {
  neg: () => x.neg(),
  abs: () => x.abs(),
  sign: () => x.sign(),
  exp: () => x.exp(),
  expm1: () => x.expm1(),
  log: () => x.log(),
  log1p: () => x.log1p(),
  sqrt: () => x.sqrt(),
  rsqrt: () => x.rsqrt(),
  reciprocal: () => x.reciprocal(),
  sin: () => x.sin(),
  cos: () => x.cos(),
  tan: () => x.tan(),
  tanh: () => x.tanh(),
  sigmoid: () => x.sigmoid(),
  erf: () => x.erf(),
  relu: () => x.relu(),
  floor: () => x.floor(),
  ceil: () => x.ceil(),
  round: () => x.round(),
  trunc: () => x.trunc(),
  square: () => x.square(),
  clamp: () => x.clamp({ min: -0.5, max: 0.5 }),
  'clamp(min)': () => x.clamp({ min: 0 }),
  leakyRelu: () => x.leakyRelu(0.1),
  'pow(2)': () => x.pow(2),
  'pow(y)': () => x.pow(y),
  add: () => x.add(y),
  'add(1)': () => x.add(1),
  sub: () => x.sub(y),
  'sub(1)': () => x.sub(1),
  mul: () => x.mul(y),
  'mul(2)': () => x.mul(2),
  div: () => x.div(y),
  'div(2)': () => x.div(2),
  maximum: () => x.maximum(y),
  minimum: () => x.minimum(y),
  atan2: () => x.atan2(y),
  where: () => where(x.gt(0), x, y),
  'sum()': () => x.sum(),
  'sum(0)': () => x.sum(0),
  'sum(1, keepdim)': () => x.sum(1, { keepdim: true }),
  'mean()': () => x.mean(),
  'mean(0)': () => x.mean(0),
  'prod()': () => x.prod(),
  'prod(1)': () => x.prod(1),
  'max()': () => x.max(),
  'max(1)': () => x.max(1).values,
  'min()': () => x.min(),
  'min(0)': () => x.min(0).values,
  'amax(1)': () => x.amax(1),
  'amin(0)': () => x.amin(0),
  view: () => x.view(12),
  permute: () => x.permute(1, 0),
  transpose: () => x.transpose(0, 1),
  t: () => x.t(),
  T: () => x.T,
  expand: () => v.expand(3, 4),
  'squeeze()': () => x.unsqueeze(0).squeeze(),
  'squeeze(0)': () => x.unsqueeze(0).squeeze(0),
  unsqueeze: () => x.unsqueeze(0),
  slice: () => x.get(':', '1:3'),
  narrow: () => x.narrow(1, 0, 2),
  select: () => x.get(0),
  clone: () => x.clone(),
  contiguous: () => x.t().contiguous(),
  reshape: () => x.reshape(12),
  indexSelect: () => x.indexSelect(0, idx),
  gather: () => x.gather(1, column),
  scatterAdd: () => x.scatterAdd(1, column, y.get(':', ':1').clone()),
  cat: () => cat([x, y]),
  stack: () => stack([x, y]),
  'matmul 2-D': () => x.matmul(m),
  'matmul 3-D': () => b3.matmul(c3),
  bmm: () => b3.matmul(c3),
  'matmul 2-D x 1-D': () => x.matmul(v),
  addmm: () => addmm(bias, x, m),
  var: () => x.var(),
  softmax: () => x.softmax(1),
  logSoftmax: () => x.logSoftmax(1),
  maskedFill: () => x.maskedFill(x.gt(0), 0),
};

/**
 * Where x prints another name than PyTorch, and why (also listed in the README):
 * x records one op where PyTorch dispatches to an overload or composite of its own.
 */
const DIFFERENCES: Record<string, string> = {
  t: 'TransposeBackward0', // t() is recorded as transpose(0, 1)
  reshape: 'ViewBackward0', // 1.13's _reshape_alias; a view in x
  'matmul 3-D': 'BmmBackward0', // PyTorch folds batches and prints UnsafeViewBackward0
  'matmul 2-D x 1-D': 'SqueezeBackward1', // x adds and removes a dim around a 2-D product
  stack: 'CatBackward0', // stack is cat of unsqueezed inputs
  var: 'MulBackward0', // composites print their last recorded op
  softmax: 'DivBackward0',
  logSoftmax: 'SubBackward0',
  maskedFill: 'WhereBackward0',
};

const names: Record<string, string> = torchFixture.names;

test('the cases here are the cases of the fixture', () => {
  expect(Object.keys(CASES).sort()).toEqual(Object.keys(names).sort());
});

test.each(Object.keys(names).filter((label) => !(label in DIFFERENCES)))(
  'grad_fn of %s is printed as PyTorch prints it',
  (label) => {
    const out = CASES[label]();
    expect(out.gradFn?.name).toBe(names[label]);
    expect(String(out)).toContain(`grad_fn=<${names[label]}>`);
  },
);

test.each(Object.entries(DIFFERENCES))(
  'grad_fn of %s is %s (a documented difference)',
  (label, name) => {
    expect(names[label]).not.toBe(name);
    expect(CASES[label]().gradFn?.name).toBe(name);
  },
);
