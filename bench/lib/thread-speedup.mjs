import { ENGINES, runEngine } from './engines.mjs';

/**
 * x on every core against x on one, for the rows marked `pairedThreads`, measured in
 * alternating child processes (1T, NT, 1T, NT, ...) so both figures of a round see the same
 * machine. On a shared virtual machine the host's load drifts over minutes, while the main
 * table times x 1T and x NT minutes apart; a round's ratio cancels that drift.
 *
 * Resolves to { rows: [{ id, label, rounds: [{ oneMs, manyMs }], speedup }], threads }, or
 * null when there is one core or no such row.
 */
export async function measureThreadSpeedup(planned, { rounds, unavailable, timeoutMs, env, log }) {
  const one = ENGINES.find((e) => e.id === 'x');
  const many = ENGINES.find((e) => e.id === 'x-nt');
  if (one === undefined || many === undefined || planned.length === 0) return null;
  log(`x ${many.threads}T against x 1T, alternating processes: ${rounds} rounds`);
  const perRow = new Map(planned.map((row) => [row.id, []]));
  for (let round = 0; round < rounds; round++) {
    const figures = {};
    for (const engine of [one, many]) {
      const report = await runEngine(engine, planned, { unavailable, timeoutMs, env, log });
      figures[engine.id] = report.results;
    }
    for (const row of planned) {
      const [a, b] = [figures.x[row.id], figures['x-nt'][row.id]];
      if (a?.medianMs !== undefined && b?.medianMs !== undefined) {
        perRow.get(row.id).push({ oneMs: a.medianMs, manyMs: b.medianMs });
      }
    }
  }
  return {
    threads: many.threads,
    rows: planned.map((row) => {
      const taken = perRow.get(row.id);
      const ratios = taken.map((r) => r.oneMs / r.manyMs).sort((x, y) => x - y);
      const speedup = ratios.length === 0 ? null : ratios[ratios.length >> 1];
      return { id: row.id, label: row.label, rounds: taken, speedup };
    }),
  };
}

/** The report's lines for measureThreadSpeedup's result. */
export function renderThreadSpeedup({ threads, rows }) {
  const lines = [
    `x ${threads}T against x 1T in alternating processes (x 1T time ÷ x ${threads}T time, the median round):`,
  ];
  for (const row of rows) {
    const rounds = row.rounds
      .map(
        (r) =>
          `${(r.oneMs / r.manyMs).toFixed(2)} (${r.oneMs.toFixed(1)} / ${r.manyMs.toFixed(1)} ms)`,
      )
      .join(', ');
    const speedup = row.speedup === null ? 'n/a' : `${row.speedup.toFixed(2)}×`;
    lines.push(`  ${row.label}: ${speedup}; rounds ${rounds || 'none finished'}`);
  }
  return lines.join('\n');
}
