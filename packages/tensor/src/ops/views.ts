import { checkInteger, checkTensor } from '../checks';
import { IndexError, ShapeError, show } from '../errors';
import { inferShape, normalizeDim, numel, viewStrides } from '../shape';
import type { Tensor } from '../tensor';
import { allocateTensor, record, viewOf } from './core';

/**
 * Views share their base's storage and version counter; each is recorded for autograd as
 * its own op, so indexing gradients come from composing these few rules.
 */

export function view(input: Tensor, shape: readonly number[]): Tensor {
  checkTensor('view', 'input', input);
  const target = inferShape(shape, input.numel(), 'view');
  const strides = viewStrides(input.shape, input.strides, target);
  if (strides === null) {
    throw new ShapeError(
      `view: size ${show(target)} is not compatible with input's size ${show(input.shape)} and strides ` +
        `${show(input.strides)} (at least one dimension spans two contiguous subspaces); use reshape() instead`,
    );
  }
  const out = input._alias(target, strides, input.offset);
  record('view', [input], out, { inputShape: input.shape });
  return out;
}

/** A view when the layout allows it, otherwise a contiguous copy (torch.reshape). */
export function reshape(input: Tensor, shape: readonly number[]): Tensor {
  checkTensor('reshape', 'input', input);
  const target = inferShape(shape, input.numel(), 'reshape');
  if (viewStrides(input.shape, input.strides, target) !== null) return view(input, target);
  return view(contiguous(input), target);
}

export function contiguous(input: Tensor): Tensor {
  if (input.isContiguous()) return input;
  return clone(input);
}

/** A copy with its own contiguous storage (recorded: its gradient is the identity). */
export function clone(input: Tensor): Tensor {
  const out = allocateTensor(input.backend, input.shape, input.dtype);
  input.backend.copy(viewOf(input, 'clone'), viewOf(out, 'clone'));
  record('clone', [input], out);
  return out;
}

export function permute(input: Tensor, dims: readonly number[]): Tensor {
  checkTensor('permute', 'input', input);
  const nd = input.ndim;
  const norm = dims.map((d) => normalizeDim(d, nd, 'permute', 'dims'));
  if (norm.length !== nd || new Set(norm).size !== nd) {
    throw new IndexError(
      `permute: dims must be a permutation of ${nd} dimensions, got ${show(dims)} for shape ${show(input.shape)}`,
    );
  }
  const out = input._alias(
    norm.map((d) => input.shape[d]),
    norm.map((d) => input.strides[d]),
    input.offset,
  );
  record('permute', [input], out, { dims: norm });
  return out;
}

export function transpose(input: Tensor, dim0: number, dim1: number): Tensor {
  checkTensor('transpose', 'input', input);
  const d0 = normalizeDim(dim0, input.ndim, 'transpose', 'dim0');
  const d1 = normalizeDim(dim1, input.ndim, 'transpose', 'dim1');
  const order = Array.from({ length: input.ndim }, (_, i) => i);
  // A 0-d tensor has no dims to swap, but its transpose is still recorded for autograd.
  if (input.ndim > 0) [order[d0], order[d1]] = [order[d1], order[d0]];
  const out = input._alias(
    order.map((d) => input.shape[d]),
    order.map((d) => input.strides[d]),
    input.offset,
  );
  record('transpose', [input], out, { dim0: d0, dim1: d1 });
  return out;
}

/** Broadcasts to `shape` without copying; -1 keeps a size (torch.expand). */
export function expand(input: Tensor, shape: readonly number[]): Tensor {
  checkTensor('expand', 'input', input);
  if (!Array.isArray(shape) || !shape.every(Number.isInteger)) {
    throw new ShapeError(`expand: size must be an array of integers, got ${show(shape)}`);
  }
  const lead = shape.length - input.ndim;
  if (lead < 0) {
    throw new ShapeError(
      `expand: the number of sizes provided in size (${shape.length}) must be at least the number of dimensions (${input.ndim})`,
    );
  }
  const target: number[] = [];
  const strides: number[] = [];
  shape.forEach((size, d) => {
    const src = d - lead;
    const have = src >= 0 ? input.shape[src] : 1;
    const want = size === -1 && src >= 0 ? have : size;
    if (!Number.isInteger(want) || want < 0 || (have !== want && have !== 1)) {
      throw new ShapeError(
        `expand: the expanded size of the tensor (${size}) must match the existing size (${have}) at ` +
          `non-singleton dimension ${d}; target sizes ${show(shape)}, tensor sizes ${show(input.shape)}`,
      );
    }
    target.push(want);
    strides.push(src < 0 || (have === 1 && want !== 1) ? 0 : input.strides[src]);
  });
  const out = input._alias(target, strides, input.offset);
  record('expand', [input], out, { inputShape: input.shape });
  return out;
}

