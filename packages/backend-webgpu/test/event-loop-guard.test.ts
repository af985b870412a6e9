// The guard against synchronous loops, with a stand-in queue (no GPU needed): it refuses
// work past its limits with SynchronousLoopError, and a turn of the event loop (Dawn's
// onSubmittedWorkDone resolving) lets work go on.
import { BackendError, type MemoryPressure, onMemoryPressure } from '@x/tensor';
import { describe, expect, test } from 'vitest';
import { SynchronousLoopError } from '../src';
import {
  EventLoopGuard,
  MAX_BIND_GROUPS_PER_TURN,
  MAX_NEW_BYTES_PER_TURN,
  MAX_SUBMITS_PER_TURN,
} from '../src/event-loop-guard';

/** A queue whose onSubmittedWorkDone promises resolve when `turn()` is called. */
function fakeQueue() {
  let resolvers: (() => void)[] = [];
  const queue = {
    onSubmittedWorkDone: () => new Promise<void>((resolve) => resolvers.push(resolve)),
  } as unknown as GPUQueue;
  const turn = async () => {
    for (const resolve of resolvers) resolve();
    resolvers = [];
    await new Promise((resolve) => setTimeout(resolve, 0));
  };
  return { queue, turn, watches: () => resolvers.length };
}

describe('EventLoopGuard', () => {
  test('refuses the bind group past the limit with SynchronousLoopError, until a turn', async () => {
    const { queue, turn } = fakeQueue();
    const guard = new EventLoopGuard(queue);
    guard.submitted(); // watches for the next turn
    for (let i = 0; i < MAX_BIND_GROUPS_PER_TURN; i++) guard.beforeBindGroup();
    expect(() => guard.beforeBindGroup()).toThrow(SynchronousLoopError);
    expect(() => guard.check()).toThrow(BackendError);
    expect(() => guard.check()).toThrow(
      /16384 bind groups were created, 1 command buffers submitted and 0 bytes of new buffers allocated without the event loop turning once.*await loss\.itemAsync\(\)/,
    );
    await turn();
    expect(() => guard.check()).not.toThrow();
    expect(() => guard.beforeBindGroup()).not.toThrow();
  });

  test('refuses work past the submit limit; keeps one watch pending, not one per submit', async () => {
    const { queue, turn, watches } = fakeQueue();
    const guard = new EventLoopGuard(queue);
    for (let i = 0; i < MAX_SUBMITS_PER_TURN; i++) guard.submitted();
    expect(watches()).toBe(1);
    const error = (() => {
      try {
        guard.check();
      } catch (caught) {
        return caught as Error;
      }
    })();
    expect(error).toBeInstanceOf(SynchronousLoopError);
    expect(error!.name).toBe('SynchronousLoopError');
    await turn();
    expect(() => guard.check()).not.toThrow();
    guard.submitted();
    expect(watches()).toBe(1);
  });

  test('refuses new buffers past the byte limit, even with nothing submitted, until a turn', async () => {
    const { queue, turn, watches } = fakeQueue();
    const guard = new EventLoopGuard(queue);
    const chunk = 2 ** 28;
    for (let i = 0; i < MAX_NEW_BYTES_PER_TURN / chunk; i++) guard.beforeBuffer(chunk);
    expect(watches()).toBe(1);
    expect(() => guard.beforeBuffer(256)).toThrow(
      new RegExp(`${MAX_NEW_BYTES_PER_TURN} bytes of new buffers allocated`),
    );
    await turn();
    expect(() => guard.beforeBuffer(chunk)).not.toThrow();
  });

  test('reports memory pressure once a turn, halfway to the byte limit', async () => {
    const { queue, turn } = fakeQueue();
    const guard = new EventLoopGuard(queue);
    const heard: MemoryPressure[] = [];
    const unsubscribe = onMemoryPressure((pressure) => heard.push(pressure));
    try {
      const chunk = 2 ** 28;
      const half = MAX_NEW_BYTES_PER_TURN / 2 / chunk;
      for (let i = 0; i < half - 1; i++) guard.beforeBuffer(chunk);
      expect(heard).toEqual([]);
      guard.beforeBuffer(chunk);
      guard.beforeBuffer(chunk);
      expect(heard.map(({ device, waitingBytes }) => [device, waitingBytes])).toEqual([
        ['webgpu', MAX_NEW_BYTES_PER_TURN / 2],
      ]);
      expect(heard[0].message).toMatch(/SynchronousLoopError.*tidy\(\).*await/);
      await turn();
      for (let i = 0; i < half; i++) guard.beforeBuffer(chunk);
      expect(heard).toHaveLength(2);
    } finally {
      unsubscribe();
    }
  });
});
