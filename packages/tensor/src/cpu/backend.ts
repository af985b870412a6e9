import type { Backend, GeneratorFill, MemoryInfo, PhiloxFill, Storage, View } from '../backend';
import { BACKEND_SPEC_VERSION } from '../backend';
import type { DType, TypedArray } from '../dtype';
import { BackendError } from '../errors';
import { philoxNormalFill, philoxUniformFill } from '../random/distributions';
import type { Generator } from '../random/generator';
import { contiguousStrides } from '../shape';
import { matmulWasm } from '../wasm/ops/matmul';
import { mt19937FillWasm, philoxFillWasm } from '../wasm/ops/random';
import { prepareKernels } from '../wasm/ready';
import { binary, copy, fill, unary, where } from './elementwise';
import { gather, scatterAdd } from './gather';
import { matmul } from './matmul';
import { reduce } from './reduce';
import { CpuStorage } from './storage';
import { coalesce, elementOffsets } from './strided';

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

  constructor() {
    void prepareKernels(this);
  }

  allocate(length: number, dtype: DType): Storage {
    const storage = CpuStorage.allocate(this, length, dtype);
    this.liveBytes += storage.byteLength;
    this.liveBuffers++;
    return storage;
  }

  free(storage: Storage): void {
    if (!(storage instanceof CpuStorage) || storage.backend !== this) {
      throw new BackendError(`cpu.free: the storage does not belong to this backend`);
    }
    storage.release();
    this.liveBytes -= storage.byteLength;
    this.liveBuffers--;
  }

  write(storage: Storage, data: TypedArray, offset = 0): void {
    (storage as CpuStorage).data.set(data, offset);
  }

  async read(view: View): Promise<TypedArray> {
    return this.readSync(view);
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

  memory(): MemoryInfo {
    return { bytes: this.liveBytes, buffers: this.liveBuffers };
  }

  copy = copy;
  fill = fill;
  unary = unary;
  binary = binary;
  where = where;
  reduce = reduce;
  gather = gather;
  scatterAdd = scatterAdd;

  /** mt19937 fills drawn in place by the WebAssembly kernels (the frontend's host path otherwise). */
  generatorFill(out: View, generator: Generator, fill: GeneratorFill): boolean {
    return out.storage instanceof CpuStorage && mt19937FillWasm(out, generator, fill);
  }

  /** Philox fills computed in place (the frontend's host path otherwise). */
  philoxFill(out: View, fill: PhiloxFill): void {
    if (philoxFillWasm(out, fill)) return;
    const values = new Float32Array(out.shape.reduce((p, s) => p * s, 1));
    const [a, b] = fill.params;
    if (fill.distribution === 'uniform') philoxUniformFill(fill.seed, fill.offset, values, a, b);
    else philoxNormalFill(fill.seed, fill.offset, values, a, b);
    const source = this.allocate(values.length, 'float32');
    this.write(source, values);
    copy(
      { storage: source, shape: out.shape, strides: contiguousStrides(out.shape), offset: 0 },
      out,
    );
    this.free(source);
  }

  matmul(a: View, b: View, out: View): void {
    if (!matmulWasm(a, b, out)) matmul(a, b, out);
  }
}

export const cpu: Backend = new CpuBackend();
