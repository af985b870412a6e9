import {
  crossEntropy,
  Dropout,
  Embedding,
  LayerNorm,
  Linear,
  mseLoss,
  ReLU,
  Sequential,
} from '@x/nn';
import { Adam, SGD } from '@x/nn/optim';
import { tensor, zeros } from '@x/tensor';
import type { CallSpec, Slot } from './harness';

const int = (name: string, value: number, outOfRange: unknown[] = []): Slot => ({
  name,
  kind: 'integer',
  valid: () => value,
  outOfRange,
});
const num = (name: string, value: number | undefined, outOfRange: unknown[] = []): Slot => ({
  name,
  kind: 'number',
  valid: () => value,
  optional: value === undefined,
  outOfRange,
});
const logits = () =>
  tensor([
    [1, 2, 0.5],
    [0, -1, 3],
  ]);
const params: Slot = { name: 'params', kind: 'params', valid: () => new Linear(2, 2).parameters() };

/** Calls into @x/nn: constructors, losses and optimisers. */
export const NN_CALLS: CallSpec[] = [
  {
    fn: 'Linear',
    slots: [int('inFeatures', 3, [-1]), int('outFeatures', 2, [-1])],
    call: (a, b) => new Linear(a, b),
  },
  {
    fn: 'Embedding',
    slots: [int('numEmbeddings', 5, [-1]), int('embeddingDim', 2, [-1])],
    call: (a, b) => new Embedding(a, b),
  },
  {
    fn: 'Dropout',
    slots: [{ ...num('p', 0.5, [2, -1]), optional: true }],
    call: (p) => new Dropout(p),
  },
  {
    fn: 'LayerNorm',
    slots: [{ name: 'normalizedShape', kind: 'shape', valid: () => [3] }],
    call: (s) => new LayerNorm(s),
  },
  {
    fn: 'Sequential',
    slots: [{ name: 'modules', kind: 'params', valid: () => new ReLU() }],
    call: (m) => new Sequential(m),
  },
  {
    fn: 'crossEntropy',
    slots: [
      { name: 'input', kind: 'tensor', valid: logits },
      { name: 'target', kind: 'tensor', valid: () => tensor([0, 2], { dtype: 'int32' }) },
      { name: 'reduction', kind: 'string', valid: () => 'mean', optional: true },
      { ...num('labelSmoothing', 0, [2, -1]), optional: true },
    ],
    call: (input, target, reduction, labelSmoothing) =>
      crossEntropy(input, target, { reduction, labelSmoothing }),
  },
  {
    fn: 'mseLoss',
    slots: [
      { name: 'input', kind: 'tensor', valid: logits },
      { name: 'target', kind: 'tensor', valid: () => zeros([2, 3]) },
    ],
    call: (input, target) => mseLoss(input, target),
  },
  {
    fn: 'SGD',
    slots: [params, num('lr', 0.1, [-1]), num('momentum', 0, [-1])],
    call: (p, lr, momentum) => new SGD(p, { lr, momentum }),
  },
  {
    fn: 'Adam',
    slots: [params, num('lr', 0.001, [-1])],
    call: (p, lr) => new Adam(p, { lr }),
  },
];
