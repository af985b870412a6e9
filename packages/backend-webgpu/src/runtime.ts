import type { BufferPool } from './buffer-pool';

/** One compute dispatch: a cached pipeline, its buffers and its metadata words. */
export interface Dispatch {
  /** Identifies the generated shader; equal keys must mean equal code. */
  readonly key: string;
  readonly code: () => string;
  /** Bound at bindings 1..n; binding 0 is the metadata. */
  readonly buffers: readonly GPUBuffer[];
  readonly meta: readonly number[];
  readonly workgroups: readonly [number, number, number];
}

/** Metadata words one batch can hold; a dispatch needs a few dozen, aligned to 256 bytes. */
const META_CHUNK_WORDS = 16384;

/**
 * Encodes dispatches and copies into one command buffer and submits it when a reader needs
 * the results, when its metadata chunk is full, or at the end of the current task (a
 * microtask), so a synchronous burst of ops becomes one submit.
 *
 * Metadata (shapes, strides, offsets, scalars) goes into one storage buffer per batch, each
 * dispatch reading its own aligned window; it is uploaded with queue.writeBuffer just before
 * the submit, which the queue orders ahead of the command buffer.
 */
export class Runtime {
  private readonly pipelines = new Map<
    string,
    { pipeline: GPUComputePipeline; layout: GPUBindGroupLayout }
  >();
  private encoder: GPUCommandEncoder | null = null;
  private pass: GPUComputePassEncoder | null = null;
  private readonly metaWords = new Uint32Array(META_CHUNK_WORDS);
  private metaUsed = 0;
  private metaBuffer: GPUBuffer | null = null;
  /** Buffers the unsubmitted batch touches: they may not be reused or written directly. */
  private readonly batchBuffers = new Set<GPUBuffer>();
  private afterSubmit: (() => void)[] = [];
  private flushScheduled = false;
  private readonly alignWords: number;
  stopped = false;
  /** Shader compilations whose errors have not been collected yet. */
  private readonly compiling = new Set<Promise<void>>();
  readonly stats = { dispatches: 0, submits: 0, pipelines: 0 };

  constructor(
    private readonly device: GPUDevice,
    private readonly pool: BufferPool,
    private readonly onError: (error: Error) => void,
  ) {
    this.alignWords = Math.max(device.limits.minStorageBufferOffsetAlignment / 4, 1);
  }

  dispatch(work: Dispatch): void {
    const words = Math.max(work.meta.length, 1);
    if (this.metaUsed + words > META_CHUNK_WORDS) this.submit();
    const encoder = this.begin();
    if (this.metaBuffer === null) this.metaBuffer = this.pool.take(META_CHUNK_WORDS * 4);
    const start = this.metaUsed;
    this.metaWords.set(work.meta, start);
    this.metaUsed += Math.ceil(words / this.alignWords) * this.alignWords;
    const { pipeline, layout } = this.pipeline(work.key, work.code);
    const entries: GPUBindGroupEntry[] = [
      { binding: 0, resource: { buffer: this.metaBuffer, offset: start * 4, size: words * 4 } },
    ];
    work.buffers.forEach((buffer, i) => {
      entries.push({ binding: i + 1, resource: { buffer } });
      this.batchBuffers.add(buffer);
    });
    const bindGroup = this.device.createBindGroup({ layout, entries });
    this.pass ??= encoder.beginComputePass();
    this.pass.setPipeline(pipeline);
    this.pass.setBindGroup(0, bindGroup);
    this.pass.dispatchWorkgroups(...work.workgroups);
    this.stats.dispatches++;
  }

  copy(
    source: GPUBuffer,
    sourceOffset: number,
    target: GPUBuffer,
    targetOffset: number,
    bytes: number,
  ): void {
    const encoder = this.begin();
    this.pass?.end();
    this.pass = null;
    encoder.copyBufferToBuffer(source, sourceOffset, target, targetOffset, bytes);
    this.batchBuffers.add(source);
    this.batchBuffers.add(target);
  }

  /** Whether the unsubmitted batch uses `buffer`. */
  uses(buffer: GPUBuffer): boolean {
    return this.batchBuffers.has(buffer);
  }

  /** Runs `done` now, or after the submit of the batch that uses `buffer`. */
  release(buffer: GPUBuffer, done: () => void): void {
    if (this.batchBuffers.has(buffer)) this.afterSubmit.push(done);
    else done();
  }

  submit(): void {
    const encoder = this.encoder;
    if (encoder === null) return;
    this.pass?.end();
    this.pass = null;
    this.encoder = null;
    const metaBuffer = this.metaBuffer;
    if (metaBuffer !== null)
      this.device.queue.writeBuffer(metaBuffer, 0, this.metaWords, 0, this.metaUsed);
    this.device.queue.submit([encoder.finish()]);
    this.stats.submits++;
    this.metaBuffer = null;
    this.metaUsed = 0;
    this.batchBuffers.clear();
    if (metaBuffer !== null) this.pool.give(metaBuffer);
    const callbacks = this.afterSubmit;
    this.afterSubmit = [];
    for (const done of callbacks) done();
  }

  /** Resolves once every compilation so far has reported its errors (to onError). */
  async compiled(): Promise<void> {
    await Promise.all(this.compiling);
  }

  private begin(): GPUCommandEncoder {
    if (this.encoder === null) {
      this.encoder = this.device.createCommandEncoder();
      this.scheduleFlush();
    }
    return this.encoder;
  }

  private scheduleFlush(): void {
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    queueMicrotask(() => {
      this.flushScheduled = false;
      if (this.stopped) return;
      try {
        this.submit();
      } catch (error) {
        this.onError(error as Error);
      }
    });
  }

  private pipeline(key: string, code: () => string) {
    let entry = this.pipelines.get(key);
    if (entry === undefined) {
      this.device.pushErrorScope('validation');
      const module = this.device.createShaderModule({ code: code(), label: key });
      const pipeline = this.device.createComputePipeline({
        layout: 'auto',
        compute: { module, entryPoint: 'main' },
        label: key,
      });
      entry = { pipeline, layout: pipeline.getBindGroupLayout(0) };
      const check = this.device.popErrorScope().then(
        (error) => {
          if (error !== null)
            this.onError(new Error(`compiling kernel '${key}' failed: ${error.message}`));
        },
        () => {},
      );
      this.compiling.add(check);
      check.finally(() => this.compiling.delete(check));
      this.pipelines.set(key, entry);
      this.stats.pipelines++;
    }
    return entry;
  }
}
