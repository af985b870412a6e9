import { afterEach, describe, expect, test, vi } from 'vitest';
import {
  type MemoryPressure,
  onMemoryPressure,
  reportMemoryPressure,
  setMemoryWarnings,
  type Tensor,
  zeros,
} from '../../src';
import type { CpuStorage } from '../../src/cpu/storage';
import { SOFT_LIMIT_BYTES } from '../../src/cpu/wasm/heap';
import { heap } from '../../src/cpu/wasm/runtime';
import { collectAndFinalize } from './collect';

afterEach(() => {
  heap.softLimitBytes = SOFT_LIMIT_BYTES;
  heap.relieve();
  setMemoryWarnings(true);
  vi.restoreAllMocks();
});

describe('memory waiting on the collector', () => {
  test('the CPU reports it once per wait: an event with the bytes, one process warning', async () => {
    const warn = vi.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
    const events: MemoryPressure[] = [];
    const stop = onMemoryPressure((pressure) => events.push(pressure));
    let dropped: Tensor | null = zeros([54_321]);
    await collectAndFinalize(); // starts a fresh wait whatever ran before
    heap.softLimitBytes = 0;
    for (let i = 0; i < 3; i++) zeros([2_345_678]);
    expect(events).toHaveLength(1);
    expect(events[0].device).toBe('cpu');
    expect(events[0].waitingBytes).toBe(heap.stats.liveBytes);
    expect(events[0].message).toMatch(/tidy\(\).*await.*dispose\(\)/);
    expect(warn).toHaveBeenCalledTimes(1);
    expect(warn).toHaveBeenCalledWith(events[0].message, {
      type: 'XMemoryWarning',
      code: 'X_MEMORY_WAITS_ON_GC',
    });
    // a finalizer ran: the next wait is a new event, but the warning was once
    dropped = null;
    await collectAndFinalize();
    zeros([3_456_789]);
    expect(events).toHaveLength(2);
    expect(warn).toHaveBeenCalledTimes(1);
    stop();
    expect(dropped).toBeNull();
    expect((zeros([10])._storage as CpuStorage).inHeap).toBe(false);
  });

  test('any backend reports through reportMemoryPressure; warnings can be silenced', () => {
    const warn = vi.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
    const seen: MemoryPressure[] = [];
    const stop = onMemoryPressure((pressure) => seen.push(pressure));
    setMemoryWarnings(false);
    reportMemoryPressure('test-gpu', 3 * 2 ** 20, 'It waits.');
    expect(seen).toEqual([
      { device: 'test-gpu', waitingBytes: 3 * 2 ** 20, message: expect.any(String) },
    ]);
    expect(seen[0].message).toContain('3 MiB of test-gpu memory');
    expect(seen[0].message).toContain('It waits.');
    expect(warn).not.toHaveBeenCalled();
    setMemoryWarnings(true);
    reportMemoryPressure('test-gpu-2', 1, 'It waits.');
    expect(warn).toHaveBeenCalledTimes(1);
    stop();
    reportMemoryPressure('test-gpu-2', 1, 'It waits.');
    expect(seen).toHaveLength(2);
  });
});