export function squeeze(input: Tensor, dim?: number | readonly number[]): Tensor {
  checkTensor('squeeze', 'input', input);
  const dims =
    dim === undefined
      ? input.shape.flatMap((s, d) => (s === 1 ? [d] : []))
      : (Array.isArray(dim) ? dim : [dim]).map((d) => normalizeDim(d, input.ndim, 'squeeze'));
  const keep = input.shape.map((s, d) => !(s === 1 && dims.includes(d)));
  const out = input._alias(
    input.shape.filter((_, d) => keep[d]),
    input.strides.filter((_, d) => keep[d]),
    input.offset,
  );
  record('squeeze', [input], out, { inputShape: input.shape, all: dim === undefined });
  return out;
}

export function unsqueeze(input: Tensor, dim: number): Tensor {
  checkTensor('unsqueeze', 'input', input);
  const d = normalizeDim(dim, input.ndim + 1, 'unsqueeze');
  const shape = [...input.shape];
  const strides = [...input.strides];
  shape.splice(d, 0, 1);
  strides.splice(d, 0, d < input.ndim ? input.strides[d] * input.shape[d] : 1);
  const out = input._alias(shape, strides, input.offset);
  record('unsqueeze', [input], out, { dim: d });
  return out;
}

export function flatten(input: Tensor, startDim = 0, endDim = -1): Tensor {
  checkTensor('flatten', 'input', input);
  if (input.ndim === 0) return reshape(input, [1]);
  const s = normalizeDim(startDim, input.ndim, 'flatten', 'startDim');
  const e = normalizeDim(endDim, input.ndim, 'flatten', 'endDim');
  if (s > e)
    throw new IndexError(`flatten: startDim (${startDim}) must not come after endDim (${endDim})`);
  const shape = [
    ...input.shape.slice(0, s),
    numel(input.shape.slice(s, e + 1)),
    ...input.shape.slice(e + 1),
  ];
  return reshape(input, shape);
}

/** Elements start, start+step, ... below stop along `dim` (Python slice semantics, step > 0). */
export function slice(input: Tensor, dim: number, start: number, stop: number, step = 1): Tensor {
  checkTensor('slice', 'input', input);
  checkInteger('slice', 'start', start);
  checkInteger('slice', 'stop', stop);
  const d = normalizeDim(dim, input.ndim, 'slice');
  if (!Number.isInteger(step) || step <= 0) {
    throw new IndexError(`slice: step must be a positive integer, got ${show(step)}`);
  }
  const size = input.shape[d];
  const clampIndex = (i: number) => Math.min(Math.max(i < 0 ? i + size : i, 0), size);
  const begin = clampIndex(start);
  const end = Math.max(clampIndex(stop), begin);
  const shape = [...input.shape];
  const strides = [...input.strides];
  shape[d] = Math.ceil((end - begin) / step);
  strides[d] = input.strides[d] * step;
  const out = input._alias(shape, strides, input.offset + begin * input.strides[d]);
  record('slice', [input], out, { dim: d, start: begin, step, inputShape: input.shape });
  return out;
}

export function narrow(input: Tensor, dim: number, start: number, length: number): Tensor {
  checkTensor('narrow', 'input', input);
  checkInteger('narrow', 'start', start);
  checkInteger('narrow', 'length', length);
  const d = normalizeDim(dim, input.ndim, 'narrow');
  const size = input.shape[d];
  const begin = start < 0 ? start + size : start;
  if (
    !Number.isInteger(begin) ||
    !Number.isInteger(length) ||
    begin < 0 ||
    length < 0 ||
    begin + length > size
  ) {
    throw new IndexError(
      `narrow: start (${start}) + length (${length}) exceeds dimension size (${size}) of dim ${d}`,
    );
  }
  return slice(input, d, begin, begin + length);
}

/** Removes `dim` by picking one index (torch.select; what `t.get(i)` does). */
export function select(input: Tensor, dim: number, index: number): Tensor {
  checkTensor('select', 'input', input);
  checkInteger('select', 'index', index);
  const d = normalizeDim(dim, input.ndim, 'select');
  const size = input.shape[d];
  if (!Number.isInteger(index) || index < -size || index >= size) {
    throw new IndexError(
      `select: index ${show(index)} is out of bounds for dimension ${d} with size ${size}`,
    );
  }
  const i = index < 0 ? index + size : index;
  const out = input._alias(
    input.shape.filter((_, k) => k !== d),
    input.strides.filter((_, k) => k !== d),
    input.offset + i * input.strides[d],
  );
  record('select', [input], out, { dim: d, index: i, inputShape: input.shape });
  return out;
}
