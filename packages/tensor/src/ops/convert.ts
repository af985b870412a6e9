import type { Backend } from '../backend';
import type { DType } from '../dtype';
import { BackendError } from '../errors';
import type { Tensor } from '../tensor';
import { allocateTensor, record, viewOf } from './core';

/** A copy cast to `dtype` (the same tensor when it already has it); casts carry no gradient. */
export function toDType(input: Tensor, dtype: DType): Tensor {
  if (input.dtype === dtype) return input;
  const out = allocateTensor(input.backend, input.shape, dtype);
  input.backend.copy(viewOf(input, 'to'), viewOf(out, 'to'));
  return out;
}

/**
 * The tensor on `backend` (the same tensor when already there). Recorded, so gradients flow
 * back across devices. Moving off a backend that reads asynchronously needs toBackendAsync.
 */
export function toBackend(input: Tensor, backend: Backend): Tensor {
  if (input.backend === backend) return input;
  const readSync = input.backend.readSync;
  if (readSync === undefined) {
    throw new BackendError(
      `to: moving a tensor off '${input.device}' needs an asynchronous read; use await toBackendAsync(t, backend)`,
    );
  }
  return written(input, backend, readSync.call(input.backend, viewOf(input, 'to')));
}

export async function toBackendAsync(input: Tensor, backend: Backend): Promise<Tensor> {
  if (input.backend === backend) return input;
  return written(input, backend, await input.backend.read(viewOf(input, 'to')));
}

function written(
  input: Tensor,
  backend: Backend,
  values: ReturnType<NonNullable<Backend['readSync']>>,
): Tensor {
  const out = allocateTensor(backend, input.shape, input.dtype);
  backend.write(out._storage, values);
  record('toBackend', [input], out, { source: input.backend });
  return out;
}
