import type { Backend } from '../backend';
import { checkNumber } from '../checks';
import { checkBackend, getDefaultBackend } from '../device';
import { castScalar, checkDType, type DType, TYPED_ARRAY, type TypedArray } from '../dtype';
import { ArgumentError, DTypeError, ShapeError, show } from '../errors';
import { checkShape, numel } from '../shape';
import type { Tensor } from '../tensor';
import { allocateTensor, viewOf } from './core';

export interface CreateOptions {
  dtype?: DType;
  backend?: Backend;
  requiresGrad?: boolean;
}

/** Nested arrays of numbers or booleans, as `tensor()` accepts them. */
export type NestedArray = number | boolean | readonly NestedArray[];

function backendOf(options: CreateOptions, op: string): Backend {
  return options.backend === undefined
    ? getDefaultBackend()
    : checkBackend(options.backend, op, 'backend');
}

function finish(out: Tensor, options: CreateOptions, op: string): Tensor {
  if (options.requiresGrad) {
    if (out.dtype !== 'float32') {
      throw new DTypeError(
        `${op}: only float32 tensors can require gradients, got dtype ${out.dtype}`,
      );
    }
    out.requiresGrad = true;
  }
  return out;
}

/** A new tensor of `shape` whose elements are `data` cast to `dtype`. */
export function fromTypedArray(
  data: TypedArray,
  shape: readonly number[],
  options: CreateOptions,
  op: string,
): Tensor {
  const dtype =
    options.dtype ??
    (data instanceof Int32Array ? 'int32' : data instanceof Uint8Array ? 'bool' : 'float32');
  checkDType(dtype, op);
  const out = allocateTensor(backendOf(options, op), shape, dtype);
  writeValues(out, data);
  return finish(out, options, op);
}

/** Writes `data` (one value per element, row-major) into a new contiguous `out`, cast to its dtype. */
export function writeValues(out: Tensor, data: TypedArray): void {
  const Ctor = TYPED_ARRAY[out.dtype];
  let values = data;
  if (!(data instanceof Ctor)) {
    values = new Ctor(data.length);
    for (let i = 0; i < data.length; i++) values[i] = castScalar(data[i], out.dtype);
  }
  out.backend.write(out._storage, values);
}

/**
 * torch.tensor. Numbers give float32 unless `dtype` says otherwise (JS cannot tell `1.0`
 * from `1`, so x follows TensorFlow.js here); booleans give bool; an Int32Array int32.
 */
export function tensor(
  data: NestedArray | TypedArray,
  options: CreateOptions & { shape?: readonly number[] } = {},
): Tensor {
  if (ArrayBuffer.isView(data)) {
    const shape =
      options.shape === undefined ? [data.length] : checkShape(options.shape, 'tensor', 'shape');
    if (numel(shape) !== data.length) {
      throw new ShapeError(
        `tensor: shape ${show(shape)} needs ${numel(shape)} elements, got ${data.length}`,
      );
    }
    return fromTypedArray(data as TypedArray, shape, options, 'tensor');
  }
  const shape: number[] = [];
  for (
    let level: NestedArray = data;
    Array.isArray(level);
    level = (level as readonly NestedArray[])[0]
  ) {
    shape.push(level.length);
    if (level.length === 0) break;
  }
  const flat: (number | boolean)[] = [];
  flattenChecked(data, shape, 0, flat);
  const dtype =
    options.dtype ?? (flat.length > 0 && typeof flat[0] === 'boolean' ? 'bool' : 'float32');
  const values = new TYPED_ARRAY[checkDType(dtype, 'tensor')](flat.length);
  for (let i = 0; i < flat.length; i++) values[i] = castScalar(Number(flat[i]), dtype);
  const target = options.shape === undefined ? shape : checkShape(options.shape, 'tensor', 'shape');
  if (numel(target) !== values.length) {
    throw new ShapeError(
      `tensor: shape ${show(target)} needs ${numel(target)} elements, got ${values.length}`,
    );
  }
  return fromTypedArray(values, target, { ...options, dtype }, 'tensor');
}

function flattenChecked(
  data: NestedArray,
  shape: number[],
  depth: number,
  out: (number | boolean)[],
): void {
  if (depth === shape.length) {
    if (typeof data !== 'number' && typeof data !== 'boolean') {
      throw new ShapeError(
        `tensor: data must be nested arrays of numbers or booleans; expected one at depth ${depth}, got ${show(data)} (ragged nested arrays?)`,
      );
    }
    out.push(data);
    return;
  }
  if (!Array.isArray(data) || data.length !== shape[depth]) {
    throw new ShapeError(
      `tensor: data must be nested arrays of numbers or booleans; expected a sequence of length ${shape[depth]} at depth ${depth}, got ${show(data)} (ragged nested arrays?)`,
    );
  }
  for (const item of data) flattenChecked(item, shape, depth + 1, out);
}

