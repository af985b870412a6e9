import type { Backend } from '../../backend';
import { startKernels } from './runtime';
import { warmUp } from './warm-up';

let prepared: Promise<boolean> | null = null;

/**
 * Compiles the kernels, then warms them up on `backend`, once: started by the CPU backend's
 * first allocation (not at import) or by `ready()`.
 */
export function prepareKernels(backend: Backend): Promise<boolean> {
  prepared ??= startKernels().then(async (compiled) => {
    // a warm-up that cannot allocate (the program already took the memory) only costs speed
    if (compiled) await warmUp(backend).catch(() => undefined);
    return compiled;
  });
  return prepared;
}
