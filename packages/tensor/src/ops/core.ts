import type { Backend, View } from '../backend';
import type { DType } from '../dtype';
import { BackendError, DTypeError, show } from '../errors';
import { activeRecorder } from '../hooks';
import { contiguousStrides, numel } from '../shape';
import { StorageRef } from '../storage-ref';
import { Tensor } from '../tensor';
import type { DefinedUnaryOp } from './elementwise-table';
import type { OpAttrs, RecordedOp } from './schema';

/**
 * A new contiguous tensor on `backend` with uninitialised storage: what every op writes its
 * result into (the public form is `empty`; no trailing `_`, since nothing is changed in place).
 */
export function allocateTensor(backend: Backend, shape: readonly number[], dtype: DType): Tensor {
  const storage = backend.allocate(numel(shape), dtype);
  // Checked before a tensor (and its finalizer) exists: a bad storage must not reach free().
  if (storage?.backend !== backend || storage.dtype !== dtype) {
    throw new BackendError(
      `${backend.name}.allocate: returned ${show(storage)}, not a ${dtype} storage of this backend`,
    );
  }
  const ref = new StorageRef(storage);
  return new Tensor({
    ref,
    shape,
    strides: contiguousStrides(shape),
    offset: 0,
    dtype,
    versionCounter: { value: 0 },
  });
}

/** What kernels see of a tensor; throws if it was disposed. */
export function viewOf(tensor: Tensor, op: string): View {
  return tensor._view(op);
}

/** Ops whose attributes may be left out (none, or all optional). */
type OpWithOptionalAttrs = {
  [Op in RecordedOp]: Record<string, never> extends OpAttrs<Op> ? Op : never;
}[RecordedOp];

/** Reports an op of the schema to the autograd recorder, if one is installed. */
export function record<Op extends OpWithOptionalAttrs>(
  op: Op,
  inputs: readonly Tensor[],
  output: Tensor,
): void;
export function record<Op extends RecordedOp | DefinedUnaryOp>(
  op: Op,
  inputs: readonly Tensor[],
  output: Tensor,
  attrs: OpAttrs<Op>,
): void;
export function record(
  op: RecordedOp | DefinedUnaryOp,
  inputs: readonly Tensor[],
  output: Tensor,
  attrs: OpAttrs = {},
): void {
  const recorder = activeRecorder();
  if (recorder?.isTracking(inputs)) recorder.record(op, inputs, output, attrs);
}

export function sameBackend(op: string, tensors: readonly Tensor[]): Backend {
  const backend = tensors[0].backend;
  for (const t of tensors) {
    if (t.backend !== backend) {
      throw new BackendError(
        `${op}: expected all tensors on the same backend, got '${backend.name}' and '${t.backend.name}'`,
      );
    }
  }
  return backend;
}

const CAST_RANK: Record<DType, number> = { bool: 0, int32: 1, float32: 2 };

/** PyTorch's can_cast for in-place results: never float into int, never int into bool. */
export function checkCastInto(result: DType, target: Tensor, op: string): void {
  if (CAST_RANK[result] > CAST_RANK[target.dtype]) {
    throw new DTypeError(
      `${op}: result type ${result} can't be cast to the desired output type ${target.dtype} (in-place)`,
    );
  }
}

/** `view` broadcast to `shape`: stride 0 on every dim it is stretched along. */
export function broadcastView(view: View, shape: readonly number[]): View {
  const offsetDims = shape.length - view.shape.length;
  const strides = shape.map((size, d) => {
    const src = d - offsetDims;
    if (src < 0) return 0;
    return view.shape[src] === 1 && size !== 1 ? 0 : view.strides[src];
  });
  return { storage: view.storage, shape, strides, offset: view.offset };
}
