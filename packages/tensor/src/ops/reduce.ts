import { checkBoolean, checkOptions, checkTensor } from '../checks';
import type { DType } from '../dtype';
import { ArgumentError, DTypeError, IndexError, show } from '../errors';
import { noGrad } from '../grad-mode';
import { normalizeDim, normalizeDims, numel } from '../shape';
import type { Tensor } from '../tensor';
import { allocateTensor, record, viewOf } from './core';
import type { ReduceOp } from './elementwise-table';

export interface ReduceOptions {
  keepdim?: boolean;
}

/** The live input and its keepdim flag, checked in the name of the function the user called. */
function reduceArgs(op: string, input: Tensor, options: ReduceOptions | undefined): boolean {
  checkTensor(op, 'input', input);
  return checkBoolean(op, 'keepdim', checkOptions(op, options).keepdim, false);
}

/** Runs one reduction kernel; the output has keepdim's shape iff `keepdim`. */
function reduceKernel(
  op: ReduceOp,
  input: Tensor,
  dims: number[],
  keepdim: boolean,
  dtype: DType,
  name: string = op,
): Tensor {
  const kept = input.shape.map((s, d) => (dims.includes(d) ? 1 : s));
  const shape = keepdim ? kept : input.shape.filter((_, d) => !dims.includes(d));
  const out = allocateTensor(input.backend, shape, dtype);
  const outView = viewOf(out, name);
  const squeezed = {
    ...outView,
    shape: kept.filter((_, d) => !dims.includes(d)),
    strides: keepdim ? outView.strides.filter((_, d) => !dims.includes(d)) : outView.strides,
  };
  input.backend.reduce(op, viewOf(input, name), dims, squeezed);
  return out;
}

function checkNonEmpty(op: string, input: Tensor, dims: number[]): void {
  if (dims.some((d) => input.shape[d] === 0) || (input.ndim === 0 && input.numel() === 0)) {
    throw new IndexError(
      `${op}: cannot reduce over a zero-size dimension of a tensor of shape ${show(input.shape)}`,
    );
  }
}

/** torch.sum: integer and bool inputs sum to int32 (PyTorch: int64). */
export function sum(
  input: Tensor,
  dim?: number | readonly number[],
  options: ReduceOptions = {},
): Tensor {
  const keepdim = reduceArgs('sum', input, options);
  const dims = normalizeDims(dim, input.ndim, 'sum');
  const out = reduceKernel(
    'sum',
    input,
    dims,
    keepdim,
    input.dtype === 'float32' ? 'float32' : 'int32',
  );
  record('sum', [input], out, { dims, keepdim, all: dim === undefined });
  return out;
}

export function mean(
  input: Tensor,
  dim?: number | readonly number[],
  options: ReduceOptions = {},
): Tensor {
  const keepdim = reduceArgs('mean', input, options);
  if (input.dtype !== 'float32') {
    throw new DTypeError(
      `mean: input dtype must be float32, got ${input.dtype}; call .float() first`,
    );
  }
  const dims = normalizeDims(dim, input.ndim, 'mean');
  const count = numel(dims.map((d) => input.shape[d]));
  const out = reduceKernel('sum', input, dims, keepdim, 'float32', 'mean');
  const view = viewOf(out, 'mean');
  input.backend.binary('div', view, count, view);
  record('mean', [input], out, { dims, keepdim, count, all: dim === undefined });
  return out;
}

export function prod(input: Tensor, dim?: number, options: ReduceOptions = {}): Tensor {
  const keepdim = reduceArgs('prod', input, options);
  const dims = normalizeDims(dim, input.ndim, 'prod');
  const out = reduceKernel(
    'prod',
    input,
    dims,
    keepdim,
    input.dtype === 'float32' ? 'float32' : 'int32',
  );
  record('prod', [input], out, { dims, keepdim, all: dim === undefined });
  return out;
}

export interface ValuesIndices {
  values: Tensor;
  indices: Tensor;
}

/** max over all elements (0-d), or `{ values, indices }` along `dim`, like torch.max. */
export function extremum(
  op: 'max' | 'min',
  input: Tensor,
  dim?: number,
  options: ReduceOptions = {},
): Tensor | ValuesIndices {
  const keepdim = reduceArgs(op, input, options);
  const dims = normalizeDims(dim, input.ndim, op);
  checkNonEmpty(op, input, dims);
  const values = reduceKernel(op, input, dims, dim === undefined ? false : keepdim, input.dtype);
  if (dim === undefined) {
    record(op, [input], values, { dims, keepdim: false, all: true });
    return values;
  }
  const indices = reduceKernel(op === 'max' ? 'argmax' : 'argmin', input, dims, keepdim, 'int32');
  record(op, [input], values, { dims, keepdim, all: false, indices });
  return { values, indices };
}

/** torch.amax/amin: values only; gradient split evenly between ties. */
export function amaxmin(
  op: 'max' | 'min',
  input: Tensor,
  dim?: number | readonly number[],
  options: ReduceOptions = {},
): Tensor {
  const name = op === 'max' ? 'amax' : 'amin';
  const keepdim = reduceArgs(name, input, options);
  const dims = normalizeDims(dim, input.ndim, name);
  checkNonEmpty(name, input, dims);
  const out = reduceKernel(op, input, dims, keepdim, input.dtype, name);
  record(name, [input], out, { dims, keepdim, all: false });
  return out;
}

export function argExtremum(
  op: 'argmax' | 'argmin',
  input: Tensor,
  dim?: number,
  options: ReduceOptions = {},
): Tensor {
  const keepdim = reduceArgs(op, input, options);
  if (dim === undefined) {
    const flat = input.reshape([-1]);
    checkNonEmpty(op, flat, [0]);
    return reduceKernel(op, flat, [0], false, 'int32');
  }
  const dims = normalizeDims(dim, input.ndim, op);
  checkNonEmpty(op, input, dims);
  return reduceKernel(op, input, dims, keepdim, 'int32');
}

