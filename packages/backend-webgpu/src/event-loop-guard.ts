import { SynchronousLoopError } from './errors';

/**
 * Bind groups created, and command buffers submitted, without the event loop turning, past
 * which an op throws instead. Measured with the `webgpu` package (Dawn) on lavapipe: a
 * synchronous loop crashes the process with SIGSEGV at about 62,000 bind groups; 25,000
 * submits ran, each holding about 8 KB until events are processed, so their limit (about
 * 4 million kernels in batches of 250) only bounds that memory.
 */
export const MAX_BIND_GROUPS_PER_TURN = 16_384;
export const MAX_SUBMITS_PER_TURN = 16_384;

/**
 * Keeps a synchronous loop from crashing Node's Dawn. Dawn's node binding processes events
 * (recycling released bind groups' descriptors, command buffers and fences) only in a
 * `setImmediate` callback it schedules while one of its promises is pending, so nothing is
 * recycled inside one synchronous job, however long. The guard keeps one
 * `onSubmittedWorkDone()` pending after each submit, so any turn of the event loop lets Dawn
 * process events, counts what was created since, and refuses to go past the limits.
 */
export class EventLoopGuard {
  private bindGroups = 0;
  private submits = 0;
  private watching = false;

  constructor(private readonly queue: GPUQueue) {}

  /** Called before a bind group is created. */
  beforeBindGroup(): void {
    this.check();
    this.bindGroups++;
  }

  /** Called before work is queued that will need a submit. */
  check(): void {
    if (this.bindGroups < MAX_BIND_GROUPS_PER_TURN && this.submits < MAX_SUBMITS_PER_TURN) return;
    throw new SynchronousLoopError(
      `webgpu: ${this.bindGroups} bind groups were created and ${this.submits} command buffers submitted ` +
        'without the event loop turning once. In Node, Dawn releases GPU objects only between turns of the ' +
        'event loop, and a synchronous loop this long would crash the process. Await once per training step, ' +
        'e.g. `await loss.itemAsync()` or `await backend.synchronize()`; nothing was lost and the backend ' +
        'carries on after the await.',
    );
  }

  /** Called after each submit. */
  submitted(): void {
    this.submits++;
    if (this.watching) return;
    this.watching = true;
    // Resolved from Dawn's event processing, which ran just before: what was counted is released.
    this.queue.onSubmittedWorkDone().then(
      () => this.turned(),
      () => this.turned(),
    );
  }

  private turned(): void {
    this.bindGroups = 0;
    this.submits = 0;
    this.watching = false;
  }
}
