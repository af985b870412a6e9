import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { attempt, badValues, type CallSpec, type Outcome, stillComputes } from './harness';
import { INIT_CALLS } from './init-calls';
import { NN_CALLS } from './nn-calls';
import { TENSOR_CALLS } from './tensor-calls';

/**
 * Any argument of a wrong kind or out of range is refused with an XError that names the
 * function called and the argument, changes neither the arguments nor the generator, and
 * leaves the library computing correctly. A bounded run here (fixed seed); set X_PROPERTY_RUNS
 * for a longer one, which prints the counts by outcome.
 */
const RUNS = Number(process.env.X_PROPERTY_RUNS ?? 10000);
const SEED = Number(process.env.X_PROPERTY_SEED ?? 20261203);

function property(calls: CallSpec[]) {
  const counts = new Map<Outcome, number>();
  // One example per (outcome, function, argument), so a report lists each problem once.
  const failures = new Map<string, string>();
  const arbitrary = fc
    .constantFrom(...calls.filter((spec) => spec.slots.length > 0))
    .chain((spec) =>
      fc
        .integer({ min: 0, max: spec.slots.length - 1 })
        .chain((index) =>
          fc
            .integer({ min: 0, max: badValues(spec.slots[index]).length - 1 })
            .map((pick) => ({ spec, index, pick })),
        ),
    );
  fc.assert(
    fc.property(arbitrary, ({ spec, index, pick }) => {
      const bad = badValues(spec.slots[index])[pick];
      const { outcome, detail } = attempt(spec, index, bad);
      counts.set(outcome, (counts.get(outcome) ?? 0) + 1);
      const key = `${outcome}: ${spec.fn} ${spec.slots[index].name}`;
      if (outcome !== 'refused' && !failures.has(key)) failures.set(key, `${outcome}: ${detail}`);
      if (!stillComputes()) failures.set('miscomputes', `the library miscomputes after ${detail}`);
      return true;
    }),
    { seed: SEED, numRuns: RUNS },
  );
  if (process.env.X_PROPERTY_RUNS !== undefined)
    console.log(`${RUNS} calls, seed ${SEED}:`, Object.fromEntries(counts));
  return [...failures.values()];
}

describe('bad arguments are refused cleanly (property-based, fast-check)', () => {
  for (const [name, calls] of [
    ['@x/tensor', TENSOR_CALLS],
    ['@x/init', INIT_CALLS],
    ['@x/nn', NN_CALLS],
  ] as const) {
    test(
      `${name}: an XError naming the function and the argument, no effects`,
      () => {
        expect(property(calls)).toEqual([]);
      },
      60_000 + RUNS,
    ); // a few hundred calls a second on a busy machine
  }
});
