import {
  ArgumentError,
  BACKEND_SPEC_VERSION,
  type Backend,
  BackendError,
  type BinaryOp,
  type DefinedUnaryOp,
  type DType,
  IndexError,
  type MemoryInfo,
  OutOfMemoryError,
  type PhiloxFill,
  type ReduceOp,
  type Storage,
  type TypedArray,
  type UnaryOp,
  type View,
} from '@x/tensor';
import { contiguousStrides, isContiguous, numel } from '@x/tensor/backend';
import { BufferPool, MAP_READ, USAGE } from './buffer-pool';
import { EventLoopGuard } from './event-loop-guard';
import { type AdapterInfo, isNode } from './gpu';
import * as elementwise from './kernels/elementwise';
import { FLAG_GATHER, gather, scatterAdd } from './kernels/gather';
import { type MatmulKernel, matmul } from './kernels/matmul';
import { philoxFill } from './kernels/philox';
import { reduce } from './kernels/reduce';
import { Runtime } from './runtime';
import { WebGPUStorage } from './storage';

/** memory() of a WebGPU backend: live storages, plus the free buffers kept for reuse. */
export interface WebGPUMemoryInfo extends MemoryInfo {
  /** Bytes of live storages' buffers (each rounded up to its pool bucket). */
  readonly bytes: number;
  readonly pooledBytes: number;
  readonly pooledBuffers: number;
}

const FLAG_BYTES = 16;
const MAX_POOLED_BYTES = 512 * 2 ** 20;
const MAX_POOLED_STAGING_BYTES = 64 * 2 ** 20;

const ARRAY_FOR: Record<DType, new (length: number) => TypedArray> = {
  float32: Float32Array,
  int32: Int32Array,
  bool: Uint8Array,
};

/**
 * The WebGPU backend: storages are GPU buffers from a size-bucketed pool, kernels are
 * generated WGSL (see kernels/), and work is batched into command buffers by the Runtime.
 * Create it with `await webgpu()`.
 */
export class WebGPUBackend implements Backend {
  readonly name = 'webgpu';
  readonly specVersion = BACKEND_SPEC_VERSION;
  private readonly runtime: Runtime;
  private readonly storagePool: BufferPool;
  private readonly stagingPool: BufferPool;
  /** Device-side index errors: [op code, index, dim size, unused]; see kernels/gather.ts. */
  private readonly errorFlag: GPUBuffer;
  private liveBytes = 0;
  private liveBuffers = 0;
  private failure: string | null = null;
  private disposed = false;

  /** @internal Use `await webgpu()`. */
  constructor(
    /** Dawn's GPU object in Node: held so it lives as long as the device (see gpu.ts). */
    readonly gpu: GPU,
    readonly device: GPUDevice,
    readonly adapterInfo: AdapterInfo,
    /** The matmul kernel; see WebGPUOptions.matmulKernel. */
    readonly matmulKernel: MatmulKernel = adapterInfo.isFallbackAdapter ? 'direct' : 'tiled',
  ) {
    const maxSize = Math.min(
      device.limits.maxStorageBufferBindingSize,
      device.limits.maxBufferSize,
    );
    const guard = isNode() ? new EventLoopGuard(device.queue) : null;
    this.storagePool = new BufferPool(
      device,
      USAGE.STORAGE | USAGE.COPY_SRC | USAGE.COPY_DST,
      MAX_POOLED_BYTES,
      maxSize,
      () => this.runtime.forgetBindGroups(),
      (bytes) => guard?.beforeBuffer(bytes),
    );
    this.stagingPool = new BufferPool(
      device,
      USAGE.MAP_READ | USAGE.COPY_DST,
      MAX_POOLED_STAGING_BYTES,
      device.limits.maxBufferSize,
    );
    this.errorFlag = device.createBuffer({
      size: FLAG_BYTES,
      usage: USAGE.STORAGE | USAGE.COPY_SRC | USAGE.COPY_DST,
    });
    this.runtime = new Runtime(
      device,
      this.storagePool,
      (error) => this.fail(error.message),
      guard,
    );
    device.lost.then((info) => {
      if (!this.disposed) this.fail(`the GPU device was lost (${info.reason}): ${info.message}`);
    });
    device.onuncapturederror = (event) =>
      this.fail(`a GPU operation failed: ${event.error.message}`);
  }

