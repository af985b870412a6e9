import type { DType } from '../dtype';
import { ArgumentError, DTypeError, IndexError, show } from '../errors';
import { withoutRecording } from '../hooks';
import { normalizeDims, numel } from '../shape';
import type { Tensor } from '../tensor';
import { empty_, record, viewOf } from './core';
import type { ReduceOp } from './elementwise-table';

export interface ReduceOptions {
  keepdim?: boolean;
}

/** Runs one reduction kernel; the output has keepdim's shape iff `keepdim`. */
function reduceKernel(
  op: ReduceOp,
  input: Tensor,
  dims: number[],
  keepdim: boolean,
  dtype: DType,
): Tensor {
  const kept = input.shape.map((s, d) => (dims.includes(d) ? 1 : s));
  const shape = keepdim ? kept : input.shape.filter((_, d) => !dims.includes(d));
  const out = empty_(input.backend, shape, dtype);
  const outView = viewOf(out, op);
  const squeezed = {
    ...outView,
    shape: kept.filter((_, d) => !dims.includes(d)),
    strides: keepdim ? outView.strides.filter((_, d) => !dims.includes(d)) : outView.strides,
  };
  input.backend.reduce(op, viewOf(input, op), dims, squeezed);
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
  const dims = normalizeDims(dim, input.ndim, 'sum');
  const keepdim = options.keepdim ?? false;
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
  if (input.dtype !== 'float32') {
    throw new DTypeError(
      `mean: input dtype must be float32, got ${input.dtype}; call .float() first`,
    );
  }
  const dims = normalizeDims(dim, input.ndim, 'mean');
  const keepdim = options.keepdim ?? false;
  const count = numel(dims.map((d) => input.shape[d]));
  const out = reduceKernel('sum', input, dims, keepdim, 'float32');
  const view = viewOf(out, 'mean');
  input.backend.binary('div', view, count, view);
  record('mean', [input], out, { dims, keepdim, count, all: dim === undefined });
  return out;
}

export function prod(input: Tensor, dim?: number, options: ReduceOptions = {}): Tensor {
  const dims = normalizeDims(dim, input.ndim, 'prod');
  const keepdim = options.keepdim ?? false;
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
  const dims = normalizeDims(dim, input.ndim, op);
  checkNonEmpty(op, input, dims);
  const keepdim = options.keepdim ?? false;
  const values = reduceKernel(op, input, dims, dim === undefined ? false : keepdim, input.dtype);
  if (dim === undefined) {
    record(op, [input], values, { dims, keepdim: false, all: true });
    return values;
  }
  const indices = reduceKernel(op === 'max' ? 'argmax' : 'argmin', input, dims, keepdim, 'int32');
  record(op, [input], values, { dims, keepdim, indices });
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
  const dims = normalizeDims(dim, input.ndim, name);
  checkNonEmpty(name, input, dims);
  const keepdim = options.keepdim ?? false;
  const out = reduceKernel(op, input, dims, keepdim, input.dtype);
  record(name, [input], out, { dims, keepdim, all: false });
  return out;
}

export function argExtremum(
  op: 'argmax' | 'argmin',
  input: Tensor,
  dim?: number,
  options: ReduceOptions = {},
): Tensor {
  if (dim === undefined) {
    const flat = input.reshape([-1]);
    checkNonEmpty(op, flat, [0]);
    return reduceKernel(op, flat, [0], false, 'int32');
  }
  const dims = normalizeDims(dim, input.ndim, op);
  checkNonEmpty(op, input, dims);
  return reduceKernel(op, input, dims, options.keepdim ?? false, 'int32');
}

export interface VarOptions extends ReduceOptions {
  /** Bessel's correction: 1 (default) gives the unbiased estimate, 0 the population variance. */
  correction?: number;
}

/** torch.var, composed of recorded ops so its gradient follows. */
export function variance(
  input: Tensor,
  dim?: number | readonly number[],
  options: VarOptions = {},
): Tensor {
  const correction = options.correction ?? 1;
  if (!Number.isFinite(correction) || correction < 0) {
    throw new ArgumentError(
      `var: correction must be a non-negative number, got ${show(correction)}`,
    );
  }
  const dims = normalizeDims(dim, input.ndim, 'var');
  const count = numel(dims.map((d) => input.shape[d]));
  const centered = input.sub(mean(input, dims, { keepdim: true }));
  return sum(centered.mul(centered), dims, { keepdim: options.keepdim }).div(
    Math.max(count - correction, 0),
  );
}

export function std(
  input: Tensor,
  dim?: number | readonly number[],
  options: VarOptions = {},
): Tensor {
  return variance(input, dim, options).sqrt();
}

/** log(sum(exp(x))) along `dim`, shifted by the (untracked) max for stability. */
export function logsumexp(
  input: Tensor,
  dim: number | readonly number[],
  options: ReduceOptions = {},
): Tensor {
  const dims = normalizeDims(dim, input.ndim, 'logsumexp');
  const shift = withoutRecording(() => {
    const m = amaxmin('max', input, dims, { keepdim: true });
    return m.where(m.isnan().logicalNot().logicalAnd(m.abs().lt(Number.POSITIVE_INFINITY)), 0);
  });
  const out = sum(input.sub(shift).exp(), dims, { keepdim: true }).log().add(shift);
  return options.keepdim ? out : out.squeeze(dims);
}

export function logSoftmax(input: Tensor, dim: number): Tensor {
  return input.sub(logsumexp(input, dim, { keepdim: true }));
}

export function softmax(input: Tensor, dim: number): Tensor {
  return logSoftmax(input, dim).exp();
}
