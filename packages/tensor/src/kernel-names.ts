import type { Backend } from './backend';
import type { BinaryOp, ReduceOp, UnaryOp } from './ops/elementwise-table';

/** The Backend methods that run kernels (the rest manage storage). */
export const KERNEL_METHODS = [
  'copy',
  'fill',
  'unary',
  'binary',
  'where',
  'reduce',
  'matmul',
  'gather',
  'scatterAdd',
] as const satisfies readonly (keyof Backend)[];

type OpKeyedMethod = 'unary' | 'binary' | 'reduce';

/**
 * A kernel by name: a Backend kernel method, and for the methods that take an op, the op
 * (`unary:exp`, `reduce:sum`), so that what a backend runs can be listed op by op.
 */
export type KernelName =
  | Exclude<(typeof KERNEL_METHODS)[number], OpKeyedMethod>
  | `unary:${UnaryOp}`
  | `binary:${BinaryOp}`
  | `reduce:${ReduceOp}`;

/** The ops a backend's op-keyed kernels handle, as its own kernel tables list them. */
export interface KernelOps {
  readonly unary: Iterable<UnaryOp>;
  readonly binary: Iterable<BinaryOp>;
  readonly reduce: Iterable<ReduceOp>;
}

/**
 * Every kernel a backend runs: each kernel method `backend` defines (an instance, or a class
 * prototype where methods live there) and, for the op-keyed ones, each op its tables handle.
 */
export function kernelNames(backend: Backend, ops: KernelOps): ReadonlySet<KernelName> {
  const names = new Set<KernelName>();
  for (const method of KERNEL_METHODS) {
    if (typeof backend[method] !== 'function') continue;
    if (method === 'unary') for (const op of ops.unary) names.add(`unary:${op}`);
    else if (method === 'binary') for (const op of ops.binary) names.add(`binary:${op}`);
    else if (method === 'reduce') for (const op of ops.reduce) names.add(`reduce:${op}`);
    else names.add(method);
  }
  return names;
}

/** The keys of a table keyed by op name (Object.keys types them as plain strings). */
export function opsOf<Table extends object>(table: Table): (keyof Table & string)[] {
  return Object.keys(table) as (keyof Table & string)[];
}
