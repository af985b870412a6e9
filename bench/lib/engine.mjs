/**
 * One engine's child process: `node engine.mjs <plan.json>`. Runs the planned rows with x
 * or tfjs on one backend and appends one JSON line per row to the plan's `outPath`, so a
 * crash loses only the rows not yet run. Progress goes to stdout as `progress: ...` lines.
 */
import { appendFileSync, readFileSync } from 'node:fs';
import { firstLine, tfjsContext, xContext } from './contexts.mjs';
import { measure } from './measure.mjs';

const plan = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const { engine, outPath } = plan;
const emit = (record) => appendFileSync(outPath, `${JSON.stringify(record)}\n`);

let ctx;
try {
  ctx =
    engine.lib === 'x'
      ? await xContext(engine, plan.unavailable)
      : await tfjsContext(engine.backend);
} catch (error) {
  emit({ kind: 'engine-failed', reason: firstLine(error) });
  process.exit(0);
}
emit({ kind: 'engine', adapter: ctx.adapter ?? null, info: engineInfo(ctx) });

for (const planned of plan.rows) {
  const workload = await import(`../workloads/${planned.workload}.mjs`);
  const row = workload.rows.find((r) => r.id === planned.id);
  const result = await runRow(workload, row, planned.policy);
  emit({ kind: 'row', id: row.id, ...result });
  const shown =
    result.na ?? `${result.medianMs.toFixed(1)} ms median of ${result.samplesMs.length}`;
  console.log(`progress: ${engine.id} ${row.label}: ${shown}`);
}
process.exit(0);

async function runRow(workload, row, policy) {
  const missing = (row.requires ?? []).filter((name) => engine.lib === 'x' && name in ctx.missing);
  if (missing.length > 0) {
    // '@x/nn/optim' is missing because '@x/nn' is: name each package once.
    const packages = new Set(missing.map((name) => name.split('/').slice(0, 2).join('/')));
    return { na: [...packages].map((name) => `${name}: ${ctx.missing[name]}`).join('; ') };
  }
  let bench;
  try {
    bench = await workload[engine.lib](row, ctx);
    if (bench.skip !== undefined) return { na: bench.skip };
    await bench.ready?.();
    return await measure(bench.step, policy);
  } catch (error) {
    return { na: `error: ${firstLine(error)}` };
  } finally {
    try {
      bench?.dispose?.();
    } catch {
      // A failed dispose after a failed row adds nothing to the report.
    }
  }
}

function engineInfo(context) {
  if (engine.lib === 'x') {
    const threads = context.x.getNumThreads?.() ?? 1;
    return { threads, packages: Object.keys(context.packages), missing: context.missing };
  }
  const { tf } = context;
  const info = { version: tf.version.tfjs, backend: tf.getBackend() };
  if (context.threads !== undefined) info.threads = context.threads;
  return info;
}
