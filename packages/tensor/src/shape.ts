import { IndexError, ShapeError, show } from './errors';

export type Shape = readonly number[];

export function numel(shape: Shape): number {
  let n = 1;
  for (const size of shape) n *= size;
  return n;
}

export function contiguousStrides(shape: Shape): number[] {
  const strides = new Array<number>(shape.length);
  let stride = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    strides[i] = stride;
    stride *= shape[i];
  }
  return strides;
}

export function sameShape(a: Shape, b: Shape): boolean {
  return a.length === b.length && a.every((size, i) => size === b[i]);
}

/**
 * Validates user-given sizes: non-negative safe integers whose product (the element count) is
 * a safe integer too, so no later size or address computation loses precision. Sizes that
 * pass may still be more than a backend can hold: it then throws OutOfMemoryError.
 */
export function checkShape(shape: unknown, op: string, arg = 'size'): number[] {
  if (!Array.isArray(shape) || !shape.every((s) => Number.isInteger(s) && s >= 0)) {
    throw new ShapeError(
      `${op}: ${arg} must be an array of non-negative integers, got ${show(shape)}`,
    );
  }
  if (!shape.every(Number.isSafeInteger) || !Number.isSafeInteger(numel(shape))) {
    throw new ShapeError(
      `${op}: ${arg} ${show(shape)} asks for ${numel(shape)} elements, more than any tensor ` +
        'can hold (at most 2^53 - 1)',
    );
  }
  return [...shape];
}

/** PyTorch's broadcasting: align right; sizes must be equal or 1. */
export function broadcastShapes(a: Shape, b: Shape, op = 'broadcast'): number[] {
  const ndim = Math.max(a.length, b.length);
  const out = new Array<number>(ndim);
  for (let i = 0; i < ndim; i++) {
    const sa = a[a.length - ndim + i] ?? 1;
    const sb = b[b.length - ndim + i] ?? 1;
    if (sa !== sb && sa !== 1 && sb !== 1) {
      throw new ShapeError(
        `${op}: shapes ${show(a)} and ${show(b)} cannot be broadcast together ` +
          `(size ${sa} vs ${sb} at dimension ${i - ndim})`,
      );
    }
    out[i] = sa === 1 ? sb : sa;
  }
  return out;
}

/** Resolves a possibly negative dim against `ndim` (PyTorch's wrap_dim; 0-d accepts -1 and 0). */
export function normalizeDim(dim: number, ndim: number, op: string, arg = 'dim'): number {
  const range = Math.max(ndim, 1);
  if (!Number.isInteger(dim) || dim < -range || dim >= range) {
    throw new IndexError(
      `${op}: ${arg} must be an integer in [${-range}, ${range - 1}], got ${show(dim)}`,
    );
  }
  return dim < 0 ? dim + range : dim;
}

/** Normalises `dim` (a number, a list, or undefined for all dims) to sorted unique dims. */
export function normalizeDims(
  dim: number | readonly number[] | undefined,
  ndim: number,
  op: string,
): number[] {
  if (dim === undefined) return Array.from({ length: ndim }, (_, i) => i);
  if (typeof dim !== 'number' && !Array.isArray(dim)) {
    throw new IndexError(`${op}: dim must be an integer or an array of integers, got ${show(dim)}`);
  }
  const list = typeof dim === 'number' ? [dim] : [...dim];
  const dims = list.map((d) => normalizeDim(d, ndim, op));
  if (new Set(dims).size !== dims.length) {
    throw new IndexError(`${op}: dim must not repeat a dimension, got ${show(list)}`);
  }
  return dims.sort((x, y) => x - y);
}

/**
 * Strides for viewing (shape, strides) as `newShape` without copying, or null when the
 * memory layout does not allow it (PyTorch's computeStride).
 */
export function viewStrides(shape: Shape, strides: Shape, newShape: Shape): number[] | null {
  // Empty tensors view as anything; a 0-d tensor's one element as any all-ones shape.
  if (numel(shape) === 0 || shape.length === 0) return contiguousStrides(newShape);
  const newStrides = new Array<number>(newShape.length);
  let viewDim = newShape.length - 1;
  let chunkBaseStride = strides[strides.length - 1] ?? 1;
  let tensorNumel = 1;
  let viewNumel = 1;
  for (let dim = shape.length - 1; dim >= 0; dim--) {
    tensorNumel *= shape[dim];
    if (dim === 0 || (shape[dim - 1] !== 1 && strides[dim - 1] !== tensorNumel * chunkBaseStride)) {
      while (viewDim >= 0 && (viewNumel < tensorNumel || newShape[viewDim] === 1)) {
        newStrides[viewDim] = viewNumel * chunkBaseStride;
        viewNumel *= newShape[viewDim];
        viewDim--;
      }
      if (viewNumel !== tensorNumel) return null;
      if (dim > 0) {
        chunkBaseStride = strides[dim - 1];
        tensorNumel = 1;
        viewNumel = 1;
      }
    }
  }
  if (viewDim !== -1) return null;
  return newStrides;
}

/** Resolves one `-1` in a reshape target against the number of elements. */
export function inferShape(shape: readonly number[], total: number, op: string): number[] {
  const out = [...shape];
  const unknown = out.indexOf(-1);
  if (out.some((s, i) => !Number.isInteger(s) || (s < 0 && i !== unknown))) {
    throw new ShapeError(
      `${op}: shape must hold non-negative integers and at most one -1, got ${show(shape)}`,
    );
  }
  if (out.lastIndexOf(-1) !== unknown) {
    throw new ShapeError(`${op}: only one dimension can be inferred (-1), got ${show(shape)}`);
  }
  if (unknown >= 0) {
    const known = numel(out.filter((_, i) => i !== unknown));
    if (known === 0 || total % known !== 0) {
      throw new ShapeError(`${op}: shape ${show(shape)} is invalid for input of size ${total}`);
    }
    out[unknown] = total / known;
  }
  if (numel(out) !== total) {
    throw new ShapeError(`${op}: shape ${show(shape)} is invalid for input of size ${total}`);
  }
  return out;
}
