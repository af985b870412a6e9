import type { Backend } from './backend';
import { cpu } from './cpu/backend';
import { ArgumentError, show } from './errors';

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

export function checkBackend(backend: unknown, op: string, arg: string): Backend {
  const b = backend as Backend | null;
  if (b === null || typeof b !== 'object' || typeof b.allocate !== 'function') {
    throw new ArgumentError(
      `${op}: ${arg} must be a Backend (e.g. cpu or await webgpu()), got ${show(backend)}`,
    );
  }
  return b;
}
