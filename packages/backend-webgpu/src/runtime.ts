import { BindGroupCache } from './bind-groups';
import type { BufferPool } from './buffer-pool';
import type { EventLoopGuard } from './event-loop-guard';

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
/** Bind groups kept for reuse: a training step's kernels and buffers, many times over. */
const MAX_CACHED_BIND_GROUPS = 4096;
/** GPUShaderStage.COMPUTE (Node has no such global). */
const COMPUTE_STAGE = 0x4;
/** A storage binding as declareBindings (kernels/codegen.ts) writes it. */
const DECLARED_BINDING = /@binding\((\d+)\) var<storage, (read|read_write)>/g;

/**
 * Encodes dispatches and copies into one command buffer and submits it when a reader needs
 * the results, when its metadata chunk is full, or at the end of the current task (a
 * microtask), so a synchronous burst of ops becomes one submit.
 *
 * Metadata (shapes, strides, offsets, scalars) goes into one storage buffer per batch, each
 * dispatch reading its own aligned window through a dynamic offset; it is uploaded with
 * queue.writeBuffer just before the submit, which the queue orders ahead of the command
 * buffer. Bind groups are therefore independent of where a dispatch's metadata lies, and are
 * reused (see BindGroupCache).
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
  readonly stats = { dispatches: 0, submits: 0, pipelines: 0, bindGroups: 0 };

  private readonly bindGroups: BindGroupCache;

  constructor(
    private readonly device: GPUDevice,
    private readonly pool: BufferPool,
    private readonly onError: (error: Error) => void,
    /** Node's Dawn only: refuses work that a synchronous loop piles up past what Dawn survives. */
    private readonly guard: EventLoopGuard | null = null,
  ) {
    this.alignWords = Math.max(device.limits.minStorageBufferOffsetAlignment / 4, 1);
    this.bindGroups = new BindGroupCache(device, MAX_CACHED_BIND_GROUPS, () => {
      this.guard?.beforeBindGroup();
      this.stats.bindGroups++;
    });
  }

  dispatch(work: Dispatch): void {
    this.guard?.check();
    const words = Math.ceil(Math.max(work.meta.length, 1) / this.alignWords) * this.alignWords;
    if (this.metaUsed + words > META_CHUNK_WORDS) this.submit();
    const { pipeline, layout } = this.pipeline(work.key, work.code);
    if (this.metaBuffer === null) this.metaBuffer = this.pool.take(META_CHUNK_WORDS * 4);
    const bindGroup = this.bindGroups.get(
      work.key,
      layout,
      this.metaBuffer,
      words * 4,
      work.buffers,
    );
    const encoder = this.begin();
    const start = this.metaUsed;
    this.metaWords.set(work.meta, start);
    this.metaUsed += words;
    for (const buffer of work.buffers) this.batchBuffers.add(buffer);
    this.pass ??= encoder.beginComputePass();
    this.pass.setPipeline(pipeline);
    this.pass.setBindGroup(0, bindGroup, [start * 4]);
    this.pass.dispatchWorkgroups(...work.workgroups);
    this.stats.dispatches++;
  }

  /** Forgets reusable bind groups: a buffer they may bind is being destroyed. */
  forgetBindGroups(): void {
    this.bindGroups.clear();
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
    this.guard?.submitted();
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
      const source = code();
      const module = this.device.createShaderModule({ code: source, label: key });
      // An explicit layout, as the shader declares its bindings, so the metadata can take a dynamic offset.
      const layout = this.device.createBindGroupLayout({
        entries: Array.from(source.matchAll(DECLARED_BINDING), ([, binding, access]) => ({
          binding: Number(binding),
          visibility: COMPUTE_STAGE,
          buffer: {
            type: access === 'read' ? 'read-only-storage' : 'storage',
            hasDynamicOffset: binding === '0',
          },
        })),
        label: key,
      });
      const pipeline = this.device.createComputePipeline({
        layout: this.device.createPipelineLayout({ bindGroupLayouts: [layout] }),
        compute: { module, entryPoint: 'main' },
        label: key,
      });
      entry = { pipeline, layout };
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
