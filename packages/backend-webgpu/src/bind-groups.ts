/**
 * Bind groups kept for reuse, keyed by pipeline, metadata window size and the identity of
 * every bound buffer. A training step binds the same pooled buffers to the same kernels step
 * after step, so after a warm-up it creates none. This matters most in Node: Dawn recycles a
 * released bind group's descriptors only when it processes events, which needs a turn of the
 * event loop, and tens of thousands of them created in one synchronous loop crash the process.
 */
export class BindGroupCache {
  /** Least recently used first (a Map iterates in insertion order; a hit re-inserts). */
  private readonly groups = new Map<string, GPUBindGroup>();
  private readonly ids = new WeakMap<GPUBuffer, number>();
  private nextId = 0;

  constructor(
    private readonly device: GPUDevice,
    private readonly capacity: number,
    /** Called before each bind group is created; it may throw to refuse. */
    private readonly beforeCreate: () => void,
  ) {}

  /** A bind group for `layout`: the metadata at binding 0 (`metaBytes` from a dynamic offset), then `buffers`. */
  get(
    pipelineKey: string,
    layout: GPUBindGroupLayout,
    meta: GPUBuffer,
    metaBytes: number,
    buffers: readonly GPUBuffer[],
  ): GPUBindGroup {
    let key = `${pipelineKey}|${metaBytes}|${this.id(meta)}`;
    for (const buffer of buffers) key += `,${this.id(buffer)}`;
    let group = this.groups.get(key);
    if (group !== undefined) {
      this.groups.delete(key);
      this.groups.set(key, group);
      return group;
    }
    this.beforeCreate();
    const entries: GPUBindGroupEntry[] = [
      { binding: 0, resource: { buffer: meta, offset: 0, size: metaBytes } },
      ...buffers.map((buffer, i) => ({ binding: i + 1, resource: { buffer } })),
    ];
    group = this.device.createBindGroup({ layout, entries });
    if (this.groups.size >= this.capacity) this.groups.delete(this.groups.keys().next().value!);
    this.groups.set(key, group);
    return group;
  }

  /** Forgets every bind group: called when a buffer they may bind is destroyed. */
  clear(): void {
    this.groups.clear();
  }

  get size(): number {
    return this.groups.size;
  }

  private id(buffer: GPUBuffer): number {
    let id = this.ids.get(buffer);
    if (id === undefined) this.ids.set(buffer, (id = this.nextId++));
    return id;
  }
}
