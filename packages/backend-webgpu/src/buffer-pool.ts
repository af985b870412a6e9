import type {} from 'webgpu';

/** GPUBufferUsage / GPUMapMode values (Node has no such globals). */
export const USAGE = { MAP_READ: 0x1, COPY_SRC: 0x4, COPY_DST: 0x8, STORAGE: 0x80 } as const;
export const MAP_READ = 0x1;

const MIN_BUCKET = 256;

/**
 * The bucket a request of `bytes` is served from: 2^k or 1.5 * 2^k bytes, at least 256, so
 * a buffer wastes at most a third of itself and a few sizes serve every request.
 */
export function bucketSize(bytes: number): number {
  if (bytes <= MIN_BUCKET) return MIN_BUCKET;
  const power = 2 ** Math.ceil(Math.log2(bytes));
  return power * 0.75 >= bytes ? power * 0.75 : power;
}

/**
 * Free GPU buffers of one usage, kept by bucket size. The caller decides when a buffer is
 * safe to give back (after the work that uses it has been submitted); giving it back past
 * `maxPooledBytes` destroys it instead.
 */
export class BufferPool {
  private readonly free = new Map<number, GPUBuffer[]>();
  pooledBytes = 0;
  pooledBuffers = 0;

  constructor(
    private readonly device: GPUDevice,
    private readonly usage: number,
    private readonly maxPooledBytes: number,
    /** The largest buffer the device allows; requests near it are not rounded past it. */
    private readonly maxSize: number,
    /** Called before the pool destroys a buffer (so bind groups holding it can be dropped). */
    private readonly beforeDestroy: () => void = () => {},
    /** Called before the pool creates a buffer of `bytes`; it may throw to refuse. */
    private readonly beforeCreate: (bytes: number) => void = () => {},
  ) {}

  take(bytes: number): GPUBuffer {
    const size = Math.min(bucketSize(bytes), this.maxSize);
    const pooled = this.free.get(size)?.pop();
    if (pooled !== undefined) {
      this.pooledBytes -= size;
      this.pooledBuffers--;
      return pooled;
    }
    this.beforeCreate(size);
    return this.device.createBuffer({ size, usage: this.usage });
  }

  /** Whether give(buffer) would keep it rather than destroy it. */
  keeps(buffer: GPUBuffer): boolean {
    return this.pooledBytes + buffer.size <= this.maxPooledBytes;
  }

  give(buffer: GPUBuffer): void {
    const size = buffer.size;
    if (!this.keeps(buffer)) {
      this.beforeDestroy();
      buffer.destroy();
      return;
    }
    let bucket = this.free.get(size);
    if (bucket === undefined) this.free.set(size, (bucket = []));
    bucket.push(buffer);
    this.pooledBytes += size;
    this.pooledBuffers++;
  }

  /** Destroys every pooled buffer. */
  clear(): void {
    for (const bucket of this.free.values()) for (const buffer of bucket) buffer.destroy();
    this.free.clear();
    this.pooledBytes = 0;
    this.pooledBuffers = 0;
  }
}
