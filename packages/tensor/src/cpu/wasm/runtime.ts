import { Heap } from './heap';
import { buildKernelModule, type Kernels } from './module';

/** The memory every CPU storage lives in (created at start-up, before any compilation). */
export const heap = new Heap();

let kernels: Kernels | null = null;
let compiledModule: WebAssembly.Module | null = null;
let compiling: Promise<boolean> | null = null;
let enabled = true;

function instantiate(module: WebAssembly.Module): boolean {
  const memory = heap.memory as WebAssembly.Memory;
  const instance = new WebAssembly.Instance(module, { env: { memory } });
  compiledModule = module;
  kernels = instance.exports as unknown as Kernels;
  kernels.init();
  return true;
}

/**
 * Builds and compiles the kernels once. Compiles synchronously where the host allows it (Node,
 * workers), so the kernels are there from the first op; browsers refuse synchronous compiles
 * of large modules on the main thread, and then it compiles in the background while the
 * TypeScript kernels run (`await ready()` waits for it).
 */
export function startKernels(): Promise<boolean> {
  if (compiling !== null) return compiling;
  compiling = Promise.resolve(false);
  if (heap.memory === null) return compiling;
  const bytes = buildKernelModule(heap.shared, heap.maximumPages);
  if (!WebAssembly.validate(bytes)) return compiling; // no SIMD: TypeScript kernels only
  try {
    compiling = Promise.resolve(instantiate(new WebAssembly.Module(bytes)));
  } catch {
    compiling = WebAssembly.compile(bytes).then(instantiate, () => false);
  }
  return compiling;
}

/** The WebAssembly kernels (compiling them on first use), or null while they compile or where SIMD is missing. */
export function getKernels(): Kernels | null {
  if (compiling === null) void startKernels();
  return enabled ? kernels : null;
}

/** The compiled module, for worker threads to instantiate over the same shared memory. */
export function getCompiledModule(): WebAssembly.Module | null {
  return compiledModule;
}

/** @internal Turns the WebAssembly kernels off (tests compare both paths). */
export function setKernelsEnabled(on: boolean): void {
  enabled = on;
}
