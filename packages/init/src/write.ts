import { cpu, empty, type Generator, type Tensor, type TypedArray, tensor } from '@x/tensor';

/**
 * Copies values computed on the host into `target`, on whatever backend it lives: one
 * upload, then a strided copy, so views and non-contiguous targets are filled correctly.
 */
export function writeHost(target: Tensor, values: TypedArray): void {
  target.copy_(
    tensor(values, { shape: target.shape, backend: target.backend, dtype: target.dtype }),
  );
}

/**
 * Draws `fill` into a host scratch tensor shaped like `shape`. The draws are those a tensor on
 * any backend would get: mt19937 always draws on the host, and a Philox fill is bit-identical
 * on the host and on a device by design.
 */
export function drawOnHost(
  shape: readonly number[],
  fill: (scratch: Tensor, generator: Generator | undefined) => void,
  generator: Generator | undefined,
): Float32Array {
  const scratch = empty(shape, { backend: cpu });
  fill(scratch, generator);
  const values = scratch.toArraySync() as Float32Array;
  scratch.dispose();
  return values;
}
