import { ArgumentError, DisposedError } from './errors';
import { isContiguous } from './layout';
import { numel } from './shape';
import type { StorageRef } from './storage-ref';
import type { Tensor } from './tensor';

/**
 * Scopes that dispose the tensors created inside them (TensorFlow.js's tidy). Storage of
 * the CPU (WebAssembly memory) and GPU backends lives outside the JS heap, so the garbage
 * collector, which schedules itself by JS heap size, may run too rarely to free it: a
 * training step wrapped in `tidy` returns its temporaries at once.
 */
const scopes: Tensor[][] = [];
const kept = new WeakSet<Tensor>();
/** The tensors a scope disposed, so that using one later can say why it is gone. */
const tidied = new WeakSet<Tensor>();

/** @internal The error for using a disposed `tensor` in `op`, saying why it is gone. */
export function disposedError(op: string, tensor: Tensor): DisposedError {
  return new DisposedError(
    tidied.has(tensor)
      ? `${op}: the tensor was freed when the tidy() that created it ended; return it from the tidy callback, or keep() it, to use it afterwards`
      : `${op}: the tensor was disposed and can no longer be used`,
  );
}

function disposeFromScope(tensor: Tensor): void {
  if (!tensor.isDisposed) tidied.add(tensor);
  tensor.dispose();
}

/** @internal Called for every new tensor. */
export function track(tensor: Tensor): void {
  if (scopes.length > 0) scopes[scopes.length - 1].push(tensor);
}

/**
 * Runs `fn` and disposes every tensor it created, except those it returns (found in
 * arrays, plain objects and Maps of the result) and those marked with `keep()`; returned
 * tensors pass to the enclosing scope. `fn` must be synchronous.
 *
 * @example
 * const loss = tidy(() => crossEntropy(net.forward(x), y)); // activations freed, loss kept
 */
export function tidy<T>(fn: () => T): T {
  const scope: Tensor[] = [];
  scopes.push(scope);
  let result: T;
  try {
    result = fn();
  } catch (error) {
    scopes.pop();
    for (const tensor of scope) if (!kept.has(tensor)) disposeFromScope(tensor);
    throw error;
  }
  scopes.pop();
  if (result instanceof Promise) {
    throw new ArgumentError('tidy: fn must be synchronous; await outside tidy, or dispose by hand');
  }
  const returned = new Set<Tensor>();
  collect(result, returned, new Set());
  for (const tensor of scope) {
    if (returned.has(tensor) || kept.has(tensor)) track(tensor);
    else disposeFromScope(tensor);
  }
  return result;
}

/**
 * @internal The candidates that, once the innermost tidy() ends, will be the only tensor
 * holding their storage, which each spans contiguously: every other holder is a temporary the
 * scope disposes, as the candidate is, unless it is kept. For a scope whose callback returns
 * no tensor. At most one candidate per storage. backward() keep()s such a gradient as `.grad`
 * instead of copying it, as PyTorch's AccumulateGrad steals one nothing else references.
 */
export function soleSurvivors(candidates: Iterable<Tensor>): Set<Tensor> {
  const found = new Set<Tensor>();
  const scope = scopes[scopes.length - 1];
  if (scope === undefined) return found;
  const temporaries = new Map<StorageRef, number>();
  for (const tensor of scope) {
    if (tensor.isDisposed || kept.has(tensor)) continue;
    const ref = tensor._parts().ref;
    temporaries.set(ref, (temporaries.get(ref) ?? 0) + 1);
  }
  const taken = new Set<StorageRef>();
  for (const tensor of candidates) {
    const { ref, shape, strides, offset } = tensor._parts();
    // a candidate outside the scope, or kept, makes the count fall short of the holders
    if (temporaries.get(ref) !== ref.holders || taken.has(ref)) continue;
    if (offset !== 0 || !isContiguous(shape, strides) || numel(shape) !== ref.storage.length) {
      continue;
    }
    taken.add(ref);
    found.add(tensor);
  }
  return found;
}

/** Exempts `tensor` from every enclosing `tidy` (for tensors stored beyond the scope). */
export function keep<T extends Tensor>(tensor: T): T {
  kept.add(tensor);
  return tensor;
}

function collect(value: unknown, into: Set<Tensor>, seen: Set<unknown>): void {
  if (value === null || typeof value !== 'object' || seen.has(value)) return;
  seen.add(value);
  if (typeof (value as Tensor).dispose === 'function' && 'shape' in value) {
    into.add(value as Tensor);
  } else if (Array.isArray(value)) {
    for (const item of value) collect(item, into, seen);
  } else if (value instanceof Map) {
    for (const item of value.values()) collect(item, into, seen);
  } else if (Object.getPrototypeOf(value) === Object.prototype) {
    for (const item of Object.values(value)) collect(item, into, seen);
  }
}
