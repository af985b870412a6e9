import type { Backend, Storage } from '../backend';
import type { DType, TypedArray } from '../dtype';
import { BackendError } from '../errors';
import { heap } from '../wasm/runtime';

const BYTES: Record<DType, number> = { float32: 4, int32: 4, bool: 1 };

/**
 * A CPU storage: normally a block of the heap (WebAssembly memory), where the WebAssembly
 * kernels run on it in place. `data` is then a fresh view on every access, because growing
 * the memory invalidates old views: take it at the start of a kernel and never keep it
 * across an allocation. Past the heap's soft limit a storage owns a plain typed array
 * instead (`inHeap` false), which the TypeScript kernels run on.
 */
export class CpuStorage implements Storage {
  private released = false;

  private constructor(
    readonly backend: Backend,
    readonly dtype: DType,
    readonly length: number,
    /** Byte address in the heap; -1 when the storage owns its array. */
    readonly ptr: number,
    /** Bytes of the heap block (its size class). */
    private readonly blockSize: number,
    private readonly own: TypedArray | null,
  ) {}

  static allocate(backend: Backend, length: number, dtype: DType): CpuStorage {
    const block = heap.allocate(length * BYTES[dtype], true);
    if (block !== null) return new CpuStorage(backend, dtype, length, block.ptr, block.size, null);
    const own =
      dtype === 'float32'
        ? new Float32Array(length)
        : dtype === 'int32'
          ? new Int32Array(length)
          : new Uint8Array(length);
    return new CpuStorage(backend, dtype, length, -1, 0, own);
  }

  /** A heap storage even past the soft limit, for a kernel's short-lived copies. */
  static staging(backend: Backend, length: number, dtype: DType): CpuStorage {
    const block = heap.allocate(length * BYTES[dtype]) as { ptr: number; size: number };
    return new CpuStorage(backend, dtype, length, block.ptr, block.size, null);
  }

  get inHeap(): boolean {
    return this.own === null;
  }

  get data(): TypedArray {
    if (this.own !== null) return this.own;
    const buffer = heap.buffer;
    if (this.dtype === 'float32') return new Float32Array(buffer, this.ptr, this.length);
    if (this.dtype === 'int32') return new Int32Array(buffer, this.ptr, this.length);
    return new Uint8Array(buffer, this.ptr, this.length);
  }

  get byteLength(): number {
    return this.length * BYTES[this.dtype];
  }

  /** Byte address of element `index` (heap storages only). */
  address(index: number): number {
    return this.ptr + index * BYTES[this.dtype];
  }

  /** Returns the block to the heap's pool; a second release is a bug and throws. */
  release(): void {
    if (this.released) throw new BackendError('cpu.free: the storage was already freed');
    this.released = true;
    if (this.own === null) heap.release(this.ptr, this.blockSize, this.byteLength);
  }
}
