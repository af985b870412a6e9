/**
 * The benchmark: the same workloads in x, PyTorch and TensorFlow.js in one run, printed as
 * a table of figures and ratios and written to bench/results/ as JSON. See README.md.
 *
 *   node bench/run.mjs [--rows matmul,init-orthogonal-1024] [--engines x,torch-1t]
 *                      [--quick] [--repeats N] [--budget SECONDS] [--no-build]
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { preparePackages } from './lib/build.mjs';
import { ENGINES, runEngine } from './lib/engines.mjs';
import { DEFAULT_POLICY } from './lib/measure.mjs';
import { renderReport } from './lib/report.mjs';
import { measureThreadSpeedup, renderThreadSpeedup } from './lib/thread-speedup.mjs';
import { torchBlas } from './lib/torch-blas.mjs';
import { runLoops } from './workloads/loops.mjs';

const WORKLOADS = ['matmul', 'elementwise', 'fill', 'init', 'mlp', 'safetensors', 'gpu-loops'];
const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..');
const log = (line) => process.stderr.write(`${line}\n`);

const { values: flags } = parseArgs({
  options: {
    rows: { type: 'string' },
    engines: { type: 'string' },
    quick: { type: 'boolean', default: false },
    repeats: { type: 'string' },
    budget: { type: 'string' },
    'no-build': { type: 'boolean', default: false },
    'engine-timeout': { type: 'string', default: '300' },
    'loop-steps': { type: 'string', default: '5000' },
    'thread-rounds': { type: 'string', default: '3' },
  },
});
const list = (value) =>
  value
    ?.split(',')
    .map((s) => s.trim())
    .filter(Boolean);
const policy = {
  ...DEFAULT_POLICY,
  ...(flags.quick ? { repeats: 3, budgetMs: 1000, warmupMs: 100 } : {}),
  ...(flags.repeats ? { repeats: Number(flags.repeats) } : {}),
  ...(flags.budget ? { budgetMs: Number(flags.budget) * 1000 } : {}),
};

// Rows: every workload's, filtered by id, id prefix or workload name.
const rowFilter = list(flags.rows);
const rows = [];
const titles = {};
const origin = {};
for (const name of WORKLOADS) {
  const workload = await import(`./workloads/${name}.mjs`);
  for (const row of workload.rows) {
    const wanted =
      rowFilter === undefined || rowFilter.some((f) => f === name || row.id.startsWith(f));
    if (!wanted) continue;
    rows.push(row);
    titles[row.id] = workload.title;
    origin[row.id] = { workload: name, snippet: workload.torch };
  }
}
/**
 * What an engine's child process gets of a row. A row may time differently (a training step
 * as a long run sees it); --quick wins.
 */
const policyOf = (row) =>
  flags.quick || row.policy === undefined ? policy : { ...policy, ...row.policy };
const plan = (row) => ({
  ...origin[row.id],
  id: row.id,
  label: row.label,
  params: row.params,
  policy: policyOf(row),
});
const engineFilter = list(flags.engines);
const engines = ENGINES.filter((e) => engineFilter === undefined || engineFilter.includes(e.id));

const started = performance.now();
const loadBefore = loadavg()[0];
const { unavailable, warnings } = preparePackages(root, { build: !flags['no-build'], log });
for (const [name, reason] of Object.entries({ ...unavailable, ...warnings }))
  log(`${name}: ${reason}`);

// A private XDG_RUNTIME_DIR for Dawn when the session has none.
const env = { ...process.env };
if (!env.XDG_RUNTIME_DIR) env.XDG_RUNTIME_DIR = mkdtempSync(join(tmpdir(), 'bench-xdg-'));
// PyTorch's BLAS, checked, and the environment its engines run in.
const torch = engines.some((e) => e.lib === 'torch') ? torchBlas(env) : { unavailable: 'not run' };
const noTorch = torch.unavailable ?? null;

