import { reportMemoryPressure } from '@x/tensor';
import { SynchronousLoopError } from './errors';

/**
 * Bind groups created, command buffers submitted and bytes of new buffers allocated without
 * the event loop turning, past which an op throws instead. Measured with the `webgpu` package
 * (Dawn) on lavapipe: a synchronous loop crashes the process with SIGSEGV at about 62,000 bind
 * groups; 25,000 submits ran, each holding about 8 KB until events are processed, so their
 * limit (about 4 million kernels in batches of 250) only bounds that memory. New buffers
 * are what a plain loop's dropped tensors pile up (on lavapipe, in the process's memory):
 * 2 GiB of them stops, say, `c = a.mul(b).add(1)` on 2^20 floats after 256 steps.
 */
export const MAX_BIND_GROUPS_PER_TURN = 16_384;
export const MAX_SUBMITS_PER_TURN = 16_384;
export const MAX_NEW_BYTES_PER_TURN = 2 * 2 ** 30;

/**
 * Keeps a synchronous loop from crashing Node's Dawn or exhausting memory. Dawn's node binding
 * processes events (recycling released bind groups' descriptors, command buffers and fences)
 * only in a `setImmediate` callback it schedules while one of its promises is pending, and
 * @x/tensor's finalisers return dropped tensors' buffers only between turns too, so nothing
 * is released inside one synchronous job, however long. The guard keeps one
 * `onSubmittedWorkDone()` pending while it counts, so any turn of the event loop lets Dawn
 * process events, counts what was created since, and refuses to go past the limits.
 */
export class EventLoopGuard {
  private bindGroups = 0;
  private submits = 0;
  private newBytes = 0;
  private watching = false;
  private pressureReported = false;

  constructor(private readonly queue: GPUQueue) {}

  /** Called before a bind group is created. */
  beforeBindGroup(): void {
    this.check();
    this.bindGroups++;
    this.watch();
  }

  /** Called before a buffer of `bytes` is created (not when one is reused from a pool). */
  beforeBuffer(bytes: number): void {
    this.check();
    this.newBytes += bytes;
    // Halfway to the limit, users hear of it (once per turn) before the loop is stopped.
    if (!this.pressureReported && this.newBytes >= MAX_NEW_BYTES_PER_TURN / 2) {
      this.pressureReported = true;
      reportMemoryPressure(
        'webgpu',
        this.newBytes,
        `Past ${MAX_NEW_BYTES_PER_TURN / 2 ** 30} GiB of new buffers without a turn, the next op ` +
          'throws SynchronousLoopError.',
      );
    }
    this.watch();
  }

  /** Called before work is queued that will need a submit. */
  check(): void {
    if (
      this.bindGroups < MAX_BIND_GROUPS_PER_TURN &&
      this.submits < MAX_SUBMITS_PER_TURN &&
      this.newBytes < MAX_NEW_BYTES_PER_TURN
    )
      return;
    throw new SynchronousLoopError(
      `webgpu: ${this.bindGroups} bind groups were created, ${this.submits} command buffers submitted and ` +
        `${this.newBytes} bytes of new buffers allocated without the event loop turning once. In Node, the ` +
        'buffers of tensors you drop are freed, and Dawn releases the GPU objects that kernels used, only ' +
        'between turns of the event loop, and a synchronous loop this long would exhaust memory or crash the ' +
        'process. Await once per training step, e.g. `await loss.itemAsync()` or `await backend.synchronize()` ' +
        '(or run each step in tidy()); nothing was lost and the backend carries on after the await.',
    );
  }

  /** Called after each submit. */
  submitted(): void {
    this.submits++;
    this.watch();
  }

  private watch(): void {
    if (this.watching) return;
    this.watching = true;
    // Resolved from Dawn's event processing, which needs a turn of the event loop.
    this.queue.onSubmittedWorkDone().then(
      () => this.turned(),
      () => this.turned(),
    );
  }

  private turned(): void {
    this.bindGroups = 0;
    this.submits = 0;
    this.newBytes = 0;
    this.watching = false;
    this.pressureReported = false;
  }
}
