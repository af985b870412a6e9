import type { Backend, MemoryInfo, Storage, View } from '../backend';
import { BACKEND_SPEC_VERSION } from '../backend';
import type { DType, TypedArray } from '../dtype';
import { binary, copy, fill, unary, where } from './elementwise';
import { gather, scatterAdd } from './gather';
import { matmul } from './matmul';
import { reduce } from './reduce';
import { BufferPool, CpuStorage } from './storage';
import { elementOffsets } from './strided';

/** The reference backend: typed arrays in the JS heap, pure-TypeScript kernels. */
export class CpuBackend implements Backend {
  readonly name = 'cpu';
  readonly specVersion = BACKEND_SPEC_VERSION;
  private readonly pool = new BufferPool();

  allocate(length: number, dtype: DType): Storage {
    return new CpuStorage(this, dtype, this.pool.take(dtype, length));
  }

  free(storage: Storage): void {
    this.pool.give(storage.dtype, (storage as CpuStorage).data);
  }

  write(storage: Storage, data: TypedArray, offset = 0): void {
    (storage as CpuStorage).data.set(data, offset);
  }

  async read(view: View): Promise<TypedArray> {
    return this.readSync(view);
  }

  readSync(view: View): TypedArray {
    const src = (view.storage as CpuStorage).data;
    const offsets = elementOffsets(view.shape, view.strides, view.offset);
    const out = new (src.constructor as new (n: number) => TypedArray)(offsets.length);
    for (let i = 0; i < offsets.length; i++) out[i] = src[offsets[i]];
    return out;
  }

  memory(): MemoryInfo {
    return { bytes: this.pool.liveBytes, buffers: this.pool.liveBuffers };
  }

  copy = copy;
  fill = fill;
  unary = unary;
  binary = binary;
  where = where;
  reduce = reduce;
  matmul = matmul;
  gather = gather;
  scatterAdd = scatterAdd;
}

export const cpu: Backend = new CpuBackend();
