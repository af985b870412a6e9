import type { View } from '../backend';
import type { DType } from '../dtype';
import type { BinaryOp, DefinedUnaryOp, ReduceOp, UnaryOp } from '../ops/elementwise-table';
import { binary, copy, unary, where } from './elementwise';
import { countFallback } from './kernel-stats';
import { matmul } from './matmul';
import { reduce } from './reduce';
import { ELEMENTWISE_KERNELS } from './wasm/kernels/elementwise-ops';
import { binaryWasm, copyWasm, unaryWasm, whereWasm } from './wasm/ops/elementwise';
import { matmulWasm } from './wasm/ops/matmul';
import { reducePlan, reduceWasm } from './wasm/ops/reduce';

/**
 * The CPU backend's kernels, with two implementations: TypeScript (`Result` void: the
 * reference, which handles every case) and WebAssembly SIMD (`Result` boolean: false where
 * it does not apply, and the TypeScript kernel runs instead). Both give the same bits.
 */
export interface CpuKernels<Result> {
  copy(input: View, out: View): Result;
  unary(op: UnaryOp | DefinedUnaryOp, input: View, out: View, params: readonly number[]): Result;
  binary(op: BinaryOp, a: View, b: View | number, out: View): Result;
  where(condition: View, a: View, b: View, out: View): Result;
  reduce(op: ReduceOp, input: View, axes: readonly number[], out: View): Result;
  matmul(a: View, b: View, out: View): Result;
}

type KernelName = keyof CpuKernels<void>;

export const typescriptKernels: CpuKernels<void> = { copy, unary, binary, where, reduce, matmul };

export const wasmKernels: CpuKernels<boolean> = {
  copy: copyWasm,
  unary: unaryWasm,
  binary: binaryWasm,
  where: whereWasm,
  reduce: reduceWasm,
  matmul: matmulWasm,
};

/**
 * The WebAssembly kernel the call has by its op and dtypes, or null: when there is one and
 * the TypeScript kernel runs anyway, that is a fall-back (counted; see kernelStats).
 */
function wasmKernelFor(kernel: KernelName, args: readonly unknown[]): string | null {
  const dtypes = (...views: unknown[]) => views.map((v) => (v as View).storage.dtype);
  switch (kernel) {
    case 'copy': {
      const [input, out] = dtypes(args[0], args[1]);
      return input === out ? (input === 'bool' ? 'copy8' : 'copy32') : null;
    }
    case 'unary':
      return elementwise(args[0] as string, dtypes(args[1]), dtypes(args[2])[0]);
    case 'binary': {
      const [op, a, b, out] = args;
      if (typeof b === 'number') return elementwise(`${op}_scalar`, dtypes(a), dtypes(out)[0]);
      return elementwise(op as string, dtypes(a, b), dtypes(out)[0]);
    }
    case 'where':
      return elementwise('where', dtypes(args[0], args[1], args[2]), dtypes(args[3])[0]);
    case 'reduce': {
      const [op, input, axes, out] = args as Parameters<typeof reducePlan>;
      return reducePlan(op, input, axes, out) === null ? null : `reduce ${op}`;
    }
    case 'matmul':
      return dtypes(...args).every((d) => d === 'float32') ? 'matmul' : null;
  }
}

const LANES: Partial<Record<DType, string>> = { float32: 'f32', bool: 'u8' };
const ELEMENTWISE = new Map(ELEMENTWISE_KERNELS.map((k) => [k.name, k]));

/** The elementwise kernel `name` if it exists for these input and output dtypes. */
function elementwise(name: string, inputs: readonly DType[], out: DType): string | null {
  const kernel = ELEMENTWISE.get(name);
  if (kernel === undefined || LANES[out] !== kernel.output) return null;
  const match = inputs.every((dtype, i) => LANES[dtype] === kernel.inputs[i]);
  return match ? name : null;
}

/** Runs `kernel` as WebAssembly where that applies, else as TypeScript (counting a fall-back). */
export function runKernel<K extends KernelName>(
  kernel: K,
  ...args: Parameters<CpuKernels<void>[K]>
): void {
  const call = args as unknown[];
  if ((wasmKernels[kernel] as (...a: unknown[]) => boolean)(...call)) return;
  const expected = wasmKernelFor(kernel, call);
  if (expected !== null) countFallback(expected);
  (typescriptKernels[kernel] as (...a: unknown[]) => void)(...call);
}
