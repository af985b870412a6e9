import { cpu } from '../backend';
import { startKernels } from './runtime';
import { warmUp } from './warm-up';

let prepared: Promise<boolean> | null = null;

/**
 * Resolves once the CPU backend's WebAssembly SIMD kernels are compiled and warmed up: `true`
 * when they run, `false` where the host lacks WebAssembly SIMD (the TypeScript kernels then
 * run). Results are the same either way; only speed differs. Importing @x/tensor does no work:
 * the kernels compile on the first op that needs them (at once in Node; in browsers in the
 * background, the TypeScript kernels running until then) or on `ready()`, which also warms
 * them up, so that the first steps of a loop after it run at full speed.
 *
 * @example
 * import { rand, ready } from '@x/tensor';
 * await ready();
 * rand([1024, 1024]).matmul(rand([1024, 1024]));
 */
export function ready(): Promise<boolean> {
  prepared ??= startKernels().then(async (compiled) => {
    // a warm-up that cannot allocate (the program already took the memory) only costs speed
    if (compiled) await warmUp(cpu).catch(() => undefined);
    return compiled;
  });
  return prepared;
}
