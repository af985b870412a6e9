import { eye, type Generator, noGrad, type Tensor } from '@x/tensor';
import { checkNdim, checkPositiveStd, checkStd, checkTensor, checkUniformBounds } from './checks';
import { normal_, truncNormal_, uniform_ } from './distributions';
import { choice, type Entry, gainParam, num, numberParam } from './spec-types';
import {
  checkVarianceScaling,
  VARIANCE_SCALING_DISTRIBUTIONS,
  VARIANCE_SCALING_MODES,
  type VarianceScalingDistribution,
  type VarianceScalingMode,
  varianceScaling_,
} from './variance-scaling';
import { kaimingUniform_, xavierUniform_ } from './xavier-kaiming';

/** Keras's Identity: gain·I, written at once so a failure leaves the tensor as it was. */
function identity_(tensor: Tensor, gain: number): Tensor {
  checkTensor('identity', tensor);
  checkNdim('identity', tensor, (ndim) => ndim === 2, '2');
  const [rows, cols] = tensor.shape;
  return noGrad(() => tensor.copy_(eye(rows, cols, { backend: tensor.backend }).mul(gain)));
}

/** Keras's truncated_normal: N(mean, stddev²) cut at two stddevs around the mean. */
function kerasTruncated(
  tensor: Tensor,
  mean: number,
  stddev: number,
  generator: Generator | undefined,
): Tensor {
  return truncNormal_(tensor, {
    mean,
    std: stddev,
    a: mean - 2 * stddev,
    b: mean + 2 * stddev,
    generator,
  });
}

/**
 * Keras's and TensorFlow.js's names (constant, ones, zeros and orthogonal are shared with
 * PyTorch and listed there), on weights in PyTorch's [out, in, ...kernel] layout.
 */
export const KERAS_ENTRIES: readonly Entry[] = [
  {
    name: 'glorot_uniform',
    mirrors: ['keras.initializers.GlorotUniform', 'tf.initializers.glorotUniform'],
    description: 'xavier_uniform with gain 1',
    params: [],
    apply: (t, _, generator) => xavierUniform_(t, { generator }),
  },
  {
    name: 'glorot_normal',
    mirrors: ['keras.initializers.GlorotNormal'],
    description: "variance_scaling with scale 1, 'fan_avg', 'truncated_normal'",
    params: [],
    apply: (t, _, generator) => varianceScaling_(t, { mode: 'fan_avg', generator }),
  },
  {
    name: 'he_uniform',
    mirrors: ['keras.initializers.HeUniform', 'tf.initializers.heUniform'],
    description: 'kaiming_uniform for relu: U(−b, b), b = √(6 / fan_in)',
    params: [],
    apply: (t, _, generator) => kaimingUniform_(t, { nonlinearity: 'relu', generator }),
  },
  {
    name: 'he_normal',
    mirrors: ['keras.initializers.HeNormal'],
    description: "variance_scaling with scale 2, 'fan_in', 'truncated_normal'",
    params: [],
    apply: (t, _, generator) => varianceScaling_(t, { scale: 2, generator }),
  },
  {
    name: 'lecun_uniform',
    mirrors: ['keras.initializers.LecunUniform', 'tf.initializers.leCunUniform'],
    description: 'kaiming_uniform for linear: U(−b, b), b = √(3 / fan_in)',
    params: [],
    apply: (t, _, generator) => kaimingUniform_(t, { nonlinearity: 'linear', generator }),
  },
  {
    name: 'lecun_normal',
    mirrors: ['keras.initializers.LecunNormal'],
    description: "variance_scaling with scale 1, 'fan_in', 'truncated_normal'",
    params: [],
    apply: (t, _, generator) => varianceScaling_(t, { generator }),
  },
  {
    name: 'variance_scaling',
    mirrors: ['keras.initializers.VarianceScaling'],
    description: 'variance scale / max(1, fan), truncated normal, normal or uniform',
    params: [
      num('scale', 'target variance times fan (positive)', 1),
      choice('mode', VARIANCE_SCALING_MODES, 'fan_in', 'which fan divides scale'),
      choice(
        'distribution',
        VARIANCE_SCALING_DISTRIBUTIONS,
        'truncated_normal',
        'the law drawn from',
      ),
    ],
    check: (p, op) => checkVarianceScaling(op, p as never),
    apply: (t, p, generator) =>
      varianceScaling_(t, {
        scale: numberParam(p, 'scale'),
        mode: p.mode as VarianceScalingMode,
        distribution: p.distribution as VarianceScalingDistribution,
        generator,
      }),
  },
  {
    name: 'random_normal',
    mirrors: ['keras.initializers.RandomNormal', 'tf.initializers.randomNormal'],
    description: 'N(mean, stddev²)',
    params: [num('mean', 'mean', 0), num('stddev', 'standard deviation', 0.05)],
    check: (p, op) => checkStd(op, p.stddev, 'stddev'),
    apply: (t, p, generator) =>
      normal_(t, { mean: numberParam(p, 'mean'), std: numberParam(p, 'stddev'), generator }),
  },
  {
    name: 'random_uniform',
    mirrors: ['keras.initializers.RandomUniform', 'tf.initializers.randomUniform'],
    description: 'U(minval, maxval)',
    params: [num('minval', 'lower bound', -0.05), num('maxval', 'upper bound', 0.05)],
    check: (p, op) => checkUniformBounds(op, p.minval, p.maxval, ['minval', 'maxval']),
    apply: (t, p, generator) =>
      uniform_(t, { a: numberParam(p, 'minval'), b: numberParam(p, 'maxval'), generator }),
  },
  {
    name: 'truncated_normal',
    mirrors: ['keras.initializers.TruncatedNormal', 'tf.initializers.truncatedNormal'],
    description: 'N(mean, stddev²) cut at mean ± 2·stddev',
    params: [num('mean', 'mean', 0), num('stddev', 'standard deviation', 0.05)],
    check: (p, op) => checkPositiveStd(op, numberParam(p, 'stddev'), 'stddev'),
    apply: (t, p, generator) =>
      kerasTruncated(t, numberParam(p, 'mean'), numberParam(p, 'stddev'), generator),
  },
  {
    name: 'identity',
    mirrors: ['keras.initializers.Identity', 'tf.initializers.identity'],
    description: 'gain times the identity matrix (2-D only)',
    params: [gainParam],
    apply: (t, p) => identity_(t, numberParam(p, 'gain')),
  },
];