  /** Counters for tests and tuning: kernels dispatched, command buffers submitted, pipelines compiled, bind groups created. */
  get stats(): { dispatches: number; submits: number; pipelines: number; bindGroups: number } {
    return { ...this.runtime.stats };
  }

  // Storage

  allocate(length: number, dtype: DType): Storage {
    this.usable('allocate');
    if (!Number.isInteger(length) || length < 0) {
      throw new ArgumentError(
        `webgpu.allocate: length must be a non-negative integer, got ${String(length)}`,
      );
    }
    const bytes = Math.max(length, 1) * 4;
    const limit = Math.min(
      this.device.limits.maxStorageBufferBindingSize,
      this.device.limits.maxBufferSize,
    );
    // Checked here because WebGPU reports a failed createBuffer only asynchronously, and a
    // buffer it could not create would fail this backend at its first use.
    if (bytes > limit) {
      throw new OutOfMemoryError(
        `webgpu.allocate: a storage of ${length} elements needs ${bytes} bytes, more than this device's ` +
          `largest buffer of ${limit} bytes (maxStorageBufferBindingSize/maxBufferSize; webgpu() requests the ` +
          `adapter maximum unless requiredLimits lowers it). This backend holds ${this.liveBytes} bytes in ` +
          `${this.liveBuffers} live storages and ${this.storagePool.pooledBytes} bytes pooled for reuse; ` +
          'split the tensor, or keep it on the CPU',
        bytes,
        this.liveBytes,
      );
    }
    const buffer = this.storagePool.take(bytes);
    this.liveBytes += buffer.size;
    this.liveBuffers++;
    return new WebGPUStorage(this, dtype, length, buffer);
  }

  /**
   * Returns the buffer to the pool at once, so the next op of the same batch can reuse it: the
   * queue runs the batch's commands in order, and a write to a buffer the batch uses goes
   * through a staging copy (see write). Reuse within a step is also what lets a training loop
   * bind the same buffers step after step (see BindGroupCache). A buffer the pool would
   * destroy waits for the submit of the batch that uses it. A no-op on a disposed backend:
   * the garbage collector calls it at any time.
   */
  free(storage: Storage): void {
    const own = this.own(storage, 'free', 'storage', false);
    if (own.released) return;
    own.released = true;
    this.liveBytes -= own.buffer.size;
    this.liveBuffers--;
    if (this.disposed) return;
    if (this.storagePool.keeps(own.buffer)) this.storagePool.give(own.buffer);
    else this.runtime.release(own.buffer, () => this.storagePool.give(own.buffer));
  }

  write(storage: Storage, data: TypedArray, offset = 0): void {
    const own = this.own(storage, 'write', 'storage');
    const expected = ARRAY_FOR[own.dtype];
    if (!(data instanceof expected)) {
      throw new ArgumentError(
        `webgpu.write: a ${own.dtype} storage takes a ${expected.name}, got ${data?.constructor?.name ?? typeof data}`,
      );
    }
    if (!Number.isInteger(offset) || offset < 0 || offset + data.length > own.length) {
      throw new ArgumentError(
        `webgpu.write: ${data.length} elements at offset ${offset} do not fit a storage of ${own.length} elements`,
      );
    }
    if (data.length === 0) return;
    // Bool is one u32 per element on the device (see kernels/codegen.ts).
    const words = (
      data instanceof Uint8Array ? Uint32Array.from(data, (v) => (v !== 0 ? 1 : 0)) : data
    ) as ArrayBufferView<ArrayBuffer>;
    if (!this.runtime.uses(own.buffer)) {
      this.device.queue.writeBuffer(own.buffer, offset * 4, words);
      return;
    }
    // Queued work still reads or writes the buffer: a direct write would land before it.
    const staging = this.storagePool.take(words.byteLength);
    this.device.queue.writeBuffer(staging, 0, words);
    this.runtime.copy(staging, 0, own.buffer, offset * 4, words.byteLength);
    this.runtime.release(staging, () => this.storagePool.give(staging));
  }

