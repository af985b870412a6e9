import {
  add,
  arange,
  cat,
  empty,
  eye,
  full,
  Generator,
  getRngState,
  linspace,
  manualSeed,
  matmul,
  mul,
  ones,
  pow,
  rand,
  randint,
  randn,
  randperm,
  setRngState,
  stack,
  type Tensor,
  tensor,
  where,
  zeros,
} from '@x/tensor';
import type { CallSpec, Slot } from './harness';

const matrix = () =>
  tensor([
    [1, 2, 3],
    [4, 5, 6],
  ]);
const self: Slot = { name: 'self', kind: 'self', valid: matrix };
const dim = (name = 'dim', optional = false): Slot => ({
  name,
  kind: 'dim',
  valid: () => (optional ? undefined : 1),
  optional,
});
const int = (name: string, value: number, outOfRange: unknown[] = [], optional = false): Slot => ({
  name,
  kind: 'integer',
  valid: () => value,
  outOfRange,
  optional,
});
/** A number argument; `optional` where it has a default. */
const num = (
  name: string,
  value: number | undefined,
  outOfRange: unknown[] = [],
  optional = value === undefined,
): Slot => ({ name, kind: 'number', valid: () => value, optional, outOfRange });
const keepdim: Slot = { name: 'keepdim', kind: 'boolean', valid: () => true, optional: true };
const generator: Slot = {
  name: 'generator',
  kind: 'generator',
  valid: () => new Generator({ seed: 1 }),
  optional: true,
};
const dtype: Slot = { name: 'dtype', kind: 'dtype', valid: () => 'float32', optional: true };
const shape = (name = 'size'): Slot => ({ name, kind: 'shape', valid: () => [2, 3] });

const method = (fn: string, slots: Slot[], call: (t: Tensor, ...rest: any[]) => unknown) => ({
  fn,
  slots: [self, ...slots],
  call,
});

const BINARY_METHODS = ['add', 'sub', 'mul', 'div', 'maximum', 'minimum', 'atan2', 'eq', 'ne'];
const BINARY_MORE = ['lt', 'le', 'gt', 'ge', 'logicalAnd', 'logicalOr', 'add_', 'mul_', 'div_'];

