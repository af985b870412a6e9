import { checkTensor } from '../checks';
import { BackendError, DTypeError, IndexError, ShapeError, show } from '../errors';
import { normalizeDim, sameShape } from '../shape';
import { Tensor } from '../tensor';
import { allocateTensor, broadcastView, record, sameBackend, viewOf } from './core';
import { fromTypedArray } from './creation';
import { where } from './elementwise';
import { select, slice, unsqueeze } from './views';

/**
 * One index of `get`/`set`: an integer (negative counts from the end), a slice string
 * (`':'`, `'1:3'`, `'::2'`, `'1:-1:2'`), `'...'`, `null` (a new axis of size 1), or a
 * tensor (int32 indices along one dim, or a bool mask over leading dims).
 */
export type Index = number | string | null | Tensor;

interface ParsedSlice {
  start: number | undefined;
  stop: number | undefined;
  step: number;
}

function parseSlice(text: string, op: string): ParsedSlice {
  const parts = text.split(':');
  const parse = (s: string | undefined) => {
    if (s === undefined || s.trim() === '') return undefined;
    const n = Number(s);
    if (!Number.isInteger(n))
      throw new IndexError(`${op}: malformed slice '${text}': '${s}' is not an integer`);
    return n;
  };
  if (parts.length < 2 || parts.length > 3) {
    throw new IndexError(
      `${op}: malformed slice '${text}': expected 'start:stop' or 'start:stop:step'`,
    );
  }
  const step = parse(parts[2]) ?? 1;
  if (step <= 0)
    throw new IndexError(`${op}: slice step must be positive, got ${step} in '${text}'`);
  return { start: parse(parts[0]), stop: parse(parts[1]), step };
}

/** Applies the basic indices as views; returns the view and the tensor index, if any, with its dim. */
function basicIndex(input: Tensor, indices: readonly Index[], op: string) {
  const consumed = (i: Index) =>
    i === null || i === '...'
      ? 0
      : i instanceof Tensor
        ? i.dtype === 'bool'
          ? Math.max(i.ndim, 1)
          : 1
        : 1;
  const ellipses = indices.filter((i) => i === '...').length;
  if (ellipses > 1) throw new IndexError(`${op}: an index can only have a single ellipsis ('...')`);
  const used = indices.reduce<number>((n, i) => n + consumed(i), 0);
  if (used > input.ndim) {
    throw new IndexError(
      `${op}: too many indices for tensor of dimension ${input.ndim} (got ${used})`,
    );
  }
  let out = input;
  let dim = 0;
  let advanced: { index: Tensor; dim: number } | null = null;
  for (const index of indices) {
    if (index === '...') {
      dim += input.ndim - used;
    } else if (index === null) {
      out = unsqueeze(out, dim++);
    } else if (typeof index === 'number') {
      out = select(out, dim, index);
    } else if (typeof index === 'string') {
      const { start, stop, step } = parseSlice(index, op);
      out = slice(out, dim++, start ?? 0, stop ?? out.shape[dim - 1], step);
    } else if (index instanceof Tensor) {
      if (index.dtype === 'float32') {
        throw new IndexError(
          `${op}: tensors used as indices must be int32 or bool tensors, got float32`,
        );
      }
      if (advanced !== null) {
        throw new IndexError(
          `${op}: x supports one tensor index per call; index with one, then the next`,
        );
      }
      advanced = { index, dim };
      dim += consumed(index);
    } else {
      throw new IndexError(
        `${op}: indices must be integers, slice strings, '...', null or tensors, got ${show(index)}`,
      );
    }
  }
  return { view: out, advanced };
}

/** `t[indices]`: basic indices give a view sharing storage; a tensor index gives a copy. */
export function get(input: Tensor, indices: readonly Index[]): Tensor {
  checkTensor('get', 'input', input);
  const { view, advanced } = basicIndex(input, indices, 'get');
  if (advanced === null) return view;
  if (advanced.index.dtype === 'bool') return maskSelect(view, advanced.dim, advanced.index, 'get');
  return takeAlong(view, advanced.dim, advanced.index);
}

