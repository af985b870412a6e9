import { ArgumentError } from '@x/tensor';
import { checkPositiveStd, checkStd, checkUniformBounds } from './checks';
import { constant_, dirac_, eye_, ones_, zeros_ } from './constant';
import { normal_, truncNormal_, uniform_ } from './distributions';
import type { FanMode } from './fan';
import { NONLINEARITIES, type Nonlinearity } from './gain';
import { orthogonal_ } from './orthogonal';
import { sparse_ } from './sparse';
import { choice, type Entry, gainParam, num, numberParam } from './spec-types';
import { kaimingNormal_, kaimingUniform_, xavierNormal_, xavierUniform_ } from './xavier-kaiming';

/** PyTorch's torch.nn.init functions by their names without the trailing underscore. */
export const TORCH_ENTRIES: readonly Entry[] = [
  {
    name: 'uniform',
    mirrors: ['torch.nn.init.uniform_'],
    description: 'U(a, b)',
    params: [num('a', 'lower bound', 0), num('b', 'upper bound', 1)],
    check: (p, op) => checkUniformBounds(op, p.a, p.b),
    apply: (t, p, generator) =>
      uniform_(t, { a: numberParam(p, 'a'), b: numberParam(p, 'b'), generator }),
  },
  {
    name: 'normal',
    mirrors: ['torch.nn.init.normal_'],
    description: 'N(mean, std²)',
    params: [num('mean', 'mean', 0), num('std', 'standard deviation', 1)],
    check: (p, op) => checkStd(op, p.std),
    apply: (t, p, generator) =>
      normal_(t, { mean: numberParam(p, 'mean'), std: numberParam(p, 'std'), generator }),
  },
  {
    name: 'trunc_normal',
    mirrors: ['torch.nn.init.trunc_normal_'],
    description: 'N(mean, std²) truncated to [a, b] (absolute bounds)',
    params: [
      num('mean', 'mean', 0),
      num('std', 'standard deviation', 1),
      num('a', 'lower cut-off', -2),
      num('b', 'upper cut-off', 2),
    ],
    check: (p, op) => {
      checkPositiveStd(op, numberParam(p, 'std'));
      if (numberParam(p, 'a') > numberParam(p, 'b'))
        throw new ArgumentError(`${op}: expected a <= b, but found a=${p.a} > b=${p.b}`);
    },
    apply: (t, p, generator) =>
      truncNormal_(t, {
        mean: numberParam(p, 'mean'),
        std: numberParam(p, 'std'),
        a: numberParam(p, 'a'),
        b: numberParam(p, 'b'),
        generator,
      }),
  },
  {
    name: 'constant',
    mirrors: ['torch.nn.init.constant_', 'keras.initializers.Constant', 'tf.initializers.constant'],
    description: 'every element equal to value',
    params: [num('value', 'the fill value (PyTorch calls it val)', 0)],
    apply: (t, p) => constant_(t, numberParam(p, 'value')),
  },
  {
    name: 'ones',
    mirrors: ['torch.nn.init.ones_', 'keras.initializers.Ones', 'tf.initializers.ones'],
    description: 'every element 1',
    params: [],
    apply: (t) => ones_(t),
  },
  {
    name: 'zeros',
    mirrors: ['torch.nn.init.zeros_', 'keras.initializers.Zeros', 'tf.initializers.zeros'],
    description: 'every element 0',
    params: [],
    apply: (t) => zeros_(t),
  },
  {
    name: 'eye',
    mirrors: ['torch.nn.init.eye_'],
    description: 'the identity matrix (2-D only)',
    params: [],
    apply: (t) => eye_(t),
  },
  {
    name: 'dirac',
    mirrors: ['torch.nn.init.dirac_'],
    description: 'the Dirac delta: a conv weight that passes its input channels through',
    params: [num('groups', 'number of groups of the conv layer', 1)],
    check: (p, op) => {
      if (!Number.isInteger(p.groups) || numberParam(p, 'groups') < 1) {
        throw new ArgumentError(`${op}: groups must be a positive integer, got ${p.groups}`);
      }
    },
    apply: (t, p) => dirac_(t, { groups: numberParam(p, 'groups') }),
  },
  {
    name: 'xavier_uniform',
    mirrors: ['torch.nn.init.xavier_uniform_'],
    description: 'U(−b, b), b = gain·√(6 / (fan_in + fan_out))',
    params: [gainParam],
    apply: (t, p, generator) => xavierUniform_(t, { gain: numberParam(p, 'gain'), generator }),
  },
  {
    name: 'xavier_normal',
    mirrors: ['torch.nn.init.xavier_normal_'],
    description: 'N(0, std²), std = gain·√(2 / (fan_in + fan_out))',
    params: [gainParam],
    apply: (t, p, generator) => xavierNormal_(t, { gain: numberParam(p, 'gain'), generator }),
  },
  ...(['kaiming_uniform', 'kaiming_normal'] as const).map(
    (name): Entry => ({
      name,
      mirrors: [`torch.nn.init.${name}_`],
      description:
        name === 'kaiming_uniform'
          ? 'U(−b, b), b = gain·√(3 / fan)'
          : 'N(0, std²), std = gain / √fan',
      params: [
        num('a', 'negative slope of the leaky_relu that follows', 0),
        choice('mode', ['fan_in', 'fan_out'], 'fan_in', 'which fan keeps its variance'),
        choice('nonlinearity', NONLINEARITIES, 'leaky_relu', 'the nonlinearity that follows'),
      ],
      apply: (t, p, generator) => {
        const options = {
          a: numberParam(p, 'a'),
          mode: p.mode as FanMode,
          nonlinearity: p.nonlinearity as Nonlinearity,
          generator,
        };
        return name === 'kaiming_uniform'
          ? kaimingUniform_(t, options)
          : kaimingNormal_(t, options);
      },
    }),
  ),
  {
    name: 'orthogonal',
    mirrors: [
      'torch.nn.init.orthogonal_',
      'keras.initializers.Orthogonal',
      'tf.initializers.orthogonal',
    ],
    description: 'a (semi-)orthogonal matrix, trailing dims flattened',
    params: [gainParam],
    apply: (t, p, generator) => orthogonal_(t, { gain: numberParam(p, 'gain'), generator }),
  },
  {
    name: 'sparse',
    mirrors: ['torch.nn.init.sparse_'],
    description: 'N(0, std²) with ⌈sparsity·rows⌉ zeros per column (2-D only)',
    params: [
      num('sparsity', 'fraction of each column set to zero, in [0, 1)'),
      num('std', 'standard deviation', 0.01),
    ],
    check: (p, op) => {
      if (numberParam(p, 'sparsity') < 0 || numberParam(p, 'sparsity') >= 1) {
        throw new ArgumentError(`${op}: sparsity must be in [0, 1), got ${p.sparsity}`);
      }
      checkStd(op, p.std);
    },
    apply: (t, p, generator) =>
      sparse_(t, numberParam(p, 'sparsity'), { std: numberParam(p, 'std'), generator }),
  },
];