/** Calls into @x/tensor, one slot of which the property corrupts at a time. */
export const TENSOR_CALLS: CallSpec[] = [
  ...[...BINARY_METHODS, ...BINARY_MORE].map((fn) =>
    method(fn, [{ name: 'other', kind: 'operand', valid: () => 2 }], (t, other) =>
      (t as unknown as Record<string, (o: unknown) => unknown>)[fn](other),
    ),
  ),
  method('pow', [{ name: 'exponent', kind: 'operand', valid: () => 2 }], (t, e) => t.pow(e)),
  method(
    'add',
    [{ name: 'other', kind: 'operand', valid: () => 2 }, num('alpha', 2, [], true)],
    (t, o, alpha) => t.add(o, { alpha }),
  ),
  {
    fn: 'add',
    slots: [
      { name: 'input', kind: 'operand', valid: matrix },
      { name: 'other', kind: 'operand', valid: matrix },
      { name: 'out', kind: 'tensor', valid: () => zeros([2, 3]), optional: true },
    ],
    call: (a, b, out) => add(a, b, { out }),
  },
  {
    fn: 'mul',
    slots: [
      { name: 'input', kind: 'operand', valid: matrix },
      { name: 'other', kind: 'operand', valid: () => 3 },
    ],
    call: (a, b) => mul(a, b),
  },
  {
    fn: 'pow',
    slots: [
      { name: 'input', kind: 'operand', valid: matrix },
      { name: 'exponent', kind: 'operand', valid: () => 2 },
    ],
    call: (a, b) => pow(a, b),
  },
  {
    fn: 'matmul',
    slots: [
      { name: 'input', kind: 'tensor', valid: matrix },
      { name: 'other', kind: 'tensor', valid: () => ones([3, 2]) },
    ],
    call: (a, b) => matmul(a, b),
  },
  method('matmul', [{ name: 'other', kind: 'tensor', valid: () => ones([3, 2]) }], (t, o) =>
    t.matmul(o),
  ),
  {
    fn: 'where',
    slots: [
      { name: 'condition', kind: 'tensor', valid: () => matrix().gt(2) },
      { name: 'input', kind: 'operand', valid: matrix },
      { name: 'other', kind: 'operand', valid: () => 0 },
    ],
    call: (c, a, b) => where(c, a, b),
  },
  method('clamp', [num('min', 2, [], true), num('max', 5, [], true)], (t, min, max) =>
    t.clamp({ min, max }),
  ),
  method('clamp_', [num('min', 2), num('max', undefined)], (t, min, max) => t.clamp_({ min, max })),
  method('leakyRelu', [num('negativeSlope', 0.1, [], true)], (t, slope) => t.leakyRelu(slope)),
  method('fill_', [num('value', 3)], (t, v) => t.fill_(v)),
  method(
    'maskedFill',
    [{ name: 'mask', kind: 'tensor', valid: () => matrix().gt(2) }, num('value', 0)],
    (t, m, v) => t.maskedFill(m, v),
  ),
  method('exp', [], (t) => t.exp()),
  method('neg_', [], (t) => t.neg_()),
  // Reductions
  ...['sum', 'mean', 'amax', 'amin'].map((fn) =>
    method(fn, [dim('dim', true), keepdim], (t, d, k) =>
      (t as unknown as Record<string, (d: unknown, o: unknown) => unknown>)[fn](d, { keepdim: k }),
    ),
  ),
  // PyTorch's prod takes keepdim only with a dim; argmax and argmin keep every dim as size 1.
  method('prod', [dim(), keepdim], (t, d, k) => t.prod(d, { keepdim: k })),
  ...['argmax', 'argmin'].map((fn) =>
    method(fn, [dim('dim', true), keepdim], (t, d, k) =>
      (t as unknown as Record<string, (d: unknown, o: unknown) => unknown>)[fn](d, { keepdim: k }),
    ),
  ),
  method('max', [dim('dim', true)], (t, d) => t.max(d)),
  method('min', [dim(), keepdim], (t, d, k) => t.min(d, { keepdim: k })),
  method('var', [dim('dim', true), num('correction', 1, [-1], true)], (t, d, c) =>
    t.var(d, { correction: c }),
  ),
  method('std', [dim('dim', true), keepdim], (t, d, k) => t.std(d, { keepdim: k })),
  method('logsumexp', [dim()], (t, d) => t.logsumexp(d)),
  method('softmax', [dim()], (t, d) => t.softmax(d)),
  method('logSoftmax', [dim()], (t, d) => t.logSoftmax(d)),
  // Views and indexing
  method('view', [{ ...shape('shape'), valid: () => [3, 2] }], (t, s) => t.view(s)),
  method('reshape', [{ ...shape('shape'), valid: () => [6] }], (t, s) => t.reshape(s)),
  method(
    'permute',
    [
      {
        name: 'dims',
        kind: 'shape',
        valid: () => [1, 0],
        outOfRange: [
          [0, 0],
          [0, 5],
        ],
      },
    ],
    (t, d) => t.permute(d),
  ),
  method('transpose', [dim('dim0'), dim('dim1')], (t, a, b) => t.transpose(a, b)),
  method('expand', [{ ...shape('size'), valid: () => [4, 2, 3], outOfRange: [[5, 5]] }], (t, s) =>
    t.expand(s),
  ),
  method('squeeze', [dim('dim', true)], (t, d) => t.squeeze(d)),
  method('unsqueeze', [dim()], (t, d) => t.unsqueeze(d)),
  method('flatten', [dim('startDim', true), dim('endDim', true)], (t, a, b) => t.flatten(a, b)),
  method('narrow', [dim(), int('start', 0, [-9, 5]), int('length', 2, [-1, 9])], (t, d, s, l) =>
    t.narrow(d, s, l),
  ),
  method('select', [dim(), int('index', 1, [7, -7])], (t, d, i) => t.select(d, i)),
  method(
    'slice',
    [dim(), int('start', 0), int('stop', 2), int('step', 1, [0, -1], true)],
    (t, d, a, b, s) => t.slice(d, a, b, s),
  ),
  method('split', [int('splitSize', 1, [0, -1]), dim('dim', true)], (t, s, d) => t.split(s, d)),
  method('chunk', [int('chunks', 2, [0, -1]), dim('dim', true)], (t, c, d) => t.chunk(c, d)),
  method(
    'indexSelect',
    [
      dim(),
      {
        name: 'index',
        kind: 'tensor',
        valid: () => tensor([0, 2], { dtype: 'int32' }),
        outOfRange: [tensor([0.5])],
      },
    ],
    (t, d, i) => t.indexSelect(d, i),
  ),
  method(
    'gather',
    [dim(), { name: 'index', kind: 'tensor', valid: () => tensor([[0], [1]], { dtype: 'int32' }) }],
    (t, d, i) => t.gather(d, i),
  ),
  method(
    'to',
    [{ name: 'target', kind: 'dtype', valid: () => 'int32', outOfRange: [null] }],
    (t, d) => t.to(d),
  ),
  method('uniform_', [num('low', 0, [], true), num('high', 1, [], true), generator], (t, a, b, g) =>
    t.uniform_(a, b, { generator: g }),
  ),
  method(
    'normal_',
    [num('mean', 0, [], true), num('std', 1, [-1], true), generator],
    (t, m, s, g) => t.normal_(m, s, { generator: g }),
  ),
  method('bernoulli_', [num('p', 0.5, [2, -0.5], true), generator], (t, p, g) =>
    t.bernoulli_(p, { generator: g }),
  ),
  // Creation
  {
    fn: 'tensor',
    slots: [
      {
        name: 'data',
        kind: 'tensors',
        valid: () => [
          [1, 2],
          [3, 4],
        ],
        outOfRange: [
          [[1, 2], [3]],
          [1, 'a'],
        ],
        // torch.tensor(2) is a 0-d tensor, and tensor(true) a bool one.
        accepts: (v) => typeof v === 'number' || typeof v === 'boolean',
      },
      dtype,
    ],
    call: (data, d) => tensor(data, { dtype: d }),
  },
  ...[
    ['zeros', zeros],
    ['ones', ones],
    ['empty', empty],
    ['rand', rand],
    ['randn', randn],
  ].map(([fn, create]) => ({
    fn: fn as string,
    slots: [shape(), dtype],
    call: (s: unknown, d: unknown) =>
      (create as (s: unknown, o: unknown) => unknown)(s, { dtype: d }),
  })),
  { fn: 'rand', slots: [shape(), generator], call: (s, g) => rand(s, { generator: g }) },
  { fn: 'full', slots: [shape(), num('fillValue', 2)], call: (s, v) => full(s, v) },
  {
    fn: 'arange',
    slots: [num('start', 0), num('end', 5, [Number.NaN], true), num('step', 1, [0], true)],
    call: (a, b, s) => arange(a, b, s),
  },
  {
    fn: 'linspace',
    slots: [num('start', 0), num('end', 1), int('steps', 5, [-1])],
    call: (a, b, n) => linspace(a, b, n),
  },
  { fn: 'eye', slots: [int('n', 3, [-1])], call: (n) => eye(n) },
  {
    fn: 'randint',
    slots: [
      { ...int('low', 0), accepts: (v) => typeof v === 'bigint' },
      { ...int('high', 5), accepts: (v) => typeof v === 'bigint' },
      shape(),
      generator,
    ],
    call: (low, high, s, g) => randint(low, high, s, { generator: g }),
  },
  {
    fn: 'randperm',
    slots: [
      int('n', 5, [-1]),
      { ...dtype, valid: () => 'int32', outOfRange: ['float64'] },
      generator,
    ],
    call: (n, d, g) => randperm(n, { dtype: d, generator: g }),
  },
  {
    fn: 'cat',
    slots: [
      { name: 'tensors', kind: 'tensors', valid: () => [matrix(), matrix()] },
      dim('dim', true),
    ],
    call: (ts, d) => cat(ts, d),
  },
  {
    fn: 'stack',
    slots: [
      { name: 'tensors', kind: 'tensors', valid: () => [matrix(), matrix()] },
      dim('dim', true),
    ],
    call: (ts, d) => stack(ts, d),
  },
  // The generator
  {
    fn: 'manualSeed',
    slots: [
      { name: 'seed', kind: 'integer', valid: () => 3, accepts: (v) => typeof v === 'bigint' },
    ],
    call: (s) => manualSeed(s),
  },
  {
    fn: 'setRngState',
    slots: [
      { name: 'state', kind: 'tensors', valid: getRngState, outOfRange: [new Uint8Array(3)] },
    ],
    call: (s) => setRngState(s),
  },
];
