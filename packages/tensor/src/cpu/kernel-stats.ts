/**
 * Calls where the CPU backend has a WebAssembly kernel for the op and dtypes but ran the
 * TypeScript one: kernels not compiled yet or where SIMD is missing, a layout or a scalar the
 * kernel does not take. The results are the same; only speed differs, so without a count a
 * miss would go unnoticed.
 */
const fallbacks = new Map<string, number>();

export function countFallback(kernel: string): void {
  fallbacks.set(kernel, (fallbacks.get(kernel) ?? 0) + 1);
}

export interface KernelStats {
  /** Fall-backs to TypeScript by WebAssembly kernel name ('add', 'mul_scalar', 'reduce sum', 'matmul', ...). */
  readonly fallbacks: Readonly<Record<string, number>>;
}

/**
 * How often the CPU backend fell back from a WebAssembly kernel to TypeScript since the start
 * (or the last reset). `{}` after `await ready()` means every op that has a WebAssembly
 * kernel ran it.
 *
 * @example
 * await ready();
 * rand([64, 64]).add(1);
 * cpuKernelStats(); // { fallbacks: {} }
 */
export function cpuKernelStats(): KernelStats {
  return { fallbacks: Object.fromEntries(fallbacks) };
}

/** Zeroes the counts of cpuKernelStats(). */
export function resetCpuKernelStats(): void {
  fallbacks.clear();
}
