import type { Backend, GeneratorFill, MemoryInfo, PhiloxFill, Storage, View } from '../backend';
import { BACKEND_SPEC_VERSION } from '../backend';
import type { DType, TypedArray } from '../dtype';
import { BackendError } from '../errors';
import { coalesce } from '../layout';
import { reportMemoryPressure } from '../memory-pressure';
import { nextTurn } from '../next-turn';
import type { BinaryOp, DefinedUnaryOp, ReduceOp, UnaryOp } from '../ops/elementwise-table';
import { philoxNormalFill, philoxUniformFill } from '../random/distributions';
import type { Generator } from '../random/generator';
import { contiguousStrides } from '../shape';
import { fill } from './elementwise';
import { gather, scatterAdd } from './gather';
import { countFallback } from './kernel-stats';
import { runKernel } from './kernels';
import { CpuStorage } from './storage';
import { elementOffsets } from './strided';
import { mt19937FillWasm, philoxFillWasm } from './wasm/ops/random';
import { prepareKernels } from './wasm/ready';
import { heap } from './wasm/runtime';

/**
 * The CPU backend. Storage lives in one WebAssembly memory (a pooled heap); kernels run as
 * WebAssembly SIMD where it is compiled and applies, and otherwise as the TypeScript kernels
 * in this folder, which are the reference the WebAssembly ones are tested against.
 */
export class CpuBackend implements Backend {
  readonly name = 'cpu';
  readonly specVersion = BACKEND_SPEC_VERSION;
  private liveBytes = 0;
  private liveBuffers = 0;

  /**
   * A heap block, or past the heap's soft limit an array the collector owns (and the first
   * time since a finalizer last ran, memory pressure is reported: see onMemoryPressure).
   */
  allocate(length: number, dtype: DType): Storage {
    void prepareKernels(this);
    const storage = CpuStorage.allocate(this, length, dtype);
    if (storage === null) {
      if (!pressureReported) {
        pressureReported = true;
        reportMemoryPressure(
          'cpu',
          heap.stats.liveBytes,
          'Meanwhile new CPU tensors live in memory the collector frees by itself, and the ' +
            'kernels copy them into the heap for each op (slower than in place).',
        );
      }
      // not counted in memory(): nothing tells when the collector has freed it
      return CpuStorage.owned(this, length, dtype, this.liveBytes);
    }
    this.liveBytes += storage.byteLength;
    this.liveBuffers++;
    return storage;
  }

  free(storage: Storage): void {
    if (!(storage instanceof CpuStorage) || storage.backend !== this) {
      throw new BackendError(`cpu.free: the storage does not belong to this backend`);
    }
    storage.release();
    if (!storage.inHeap) return;
    this.liveBytes -= storage.byteLength;
    this.liveBuffers--;
    heap.relieve(storage.byteLength);
  }

  /**
   * Returns a collected storage's heap block; holds only its address and sizes. Null for a
   * storage that owns its array: the collector frees that by itself.
   */
  finalizer(storage: Storage): (() => void) | null {
    const bytes = (storage as CpuStorage).byteLength;
    const releaseBlock = (storage as CpuStorage).blockReleaser();
    if (releaseBlock === null) return null;
    return () => {
      this.liveBytes -= bytes;
      this.liveBuffers--;
      pressureReported = false;
      releaseBlock();
      heap.relieve();
    };
  }

  write(storage: Storage, data: TypedArray, offset = 0): void {
    (storage as CpuStorage).data.set(data, offset);
  }

  /**
   * Reads now, then resolves on a later turn of the event loop (not a microtask), so that an
   * `await` of it lets the finalizers of tensors dropped without dispose() run.
   */
  async read(view: View): Promise<TypedArray> {
    const values = this.readSync(view);
    await nextTurn();
    return values;
  }

  readSync(view: View): TypedArray {
    const src = (view.storage as CpuStorage).data;
    const { shape, strides } = coalesce(view.shape, [view]);
    if (shape.length === 1 && (strides[0][0] === 1 || shape[0] === 1)) {
      return src.slice(view.offset, view.offset + shape[0] * Number(!view.shape.includes(0)));
    }
    const offsets = elementOffsets(view.shape, view.strides, view.offset);
    const out = new (src.constructor as new (n: number) => TypedArray)(offsets.length);
    for (let i = 0; i < offsets.length; i++) out[i] = src[offsets[i]];
    return out;
  }

  /**
   * Heap storages not yet returned (a dropped one counts until its finalizer runs); storages
   * that own their arrays (past the soft limit) are not counted.
   */
  memory(): MemoryInfo {
    return { bytes: this.liveBytes, buffers: this.liveBuffers };
  }

  copy(input: View, out: View): void {
    runKernel('copy', input, out);
  }
  fill = fill;
  unary(
    op: UnaryOp | DefinedUnaryOp,
    input: View,
    out: View,
    params: readonly number[] = [],
  ): void {
    runKernel('unary', op, input, out, params);
  }
  binary(op: BinaryOp, a: View, b: View | number, out: View): void {
    runKernel('binary', op, a, b, out);
  }
  where(condition: View, a: View, b: View, out: View): void {
    runKernel('where', condition, a, b, out);
  }
  reduce(op: ReduceOp, input: View, axes: readonly number[], out: View): void {
    runKernel('reduce', op, input, axes, out);
  }
  gather = gather;
  scatterAdd = scatterAdd;

  /** mt19937 fills drawn in place by the WebAssembly kernels (the frontend's host path otherwise). */
  generatorFill(out: View, generator: Generator, fill: GeneratorFill): boolean {
    return out.storage instanceof CpuStorage && mt19937FillWasm(out, generator, fill);
  }

  /** Philox fills computed in place (the frontend's host path otherwise). */
  philoxFill(out: View, fill: PhiloxFill): void {
    if (philoxFillWasm(out, fill)) return;
    if (out.storage.dtype === 'float32') countFallback('philox');
    const values = new Float32Array(out.shape.reduce((p, s) => p * s, 1));
    const [a, b] = fill.params;
    if (fill.distribution === 'uniform') philoxUniformFill(fill.seed, fill.offset, values, a, b);
    else philoxNormalFill(fill.seed, fill.offset, values, a, b);
    const source = this.allocate(values.length, 'float32');
    this.write(source, values);
    this.copy(
      { storage: source, shape: out.shape, strides: contiguousStrides(out.shape), offset: 0 },
      out,
    );
    this.free(source);
  }

  matmul(a: View, b: View, out: View): void {
    runKernel('matmul', a, b, out);
  }
}

/** Whether pressure was reported since a finalizer last ran (shared: every CPU backend uses the one heap). */
let pressureReported = false;

export const cpu: Backend = new CpuBackend();

/**
 * Resolves once the CPU backend's WebAssembly SIMD kernels are compiled and warmed up: `true`
 * when they run, `false` where the host lacks WebAssembly SIMD (the TypeScript kernels then
 * run). Results are the same either way; only speed differs. Importing @x/tensor does no work:
 * the first CPU tensor, or `ready()`, compiles the kernels (at once in Node; in browsers in the
 * background, the TypeScript kernels running until then) and then warms them up a kernel per
 * turn of the event loop, so that the first steps of a loop after `await ready()` run at full
 * speed.
 *
 * @example
 * import { rand, ready } from '@x/tensor';
 * await ready();
 * rand([1024, 1024]).matmul(rand([1024, 1024]));
 */
export function ready(): Promise<boolean> {
  return prepareKernels(cpu);
}
