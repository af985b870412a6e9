import type { Backend, Storage } from '../backend';
import { type DType, TYPED_ARRAY, type TypedArray } from '../dtype';

export class CpuStorage implements Storage {
  constructor(
    readonly backend: Backend,
    readonly dtype: DType,
    readonly data: TypedArray,
  ) {}
  get length(): number {
    return this.data.length;
  }
}

/**
 * Free blocks kept by exact (dtype, length), because touching fresh memory costs more than
 * the arithmetic on it. Bounded so a burst of large temporaries is not held forever.
 */
export class BufferPool {
  private readonly free = new Map<string, TypedArray[]>();
  private pooledBytes = 0;
  liveBytes = 0;
  liveBuffers = 0;

  constructor(private readonly maxPooledBytes = 256 * 2 ** 20) {}

  take(dtype: DType, length: number): TypedArray {
    const pooled = this.free.get(`${dtype}:${length}`)?.pop();
    if (pooled !== undefined) this.pooledBytes -= pooled.byteLength;
    const data = pooled ?? new TYPED_ARRAY[dtype](length);
    this.liveBytes += data.byteLength;
    this.liveBuffers++;
    return data;
  }

  give(dtype: DType, data: TypedArray): void {
    this.liveBytes -= data.byteLength;
    this.liveBuffers--;
    if (this.pooledBytes + data.byteLength > this.maxPooledBytes) return;
    const key = `${dtype}:${data.length}`;
    let bucket = this.free.get(key);
    if (bucket === undefined) this.free.set(key, (bucket = []));
    bucket.push(data);
    this.pooledBytes += data.byteLength;
  }
}
