import type { Backend } from '../../backend';
import { startKernels } from './runtime';
import { warmUp } from './warm-up';

let prepared: Promise<boolean> | null = null;

/** Compiles the kernels, then warms them up on `backend` (the CPU backend does this at start-up). */
export function prepareKernels(backend: Backend): Promise<boolean> {
  prepared ??= startKernels().then(async (compiled) => {
    // a warm-up that cannot allocate (the program already took the memory) only costs speed
    if (compiled) await warmUp(backend).catch(() => undefined);
    return compiled;
  });
  return prepared;
}

/**
 * Resolves once the CPU backend's WebAssembly SIMD kernels are compiled and warmed up: `true`
 * when they run, `false` where the host lacks WebAssembly SIMD (the TypeScript kernels then
 * run). Results are the same either way; only speed differs. In Node the kernels compile at
 * import, so ops are fast from the start; in browsers they compile in the background and ops
 * run the TypeScript kernels until then.
 *
 * @example
 * import { rand, ready } from '@x/tensor';
 * await ready();
 * rand([1024, 1024]).matmul(rand([1024, 1024]));
 */
export function ready(): Promise<boolean> {
  return prepared ?? startKernels();
}