const cells = {};
const engineInfo = {};
let adapter = null;
for (const engine of engines) {
  const mine = rows.filter(
    (r) => r.device === engine.device && (r.threaded || !engine.onlyThreaded),
  );
  cells[engine.id] = {};
  const planned = [];
  for (const row of mine) {
    const skip = row.skip?.[engine.id];
    if (skip !== undefined) cells[engine.id][row.id] = { na: skip };
    else if (engine.lib === 'torch' && noTorch !== null) cells[engine.id][row.id] = { na: noTorch };
    else if (engine.lib === 'x' && '@x/tensor' in unavailable) {
      cells[engine.id][row.id] = { na: `@x/tensor: ${unavailable['@x/tensor']}` };
    } else {
      planned.push(plan(row));
    }
  }
  if (planned.length === 0) continue;
  log(`${engine.label}: ${planned.length} rows`);
  const report = await runEngine(engine, planned, {
    unavailable,
    timeoutMs: Number(flags['engine-timeout']) * 1000,
    env: engine.lib === 'torch' ? torch.env : env,
    log,
  });
  engineInfo[engine.id] = report.info;
  adapter ??= report.adapter;
  for (const { id } of planned) {
    cells[engine.id][id] = report.results[id] ?? { na: report.failure ?? 'not run' };
  }
  if (report.failure !== null) log(`  ${engine.label}: ${report.failure}`);
}

const text = renderReport({
  rows,
  engines,
  cells,
  adapter,
  titles,
  policy,
  policyOf,
  torchBlas: torch.blas,
});
// Rows whose x NT ÷ x 1T matters (the MLP step) are timed again, both in turn (lib/thread-speedup.mjs).
const threadSpeedup =
  engines.some((e) => e.id === 'x') &&
  engines.some((e) => e.id === 'x-nt') &&
  !('@x/tensor' in unavailable)
    ? await measureThreadSpeedup(rows.filter((row) => row.pairedThreads).map(plan), {
        rounds: Number(flags['thread-rounds']),
        unavailable,
        timeoutMs: Number(flags['engine-timeout']) * 1000,
        env,
        log,
      })
    : null;
// The loop styles (workloads/loops.mjs) run apart: one child process per style, for its peak RSS.
const loops =
  rowFilter === undefined || rowFilter.includes('loops')
    ? await runLoops({
        steps: Number(flags['loop-steps']),
        wanted: ['plain', 'awaited', 'tidy', 'torch'].filter(
          (id) =>
            engineFilter === undefined || engineFilter.includes(id === 'torch' ? 'torch-1t' : 'x'),
        ),
        torchEnv: torch.env,
        log,
      })
    : null;
const machine = {
  cpu: cpus()[0]?.model ?? 'unknown',
  threads: availableParallelism(),
  node: process.version,
  platform: `${process.platform}-${process.arch}`,
};
console.log(
  `\nx benchmark, ${new Date().toISOString()}, ${machine.cpu}, ${machine.threads} threads, Node ${machine.node}`,
);
for (const [id, info] of Object.entries(engineInfo)) {
  if (info !== null && !id.startsWith('x')) console.log(`  ${id}: ${JSON.stringify(info)}`);
}
for (const [name, warning] of Object.entries(warnings)) console.log(`  ${name}: ${warning}`);
// The bench keeps one core busy itself; more than that means someone else shared the CPU.
const load = [loadBefore, loadavg()[0]];
if (Math.max(...load) > 1.5) {
  console.log(
    `  WARNING: 1-minute load average ${load.map((l) => l.toFixed(1)).join(' -> ')} on ` +
      `${machine.threads} threads: other processes shared the CPU, so figures are noisy.`,
  );
}
console.log(`\n${text}`);
if (threadSpeedup !== null) console.log(`\n${renderThreadSpeedup(threadSpeedup)}`);
if (loops !== null) console.log(`\n${loops.text}`);

const seconds = (performance.now() - started) / 1000;
const json = {
  date: new Date().toISOString(),
  seconds,
  machine,
  adapter,
  policy,
  engines: engines.map((e) => ({ ...e, info: engineInfo[e.id] ?? null })),
  torchBlas: torch.blas ?? null,
  unavailablePackages: unavailable,
  packageWarnings: warnings,
  loadAverage: { before: loadBefore, after: loadavg()[0] },
  threadSpeedup,
  loops,
  rows: rows.map((row) => ({
    ...row,
    workload: origin[row.id].workload,
    results: Object.fromEntries(
      engines.filter((e) => e.device === row.device).map((e) => [e.id, cells[e.id]?.[row.id]]),
    ),
  })),
};
const resultsDir = join(here, 'results');
mkdirSync(resultsDir, { recursive: true });
const stamp = json.date.replace(/[:.]/g, '-');
writeFileSync(join(resultsDir, `bench-${stamp}.json`), `${JSON.stringify(json, null, 2)}\n`);
writeFileSync(join(resultsDir, 'latest.json'), `${JSON.stringify(json, null, 2)}\n`);
console.log(
  `\nWhole run: ${seconds.toFixed(0)} s. JSON: bench/results/bench-${stamp}.json (and latest.json)`,
);