/** Gathers `index` (any shape, int32) along `dim`, putting index's shape where dim was. */
function takeAlong(input: Tensor, dim: number, index: Tensor): Tensor {
  const flat = indexSelect(input, dim, index.reshape([-1]));
  return flat.reshape([
    ...input.shape.slice(0, dim),
    ...index.shape,
    ...input.shape.slice(dim + 1),
  ]);
}

/** Positions of true elements of a mask, read on the host (its length sets the result's shape). */
function maskPositions(mask: Tensor, op: string): Tensor {
  if (mask.backend.readSync === undefined) {
    throw new BackendError(
      `${op}: boolean-mask indexing needs the mask's values on the host, which '${mask.backend.name}' cannot read ` +
        'synchronously; use where(mask, a, b) or move the mask to the CPU',
    );
  }
  const values = mask.toArraySync();
  const positions: number[] = [];
  for (let i = 0; i < values.length; i++) if (values[i]) positions.push(i);
  return fromTypedArray(
    Int32Array.from(positions),
    [positions.length],
    { backend: mask.backend },
    op,
  );
}

function maskSelect(input: Tensor, dim: number, mask: Tensor, op: string): Tensor {
  const span = Math.max(mask.ndim, 1);
  const covered = input.shape.slice(dim, dim + span);
  if (!sameShape(covered, mask.ndim === 0 ? [1] : mask.shape)) {
    throw new IndexError(
      `${op}: the shape of the mask ${show(mask.shape)} does not match the shape of the indexed tensor ${show(covered)} at dim ${dim}`,
    );
  }
  const merged = input.reshape([
    ...input.shape.slice(0, dim),
    -1,
    ...input.shape.slice(dim + span),
  ]);
  return indexSelect(merged, dim, maskPositions(mask, op));
}

function checkIndexTensor(index: Tensor, op: string, arg = 'index'): void {
  if (!(index instanceof Tensor) || index.dtype !== 'int32') {
    throw new DTypeError(
      `${op}: ${arg} must be an int32 tensor, got ${index instanceof Tensor ? index.dtype : show(index)}`,
    );
  }
}

/** Throws IndexError naming the first index outside [-size, size), where values can be read. */
function checkBounds(index: Tensor, size: number, op: string): Tensor {
  if (index.backend.readSync !== undefined) {
    const values = index.toArraySync();
    for (const v of values) {
      if (v < -size || v >= size)
        throw new IndexError(`${op}: index ${v} is out of bounds for dimension with size ${size}`);
    }
    if (!values.some((v) => v < 0)) return index;
  }
  return where(index.lt(0), index.add(size), index);
}

/** torch.index_select: entries `index` (1-D int32) along `dim`; a copy. */
export function indexSelect(input: Tensor, dim: number, index: Tensor): Tensor {
  checkTensor('indexSelect', 'input', input);
  checkTensor('indexSelect', 'index', index);
  checkIndexTensor(index, 'indexSelect');
  sameBackend('indexSelect', [input, index]);
  if (index.ndim > 1)
    throw new IndexError(`indexSelect: index must be 1-D, got shape ${show(index.shape)}`);
  const d = normalizeDim(dim, input.ndim, 'indexSelect');
  const idx = checkBounds(
    index.reshape([-1]),
    input.ndim === 0 ? 1 : input.shape[d],
    'indexSelect',
  );
  const shape =
    input.ndim === 0 ? [idx.numel()] : input.shape.map((s, k) => (k === d ? idx.numel() : s));
  const out = allocateTensor(input.backend, shape, input.dtype);
  if (input.ndim > 0) {
    const idxShape = shape.map((s, k) => (k === d ? s : 1));
    const idxView = broadcastView(
      {
        ...viewOf(idx, 'indexSelect'),
        shape: idxShape,
        strides: idxShape.map((_, k) => (k === d ? idx.strides[0] : 0)),
      },
      shape,
    );
    input.backend.gather(viewOf(input, 'indexSelect'), d, idxView, viewOf(out, 'indexSelect'));
  } else {
    input.backend.copy(
      broadcastView(viewOf(input, 'indexSelect'), shape),
      viewOf(out, 'indexSelect'),
    );
  }
  record('indexSelect', [input], out, { dim: d, index: idx, inputShape: input.shape });
  return out;
}