  /** Copies the view into a mapped staging buffer; reports device-side index errors found since the last read. */
  async read(view: View): Promise<TypedArray> {
    // A failure that echoes "a previous error" is replaced by the first one once it arrives.
    if (this.failure !== null) await this.runtime.compiled();
    const own = this.own(view.storage, 'read', 'view');
    const n = numel(view.shape);
    const dtype = own.dtype;
    if (n === 0) return new ARRAY_FOR[dtype](0);
    let source = own.buffer;
    let sourceOffset = view.offset * 4;
    let temp: Storage | null = null;
    if (!isContiguous(view.shape, view.strides)) {
      temp = this.allocate(n, dtype);
      elementwise.copy(this.runtime, view, {
        storage: temp,
        shape: view.shape,
        strides: contiguousStrides(view.shape),
        offset: 0,
      });
      source = (temp as WebGPUStorage).buffer;
      sourceOffset = 0;
    }
    const bytes = n * 4;
    const staging = this.stagingPool.take(bytes + FLAG_BYTES);
    this.runtime.copy(source, sourceOffset, staging, 0, bytes);
    this.runtime.copy(this.errorFlag, 0, staging, bytes, FLAG_BYTES);
    if (temp !== null) this.free(temp);
    this.runtime.submit();
    try {
      await staging.mapAsync(MAP_READ, 0, bytes + FLAG_BYTES);
    } catch (error) {
      this.usable('read');
      throw new BackendError(
        `webgpu.read: mapping the result for reading failed: ${(error as Error).message}`,
      );
    }
    await this.runtime.compiled();
    const mapped = staging.getMappedRange(0, bytes + FLAG_BYTES);
    const words = new Uint32Array(mapped);
    const values =
      dtype === 'bool' ? Uint8Array.from(words.subarray(0, n)) : new ARRAY_FOR[dtype](n);
    if (dtype !== 'bool') new Uint32Array(values.buffer).set(words.subarray(0, n));
    const flag = words.slice(n, n + 3);
    staging.unmap();
    this.stagingPool.give(staging);
    this.usable('read');
    if (flag[0] !== 0) {
      this.device.queue.writeBuffer(this.errorFlag, 0, new Uint32Array(FLAG_BYTES / 4));
      const op = flag[0] === FLAG_GATHER ? 'gather' : 'scatterAdd';
      throw new IndexError(
        `${op}: index ${flag[1] | 0} is out of bounds for dimension with size ${flag[2]} ` +
          '(found by a kernel on the device; reported at the next read, so later results may be wrong)',
      );
    }
    return values;
  }

  memory(): WebGPUMemoryInfo {
    return {
      bytes: this.liveBytes,
      buffers: this.liveBuffers,
      pooledBytes: this.storagePool.pooledBytes,
      pooledBuffers: this.storagePool.pooledBuffers,
    };
  }

  /** Submits queued work and waits for the device to finish it (torch.cuda.synchronize). */
  async synchronize(): Promise<void> {
    this.usable('synchronize');
    this.runtime.submit();
    await this.device.queue.onSubmittedWorkDone();
    this.usable('synchronize');
  }

  // Kernels

  copy(input: View, out: View): void {
    this.views('copy', { input, out });
    elementwise.copy(this.runtime, input, out);
  }

  fill(out: View, value: number): void {
    this.views('fill', { out });
    elementwise.fill(this.runtime, out, value);
  }

