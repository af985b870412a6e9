import { BACKEND_SPEC_VERSION, type Backend } from './backend';
import { cpu } from './cpu/backend';
import { ArgumentError, show } from './errors';
import { KERNEL_METHODS } from './kernel-names';

let defaultBackend: Backend = cpu;

/** The backend new tensors are created on when none is given (initially the CPU). */
export function getDefaultBackend(): Backend {
  return defaultBackend;
}

/** Like torch.set_default_device: creation functions without `{ backend }` use this one. */
export function setDefaultBackend(backend: Backend): void {
  checkBackend(backend, 'setDefaultBackend', 'backend');
  defaultBackend = backend;
}

/** What every backend implements (the Backend spec's required members): storage, then kernels. */
const REQUIRED_METHODS = [
  'allocate',
  'free',
  'write',
  'read',
  'memory',
  ...KERNEL_METHODS,
] as const;

/**
 * A Backend, checked against the whole spec before anything is allocated on it, so that an
 * object that only looks like one is refused here rather than failing later, from a
 * finalizer, where no one can catch it.
 */
export function checkBackend(backend: unknown, op: string, arg: string): Backend {
  const expected = `${op}: ${arg} must be a Backend (e.g. cpu or await webgpu())`;
  if (backend === null || typeof backend !== 'object')
    throw new ArgumentError(`${expected}, got ${show(backend)}`);
  const b = backend as Record<string, unknown>;
  const missing = REQUIRED_METHODS.filter((name) => typeof b[name] !== 'function');
  if (missing.length > 0)
    throw new ArgumentError(`${expected}; ${show(backend)} lacks ${missing.join(', ')}`);
  if (typeof b.name !== 'string')
    throw new ArgumentError(`${expected} with a name, got name ${show(b.name)}`);
  // A backend written against another version of the spec may rely on invariants this
  // version no longer keeps: refuse it before it touches a tensor.
  if (b.specVersion !== BACKEND_SPEC_VERSION) {
    throw new ArgumentError(
      `${op}: ${arg} '${b.name}' implements Backend spec version ${show(b.specVersion)}, but this @x/tensor expects specVersion ${BACKEND_SPEC_VERSION}`,
    );
  }
  return backend as Backend;
}