/** torch.gather: out[i][j] = input[i][index[i][j]] along `dim`; index has input's rank. */
export function gather(input: Tensor, dim: number, index: Tensor): Tensor {
  checkTensor('gather', 'input', input);
  checkTensor('gather', 'index', index);
  checkIndexTensor(index, 'gather');
  sameBackend('gather', [input, index]);
  const d = normalizeDim(dim, input.ndim, 'gather');
  if (index.ndim !== input.ndim || index.shape.some((s, k) => k !== d && s > input.shape[k])) {
    throw new ShapeError(
      `gather: index ${show(index.shape)} must have the input's rank and sizes no larger than input ${show(input.shape)} outside dim ${d}`,
    );
  }
  const idx = checkBounds(index, input.shape[d], 'gather');
  const out = allocateTensor(input.backend, index.shape, input.dtype);
  input.backend.gather(viewOf(input, 'gather'), d, viewOf(idx, 'gather'), viewOf(out, 'gather'));
  record('gather', [input], out, { dim: d, index: idx, inputShape: input.shape });
  return out;
}

/** Out-of-place torch.scatter_add: a copy of `input` with `src` added at `index` along `dim`. */
export function scatterAdd(input: Tensor, dim: number, index: Tensor, src: Tensor): Tensor {
  checkTensor('scatterAdd', 'input', input);
  checkTensor('scatterAdd', 'index', index);
  checkTensor('scatterAdd', 'src', src);
  checkIndexTensor(index, 'scatterAdd');
  sameBackend('scatterAdd', [input, index, src]);
  const d = normalizeDim(dim, input.ndim, 'scatterAdd');
  if (index.ndim !== input.ndim || !sameShape(index.shape, src.shape)) {
    throw new ShapeError(
      `scatterAdd: index ${show(index.shape)} and src ${show(src.shape)} must have the same shape and input's rank`,
    );
  }
  const idx = checkBounds(index, input.shape[d], 'scatterAdd');
  const out = allocateTensor(input.backend, input.shape, input.dtype);
  input.backend.copy(viewOf(input, 'scatterAdd'), viewOf(out, 'scatterAdd'));
  input.backend.scatterAdd(
    viewOf(out, 'scatterAdd'),
    d,
    viewOf(idx, 'scatterAdd'),
    viewOf(src, 'scatterAdd'),
  );
  record('scatterAdd', [input, src], out, { dim: d, index: idx });
  return out;
}

/** `t[indices] = value`: writes through views; a bool mask writes where it is true. */
export function set(
  target: Tensor,
  indices: readonly Index[],
  value: Tensor | number | boolean,
): Tensor {
  const { view, advanced } = basicIndex(target, indices, 'set');
  if (advanced === null) {
    view.copy_(value);
  } else if (advanced.index.dtype === 'bool') {
    const mask = advanced.index;
    let aligned = mask;
    for (let k = advanced.dim + mask.ndim; k < view.ndim; k++) aligned = aligned.unsqueeze(-1);
    view.copy_(where(aligned, value, view));
  } else {
    const idx = checkBounds(advanced.index.reshape([-1]), view.shape[advanced.dim], 'set');
    if (idx.backend.readSync === undefined) {
      throw new BackendError(
        `set: integer-tensor indices need host-readable indices; '${idx.backend.name}' is not`,
      );
    }
    const positions = idx.toArraySync();
    const source = value instanceof Tensor ? value : null;
    positions.forEach((p, k) => {
      const dst = select(view, advanced.dim, p);
      dst.copy_(
        source === null
          ? (value as number)
          : source.ndim > dst.ndim
            ? source.select(advanced.dim, k)
            : source,
      );
    });
  }
  return target;
}
