import { kernelNames, opsOf } from '../kernel-names';
import { BINARY_OPS, UNARY_OPS } from '../ops/elementwise-table';
import { cpu } from './backend';
import { REDUCE_KERNELS } from './reduce';

/**
 * Every kernel the CPU backend runs, listed from its own tables: an elementwise op runs
 * where it has a TypeScript kernel (`js`, the reference its WebAssembly kernels fall back
 * to), a reduction where cpu/reduce.ts has one.
 */
export const CPU_KERNELS = kernelNames(cpu, {
  unary: opsOf(UNARY_OPS).filter((op) => typeof UNARY_OPS[op].js === 'function'),
  binary: opsOf(BINARY_OPS).filter((op) => typeof BINARY_OPS[op].js === 'function'),
  reduce: opsOf(REDUCE_KERNELS),
});