  unary(
    op: UnaryOp | DefinedUnaryOp,
    input: View,
    out: View,
    params: readonly number[] = [],
  ): void {
    this.views(op, { input, out });
    elementwise.unary(this.runtime, op, input, out, params);
  }

  binary(op: BinaryOp, a: View, b: View | number, out: View): void {
    this.views(op, typeof b === 'number' ? { a, out } : { a, b, out });
    elementwise.binary(this.runtime, op, a, b, out);
  }

  where(condition: View, a: View, b: View, out: View): void {
    this.views('where', { condition, a, b, out });
    elementwise.where(this.runtime, condition, a, b, out);
  }

  reduce(op: ReduceOp, input: View, axes: readonly number[], out: View): void {
    this.views(op, { input, out });
    reduce(this.runtime, op, input, axes, out);
  }

  matmul(a: View, b: View, out: View): void {
    this.views('matmul', { a, b, out });
    matmul(this.runtime, this.matmulKernel, a, b, out);
  }

  gather(input: View, dim: number, index: View, out: View): void {
    this.views('gather', { input, index, out });
    gather(this.runtime, this.errorFlag, input, dim, index, out);
  }

  scatterAdd(out: View, dim: number, index: View, src: View): void {
    this.views('scatterAdd', { out, index, src });
    // The output is bound as atomics, so nothing else may read it through another binding.
    const separate = (view: View) =>
      view.storage === out.storage ? this.contiguousCopy(view) : view;
    const idx = separate(index);
    const values = separate(src);
    scatterAdd(this.runtime, this.errorFlag, out, dim, idx, values);
    if (idx !== index) this.free(idx.storage);
    if (values !== src) this.free(values.storage);
  }

  philoxFill(out: View, fill: PhiloxFill): void {
    this.views('philoxFill', { out });
    if (out.storage.dtype !== 'float32') {
      throw new ArgumentError(`webgpu.philoxFill: out must be float32, got ${out.storage.dtype}`);
    }
    philoxFill(this.runtime, out, fill);
  }

  /** Releases the device and every buffer; tensors on this backend can no longer be used. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.runtime.stopped = true;
    this.storagePool.clear();
    this.stagingPool.clear();
    this.device.destroy();
  }

  get isDisposed(): boolean {
    return this.disposed;
  }

  // Checks

  private contiguousCopy(view: View): View {
    const copy: View = {
      storage: this.allocate(numel(view.shape), view.storage.dtype),
      shape: view.shape,
      strides: contiguousStrides(view.shape),
      offset: 0,
    };
    elementwise.copy(this.runtime, view, copy);
    return copy;
  }

  /** Records the first failure; every later call reports it (results since may be wrong). */
  private fail(message: string): void {
    // An error about an object "invalid due to a previous error" only echoes the first one.
    if (this.failure === null || this.failure.includes('due to a previous error'))
      this.failure = message;
  }

  private usable(op: string): void {
    if (this.disposed) {
      throw new BackendError(
        `webgpu.${op}: this WebGPU backend was disposed; create a new one with await webgpu()`,
      );
    }
    if (this.failure !== null) {
      throw new BackendError(
        `webgpu.${op}: ${this.failure}. Results since then may be wrong; dispose this backend and create a new one with await webgpu()`,
      );
    }
  }

  private own(storage: Storage, op: string, arg: string, check = true): WebGPUStorage {
    if (check) this.usable(op);
    if (storage?.backend !== this) {
      const where =
        storage?.backend === undefined
          ? 'not a storage'
          : `stored on backend '${storage.backend.name}'`;
      throw new BackendError(
        `webgpu.${op}: ${arg} is ${where}, not on this WebGPU device; move tensors with await toBackendAsync(t, backend)`,
      );
    }
    const own = storage as WebGPUStorage;
    if (check && own.released)
      throw new BackendError(`webgpu.${op}: ${arg}'s storage was already freed`);
    return own;
  }

  private views(op: string, views: Record<string, View>): void {
    for (const arg in views) this.own(views[arg].storage, op, arg);
  }
}
