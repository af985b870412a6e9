import { ArgumentError, DisposedError } from './errors';
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