export function empty(shape: readonly number[], options: CreateOptions = {}): Tensor {
  const out = allocateTensor(
    backendOf(options, 'empty'),
    checkShape(shape, 'empty'),
    checkDType(options.dtype ?? 'float32', 'empty'),
  );
  return finish(out, options, 'empty');
}

export function full(
  shape: readonly number[],
  value: number | boolean,
  options: CreateOptions = {},
): Tensor {
  return filled('full', shape, value, options);
}

/** full() in the name of the function the user called (zeros, ones). */
function filled(
  op: string,
  shape: readonly number[],
  value: number | boolean,
  options: CreateOptions,
): Tensor {
  if (typeof value !== 'number' && typeof value !== 'boolean') {
    throw new ArgumentError(`${op}: fillValue must be a number or boolean, got ${show(value)}`);
  }
  const dtype = options.dtype ?? (typeof value === 'boolean' ? 'bool' : 'float32');
  const out = allocateTensor(backendOf(options, op), checkShape(shape, op), checkDType(dtype, op));
  out.backend.fill(viewOf(out, op), Number(value));
  return finish(out, options, op);
}

export const zeros = (shape: readonly number[], options: CreateOptions = {}) =>
  filled('zeros', shape, 0, options);
export const ones = (shape: readonly number[], options: CreateOptions = {}) =>
  filled('ones', shape, 1, options);

function likeOptions(input: Tensor, options: CreateOptions): CreateOptions {
  return { dtype: input.dtype, backend: input.backend, ...options };
}
export const zerosLike = (input: Tensor, options: CreateOptions = {}) =>
  zeros(input.shape, likeOptions(input, options));
export const onesLike = (input: Tensor, options: CreateOptions = {}) =>
  ones(input.shape, likeOptions(input, options));
export const emptyLike = (input: Tensor, options: CreateOptions = {}) =>
  empty(input.shape, likeOptions(input, options));
export const fullLike = (input: Tensor, value: number | boolean, options: CreateOptions = {}) =>
  full(input.shape, value, likeOptions(input, options));

/** torch.arange: [start, end) by step; all-integer arguments give int32. */
export function arange(start: number, end?: number, step = 1, options: CreateOptions = {}): Tensor {
  if (end === undefined) [start, end] = [0, start];
  for (const [name, value] of [
    ['start', start],
    ['end', end],
    ['step', step],
  ] as const) {
    if (typeof value !== 'number' || !Number.isFinite(value))
      throw new ArgumentError(`arange: ${name} must be a finite number, got ${show(value)}`);
  }
  if (step === 0) throw new ArgumentError('arange: step must be nonzero, got 0');
  if ((end - start) / step < 0) {
    throw new ArgumentError(
      `arange: upper bound and larger bound inconsistent with step sign (start ${start}, end ${end}, step ${step})`,
    );
  }
  const dtype = options.dtype ?? ([start, end, step].every(Number.isInteger) ? 'int32' : 'float32');
  const [length] = checkShape([Math.ceil((end - start) / step)], 'arange', 'size');
  // allocated first, so that a size the backend cannot hold is refused before any work
  const out = allocateTensor(backendOf(options, 'arange'), [length], checkDType(dtype, 'arange'));
  const values = new TYPED_ARRAY[dtype](length);
  for (let i = 0; i < length; i++) values[i] = castScalar(start + i * step, dtype);
  writeValues(out, values);
  return finish(out, options, 'arange');
}

/** torch.linspace, computed symmetrically from both ends in float32 as PyTorch's CPU kernel does. */
export function linspace(
  start: number,
  end: number,
  steps: number,
  options: CreateOptions = {},
): Tensor {
  checkNumber('linspace', 'start', start);
  checkNumber('linspace', 'end', end);
  if (!Number.isInteger(steps) || steps < 0) {
    throw new ArgumentError(`linspace: steps must be a non-negative integer, got ${show(steps)}`);
  }
  const f = Math.fround;
  const values = new Float32Array(steps);
  if (steps === 1) values[0] = start;
  const step = f(f(f(end) - f(start)) / (steps - 1));
  const half = Math.floor(steps / 2);
  for (let i = 0; i < steps && steps > 1; i++) {
    values[i] = i < half ? f(f(start) + f(step * i)) : f(f(end) - f(step * (steps - i - 1)));
  }
  return fromTypedArray(values, [steps], { dtype: 'float32', ...options }, 'linspace');
}

/** torch.eye: an n×m matrix with ones on the diagonal. */
export function eye(n: number, m = n, options: CreateOptions = {}): Tensor {
  const dims = checkShape([n, m], 'eye', 'n, m');
  const out = zeros(dims, options);
  const values = new TYPED_ARRAY[out.dtype](dims[0] * dims[1]);
  for (let i = 0; i < Math.min(n, m); i++) values[i * m + i] = 1;
  out.backend.write(out._storage, values);
  return out;
}
