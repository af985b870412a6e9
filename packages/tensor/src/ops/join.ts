import { checkTensor } from '../checks';
import { promoteTypes } from '../dtype';
import { ArgumentError, ShapeError, show } from '../errors';
import { normalizeDim } from '../shape';
import { Tensor } from '../tensor';
import { allocateTensor, record, sameBackend, viewOf } from './core';
import { narrow, unsqueeze } from './views';

function checkList(tensors: readonly Tensor[], op: string): void {
  if (
    !Array.isArray(tensors) ||
    tensors.length === 0 ||
    !tensors.every((t) => t instanceof Tensor)
  ) {
    throw new ArgumentError(
      `${op}: tensors must be a non-empty array of tensors, got ${show(tensors)}`,
    );
  }
  for (const t of tensors) checkTensor(op, 'tensors', t);
}

/** torch.cat: joins along an existing dim; other dims must match. */
export function cat(tensors: readonly Tensor[], dim = 0): Tensor {
  checkList(tensors, 'cat');
  const backend = sameBackend('cat', tensors);
  const first = tensors[0];
  const d = normalizeDim(dim, first.ndim, 'cat');
  tensors.forEach((t, i) => {
    if (t.ndim !== first.ndim || t.shape.some((s, k) => k !== d && s !== first.shape[k])) {
      throw new ShapeError(
        `cat: sizes of tensors must match except in dimension ${d}; tensor 0 has shape ` +
          `${show(first.shape)} and tensor ${i} has shape ${show(t.shape)}`,
      );
    }
  });
  const sizes = tensors.map((t) => t.shape[d]);
  const shape = [...first.shape];
  shape[d] = sizes.reduce((a, b) => a + b, 0);
  const dtype = tensors.map((t) => t.dtype).reduce(promoteTypes);
  const out = allocateTensor(backend, shape, dtype);
  let start = 0;
  for (const t of tensors) {
    const part = out._alias(
      out.shape.map((s, k) => (k === d ? t.shape[d] : s)),
      out.strides,
      start * out.strides[d],
    );
    backend.copy(viewOf(t, 'cat'), viewOf(part, 'cat'));
    start += t.shape[d];
  }
  record('cat', tensors, out, { dim: d, sizes });
  return out;
}

/** torch.stack: joins along a new dim; all shapes must be equal. */
export function stack(tensors: readonly Tensor[], dim = 0): Tensor {
  checkList(tensors, 'stack');
  const first = tensors[0];
  tensors.forEach((t, i) => {
    if (t.ndim !== first.ndim || t.shape.some((s, k) => s !== first.shape[k])) {
      throw new ShapeError(
        `stack: expects each tensor to be equal size, but got ${show(first.shape)} at entry 0 and ${show(t.shape)} at entry ${i}`,
      );
    }
  });
  const d = normalizeDim(dim, first.ndim + 1, 'stack');
  return cat(
    tensors.map((t) => unsqueeze(t, d)),
    d,
  );
}

/** torch.split: views of `splitSize` elements along `dim` (the last may be shorter), or of the given sizes. */
export function split(input: Tensor, splitSize: number | readonly number[], dim = 0): Tensor[] {
  checkTensor('split', 'input', input);
  if (typeof splitSize !== 'number' && !Array.isArray(splitSize)) {
    throw new ArgumentError(
      `split: splitSize must be a positive integer or an array of sizes, got ${show(splitSize)}`,
    );
  }
  const d = normalizeDim(dim, input.ndim, 'split');
  const size = input.shape[d];
  let sizes: number[];
  if (typeof splitSize === 'number') {
    if (!Number.isInteger(splitSize) || splitSize <= 0) {
      throw new ArgumentError(
        `split: splitSize must be a positive integer, got ${show(splitSize)}`,
      );
    }
    sizes = Array.from({ length: Math.max(Math.ceil(size / splitSize), 1) }, (_, i) =>
      Math.min(splitSize, size - i * splitSize),
    );
  } else {
    sizes = [...splitSize];
    if (
      sizes.reduce((a, b) => a + b, 0) !== size ||
      sizes.some((s) => !Number.isInteger(s) || s < 0)
    ) {
      throw new ShapeError(
        `split: splitSize ${show(sizes)} must be non-negative sizes that sum to ${size} (dim ${d})`,
      );
    }
  }
  let start = 0;
  return sizes.map((length) => {
    const part = narrow(input, d, start, length);
    start += length;
    return part;
  });
}

/** torch.chunk: `chunks` pieces of ceil(size / chunks) elements along `dim`. */
export function chunk(input: Tensor, chunks: number, dim = 0): Tensor[] {
  checkTensor('chunk', 'input', input);
  if (!Number.isInteger(chunks) || chunks <= 0) {
    throw new ArgumentError(`chunk: chunks must be a positive integer, got ${show(chunks)}`);
  }
  const d = normalizeDim(dim, input.ndim, 'chunk');
  return split(input, Math.max(Math.ceil(input.shape[d] / chunks), 1), d);
}
