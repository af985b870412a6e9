import type { Backend, Storage } from '../backend';
import type { DType, TypedArray } from '../dtype';
import { BackendError, formatBytes, OutOfMemoryError } from '../errors';
import { heap } from './wasm/runtime';

const BYTES: Record<DType, number> = { float32: 4, int32: 4, bool: 1 };

/**
 * A CPU storage: normally a block of the heap (WebAssembly memory), where the WebAssembly
 * kernels run on it in place. `data` is then a fresh view on every access, because growing
 * the memory invalidates old views: take it at the start of a kernel and never keep it
 * across an allocation. Past the heap's soft limit a storage owns a plain typed array
 * instead (`inHeap` false): memory the garbage collector frees by itself as soon as the
 * storage is unreferenced, even inside one synchronous job. The WebAssembly kernels run on
 * such storages through short-lived heap copies (wasm/ops/staging.ts).
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
    /** Whether the block counts against the heap's soft limit (not a kernel's staging copy). */
    private readonly soft = false,
  ) {}

  /** A heap storage within the heap's soft limit, or null when only space past it is left. */
  static allocate(backend: Backend, length: number, dtype: DType): CpuStorage | null {
    const block = heap.allocate(length * BYTES[dtype], true);
    if (block === null) return null;
    return new CpuStorage(backend, dtype, length, block.ptr, block.size, null, true);
  }

  /**
   * A storage that owns its array (the collector frees it). Throws OutOfMemoryError for what
   * the heap could never stage, or when the host refuses the array; `heldBytes` is what the
   * backend holds.
   */
  static owned(backend: Backend, length: number, dtype: DType, heldBytes: number): CpuStorage {
    const bytes = length * BYTES[dtype];
    const fail = (why: string): never => {
      throw new OutOfMemoryError(
        `cpu: cannot allocate ${formatBytes(bytes)} (${bytes} bytes): ${why}; CPU tensors hold ` +
          `${formatBytes(heldBytes)}. Free memory (dispose(), tidy(), or an await so dropped ` +
          'tensors are collected) or use smaller tensors; the CPU backend stays usable.',
        bytes,
        heldBytes,
      );
    };
    if (bytes > heap.maxBlockBytes) fail('more than a CPU tensor can hold');
    try {
      if (dtype === 'float32')
        return new CpuStorage(backend, dtype, length, -1, 0, new Float32Array(length));
      if (dtype === 'int32')
        return new CpuStorage(backend, dtype, length, -1, 0, new Int32Array(length));
      return new CpuStorage(backend, dtype, length, -1, 0, new Uint8Array(length));
    } catch (error) {
      return fail(`the host refused the memory (${String(error)})`);
    }
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
    if (this.own === null) heap.release(this.ptr, this.blockSize, this.byteLength, this.soft);
  }

  /**
   * What returns this storage's block once it is unreferenced: it captures the address and
   * sizes, not the storage. A storage that owns its array has no block (the collector frees it).
   */
  blockReleaser(): (() => void) | null {
    if (this.own !== null) return null;
    const [ptr, size, bytes, soft] = [this.ptr, this.blockSize, this.byteLength, this.soft];
    return () => heap.release(ptr, size, bytes, soft);
  }
}
