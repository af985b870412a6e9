/**
 * The timing policy every engine follows (bench/torch/runner.py mirrors it line for line):
 * warm-up runs until `warmupMs` have passed (at least one), so JIT compilers, thread pools and
 * caches reach the steady state a long training run sees; then timed runs until `repeats` are
 * done, or until `budgetMs` of timed runs have passed and at least `minRepeats` were taken. A
 * run slower than the whole budget gets a single timed run after its warm-up. The figure
 * reported is the median.
 */
export const DEFAULT_POLICY = { repeats: 10, budgetMs: 2000, minRepeats: 3, warmupMs: 500 };

export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Times `step` (sync or async; awaited either way) under the policy; returns milliseconds. */
export async function measure(step, policy) {
  const { repeats, budgetMs, minRepeats } = policy;
  let start = performance.now();
  await step();
  const firstMs = performance.now() - start;
  while (performance.now() - start < policy.warmupMs) await step();
  const warmupMs = performance.now() - start;
  const atLeast = firstMs > budgetMs ? 1 : minRepeats;
  const samplesMs = [];
  let spent = 0;
  while (samplesMs.length < repeats && (spent < budgetMs || samplesMs.length < atLeast)) {
    start = performance.now();
    await step();
    const ms = performance.now() - start;
    samplesMs.push(ms);
    spent += ms;
  }
  return { medianMs: median(samplesMs), samplesMs, warmupMs };
}
