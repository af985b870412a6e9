import { kernelNames, opsOf } from '../kernel-names';
import { BINARY_OPS, UNARY_OPS } from '../ops/elementwise-table';
import { cpu } from './backend';
import { REDUCE_KERNELS } from './reduce';

/**
 * Every kernel the CPU backend runs, listed from its own tables: every declared elementwise
 * op (render-js.ts renders each primitive as TypeScript, the reference its WebAssembly kernels
 * fall back to), and a reduction where cpu/reduce.ts has one.
 */
export const CPU_KERNELS = kernelNames(cpu, {
  unary: opsOf(UNARY_OPS),
  binary: opsOf(BINARY_OPS),
  reduce: opsOf(REDUCE_KERNELS),
});