export interface VarOptions extends ReduceOptions {
  /** Bessel's correction: 1 (default) gives the unbiased estimate, 0 the population variance. */
  correction?: number;
}

/**
 * The sum of squared deviations from the mean along `dim`, divided by `count − correction`,
 * and the scale it was computed at, both shaped as the result: deviations are divided by their
 * largest magnitude before squaring, so denormal or huge deviations neither underflow nor
 * overflow (PyTorch accumulates in float64). The scale is untracked; the gradient is
 * unchanged, as the identity var = scale² · var(x / scale) holds for every scale.
 */
function scaledVariance(
  op: string,
  input: Tensor,
  dim: number | readonly number[] | undefined,
  options: VarOptions = {},
): { variance: Tensor; scale: Tensor } {
  const keepdim = reduceArgs(op, input, options);
  const correction = options?.correction ?? 1;
  if (typeof correction !== 'number' || !Number.isFinite(correction) || correction < 0) {
    throw new ArgumentError(
      `${op}: correction must be a non-negative number, got ${show(correction)}`,
    );
  }
  const dims = normalizeDims(dim, input.ndim, op);
  const count = numel(dims.map((d) => input.shape[d]));
  const centered = input.sub(mean(input, dims, { keepdim: true }));
  const [scale, resultScale] = noGrad(() => {
    if (centered.numel() === 0) {
      const one = sum(centered, dims, { keepdim: true }).add(1);
      return [one, keepdim ? one : one.squeeze(dims)];
    }
    const largest = amaxmin('max', centered.abs(), dims, { keepdim: true });
    const usable = largest.gt(0).logicalAnd(largest.lt(Number.POSITIVE_INFINITY));
    const kept = largest.where(usable, 1);
    return [kept, keepdim ? kept : kept.squeeze(dims)];
  });
  const scaled = centered.div(scale);
  const variance = sum(scaled.mul(scaled), dims, { keepdim }).div(Math.max(count - correction, 0));
  return { variance, scale: resultScale };
}

/**
 * torch.var, composed of recorded ops so its gradient follows.
 *
 * @example
 * tensor([1, 2, 3, 4]).var(); // tensor(1.6667)
 */
export function variance(
  input: Tensor,
  dim?: number | readonly number[],
  options: VarOptions = {},
): Tensor {
  const { variance, scale } = scaledVariance('var', input, dim, options);
  return variance.mul(scale.mul(scale));
}

/**
 * torch.std: the square root is taken before scaling back, so denormal spreads survive.
 *
 * @example
 * tensor([1e-40, 2e-40, 3e-40]).std(); // tensor(1.0000e-40)
 */
export function std(
  input: Tensor,
  dim?: number | readonly number[],
  options: VarOptions = {},
): Tensor {
  const { variance, scale } = scaledVariance('std', input, dim, options);
  return variance.sqrt().mul(scale);
}

/**
 * The max along `dims` (kept), untracked: what softmax and friends subtract before exp so
 * that it cannot overflow. Zero for an empty input, whose reductions have nothing to shift.
 */
function maxShift(input: Tensor, dims: number[]): Tensor | number {
  if (input.numel() === 0) return 0;
  return noGrad(() => amaxmin('max', input, dims, { keepdim: true }));
}

/**
 * log(sum(exp(x))) along `dim` (torch.logsumexp), shifted by the max for stability; an
 * infinite max shifts by 0, so all −inf gives −inf, and an empty reduction −inf.
 *
 * @example
 * tensor([1e6, 1e6]).logsumexp(0); // tensor(1000000.6875)
 */
export function logsumexp(
  input: Tensor,
  dim: number | readonly number[],
  options: ReduceOptions = {},
): Tensor {
  const keepdim = reduceArgs('logsumexp', input, options);
  const dims = normalizeDims(dim, input.ndim, 'logsumexp');
  const max = maxShift(input, dims);
  const shift =
    typeof max === 'number'
      ? max
      : noGrad(() => max.where(max.abs().lt(Number.POSITIVE_INFINITY), 0));
  const out = sum(input.sub(shift).exp(), dims, { keepdim: true }).log().add(shift);
  return keepdim ? out : out.squeeze(dims);
}

/**
 * log(softmax(x)) along `dim` (torch.log_softmax), as PyTorch computes it: (x − max) −
 * log(sum(exp(x − max))), so equal large logits give −ln 2, not a rounding of it.
 *
 * @example
 * tensor([1e6, 1e6]).logSoftmax(0); // tensor([-0.6931, -0.6931])
 */
export function logSoftmax(input: Tensor, dim: number): Tensor {
  checkTensor('logSoftmax', 'input', input);
  const dims = [normalizeDim(dim, input.ndim, 'logSoftmax')];
  const shifted = input.sub(maxShift(input, dims));
  return shifted.sub(sum(shifted.exp(), dims, { keepdim: true }).log());
}

/**
 * exp(x − max) / sum(exp(x − max)) along `dim` (torch.softmax).
 *
 * @example
 * tensor([1e6, 1e6]).softmax(0); // tensor([0.5000, 0.5000])
 */
export function softmax(input: Tensor, dim: number): Tensor {
  checkTensor('softmax', 'input', input);
  const dims = [normalizeDim(dim, input.ndim, 'softmax')];
  const exps = input.sub(maxShift(input, dims)).exp();
  return exps.div(sum(exps, dims, { keepdim: true }));
}
