import * as init from '@x/init';
import { Generator, type Tensor, tensor, zeros } from '@x/tensor';
import type { CallSpec, Slot } from './harness';

const weight: Slot = { name: 'tensor', kind: 'tensor', valid: () => zeros([4, 3]) };
const generator: Slot = {
  name: 'generator',
  kind: 'generator',
  valid: () => new Generator({ seed: 2 }),
  optional: true,
};
/** A number option; those with a default may be left out. */
const num = (name: string, value: number, outOfRange: unknown[] = [], optional = true): Slot => ({
  name,
  kind: 'number',
  valid: () => value,
  optional,
  outOfRange,
});
const str = (name: string, value: string): Slot => ({
  name,
  kind: 'string',
  valid: () => value,
  optional: true,
});

/**
 * Calls into @x/init. Only options' fields are corrupted, never the options argument itself:
 * PyTorch's positional forms (`uniform_(w, -1, 1)`) make a number there valid.
 */
export const INIT_CALLS: CallSpec[] = [
  {
    fn: 'uniform_',
    slots: [weight, num('a', -1), num('b', 1), generator],
    call: (t, a, b, g) => init.uniform_(t, { a, b, generator: g }),
  },
  {
    fn: 'normal_',
    slots: [weight, num('mean', 0), num('std', 1, [-1]), generator],
    call: (t, mean, std, g) => init.normal_(t, { mean, std, generator: g }),
  },
  {
    fn: 'truncNormal_',
    slots: [weight, num('mean', 0), num('std', 1, [-1]), num('a', -2), num('b', 2), generator],
    call: (t, mean, std, a, b, g) => init.truncNormal_(t, { mean, std, a, b, generator: g }),
  },
  {
    fn: 'constant_',
    slots: [weight, num('value', 0.5, [], false)],
    call: (t, v) => init.constant_(t, v),
  },
  { fn: 'ones_', slots: [weight], call: (t) => init.ones_(t) },
  { fn: 'zeros_', slots: [weight], call: (t) => init.zeros_(t) },
  { fn: 'eye_', slots: [weight], call: (t) => init.eye_(t) },
  {
    fn: 'xavierUniform_',
    slots: [weight, num('gain', 1), generator],
    call: (t, gain, g) => init.xavierUniform_(t, { gain, generator: g }),
  },
  {
    fn: 'xavierNormal_',
    slots: [weight, num('gain', 1), generator],
    call: (t, gain, g) => init.xavierNormal_(t, { gain, generator: g }),
  },
  {
    fn: 'kaimingUniform_',
    slots: [
      weight,
      num('a', 0),
      str('mode', 'fan_in'),
      str('nonlinearity', 'leaky_relu'),
      generator,
    ],
    call: (t, a, mode, nonlinearity, g) =>
      init.kaimingUniform_(t, { a, mode, nonlinearity, generator: g }),
  },
  {
    fn: 'kaimingNormal_',
    slots: [weight, str('mode', 'fan_out'), generator],
    call: (t, mode, g) => init.kaimingNormal_(t, { mode, generator: g }),
  },
  {
    fn: 'orthogonal_',
    slots: [weight, num('gain', 1), generator],
    call: (t, gain, g) => init.orthogonal_(t, { gain, generator: g }),
  },
  {
    fn: 'sparse_',
    slots: [weight, num('sparsity', 0.5, [2, -1]), num('std', 0.01, [-1]), generator],
    call: (t, sparsity, std, g) => init.sparse_(t, sparsity, { std, generator: g }),
  },
  {
    fn: 'calculateGain',
    slots: [str('nonlinearity', 'leaky_relu'), num('param', 0.2)],
    call: (n, p) => init.calculateGain(n, p),
  },
  {
    fn: 'calculateFanInAndFanOut',
    slots: [{ ...weight, outOfRange: [tensor([1, 2])] }],
    call: (t: Tensor) => init.calculateFanInAndFanOut(t),
  },
];
