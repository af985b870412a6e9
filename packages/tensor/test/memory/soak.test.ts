import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { cpu, onMemoryPressure, rand, ready, setMemoryWarnings, type Tensor } from '../../src';

/** The process's peak resident set (Linux), else the current one: bytes. */
function peakRss(): number {
  try {
    const kib = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'));
    if (kib !== null) return Number(kib[1]) * 1024;
  } catch {
    // not Linux
  }
  return process.memoryUsage.rss();
}

// first: the plain loop below leaves its heap blocks to the collector
describe('a loop that awaits a read each step, no tidy, no dispose', () => {
  test('gets its blocks back as it goes: 500 steps on 1M floats never wait on the collector', async () => {
    await ready();
    const a = rand([1_000_000]);
    const b = rand([1_000_000]);
    let waits = 0;
    const stop = onMemoryPressure(() => waits++);
    let most = 0;
    for (let i = 0; i < 500; i++) {
      const c = a.mul(b).add(1);
      await c.sum().itemAsync();
      most = Math.max(most, cpu.memory().bytes);
    }
    stop();
    expect(waits).toBe(0);
    // 500 steps made 4 GB of temporaries; a few hints' worth are ever live at once
    expect(most).toBeLessThan(300 * 2 ** 20);
  }, 120_000);
});

describe('a plain synchronous loop, no tidy, no dispose', () => {
  test('3,000 c = a.mul(b).add(1) on 1M floats stay under 1.5 GB of peak RSS', async () => {
    await ready();
    setMemoryWarnings(false);
    const a = rand([1_000_000]);
    const b = rand([1_000_000]);
    let c: Tensor = a;
    let sampled = 0;
    for (let i = 0; i < 3000; i++) {
      c = a.mul(b).add(1);
      if (i % 100 === 0) sampled = Math.max(sampled, process.memoryUsage.rss());
    }
    const [av, bv, cv] = [a, b, c].map((t) => t.toArraySync());
    for (const i of [0, 1, 499_999, 999_999])
      expect(cv[i]).toBe(Math.fround(Math.fround(av[i] * bv[i]) + 1));
    expect(Math.max(sampled, peakRss())).toBeLessThan(1.5e9);
  }, 240_000);
});
