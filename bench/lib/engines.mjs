import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { PYTHON } from './torch-blas.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const THREADS = availableParallelism();

/**
 * Every engine runs in its own child process, one after another (never two at once on a
 * 2-core machine), so one library's heap, threads or crash cannot touch another's figures.
 * x's multi-thread engine runs only rows marked `threaded` (the others would repeat x 1T);
 * tfjs-wasm has no threads in Node (its threaded build needs browser workers).
 */
export const ENGINES = [
  { id: 'x', label: 'x 1T', device: 'cpu', lib: 'x', threads: 1 },
  ...(THREADS > 1
    ? [
        {
          id: 'x-nt',
          label: `x ${THREADS}T`,
          device: 'cpu',
          lib: 'x',
          threads: THREADS,
          onlyThreaded: true,
        },
      ]
    : []),
  { id: 'torch-1t', label: 'torch 1T', device: 'cpu', lib: 'torch', threads: 1 },
  ...(THREADS > 1
    ? [
        {
          id: 'torch-nt',
          label: `torch ${THREADS}T`,
          device: 'cpu',
          lib: 'torch',
          threads: THREADS,
        },
      ]
    : []),
  { id: 'tfjs-wasm', label: 'tfjs-wasm 1T', device: 'cpu', lib: 'tfjs', backend: 'wasm' },
  { id: 'tfjs-cpu', label: 'tfjs-cpu', device: 'cpu', lib: 'tfjs', backend: 'cpu' },
  { id: 'x-webgpu', label: 'x-webgpu', device: 'gpu', lib: 'x', threads: 1 },
  { id: 'tfjs-webgpu', label: 'tfjs-webgpu', device: 'gpu', lib: 'tfjs', backend: 'webgpu' },
];

/**
 * Runs one engine over `rows` ([{ workload, id, label, snippet, params, policy }]) and
 * resolves to { info, adapter, results: { rowId: result }, failure }. Rows the engine
 * never reached (crash, timeout) are absent from results; `failure` says why.
 */
export function runEngine(engine, rows, { unavailable, timeoutMs, env, log }) {
  const dir = mkdtempSync(join(tmpdir(), `bench-${engine.id}-`));
  const outPath = join(dir, 'results.jsonl');
  writeFileSync(outPath, '');
  const planPath = join(dir, 'plan.json');
  let command;
  let args;
  let childEnv = env;
  if (engine.lib === 'torch') {
    const threads = String(engine.threads);
    childEnv = {
      ...env,
      OMP_NUM_THREADS: threads,
      OPENBLAS_NUM_THREADS: threads,
      MKL_NUM_THREADS: threads,
      PYTHONDONTWRITEBYTECODE: '1',
    };
    writeFileSync(
      planPath,
      JSON.stringify({ engineId: engine.id, threads: engine.threads, outPath, rows }),
    );
    [command, args] = [PYTHON, [join(here, '..', 'torch', 'runner.py'), planPath]];
  } else {
    writeFileSync(planPath, JSON.stringify({ engine, unavailable, outPath, rows }));
    [command, args] = [process.execPath, [join(here, 'engine.mjs'), planPath]];
  }
  return new Promise((resolve) => {
    const child = spawn(command, args, { env: childEnv, stdio: ['ignore', 'pipe', 'pipe'] });
    const tail = [];
    const onLine = (line) => {
      if (line.startsWith('progress: ')) log(`  ${line.slice(10)}`);
      else if (line.trim() !== '' && tail.push(line.trim()) > 20) tail.shift();
    };
    createInterface({ input: child.stdout }).on('line', onLine);
    createInterface({ input: child.stderr }).on('line', onLine);
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, timeoutMs);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const report = collect(outPath);
      rmSync(dir, { recursive: true, force: true });
      if (report.failure === null && rows.some((r) => !(r.id in report.results))) {
        report.failure = timedOut
          ? `${engine.label} timed out after ${Math.round(timeoutMs / 1000)} s`
          : `${engine.label} exited (${signal ?? code}) early: ${tail.at(-1) ?? 'no output'}`;
      }
      resolve(report);
    });
  });
}

function collect(outPath) {
  const report = { info: null, adapter: null, results: {}, failure: null };
  for (const line of readFileSync(outPath, 'utf8').split('\n')) {
    if (line.trim() === '') continue;
    const record = JSON.parse(line);
    if (record.kind === 'engine')
      Object.assign(report, { info: record.info, adapter: record.adapter });
    if (record.kind === 'engine-failed') report.failure = record.reason;
    if (record.kind === 'row') {
      const { kind: _, id, ...result } = record;
      report.results[id] = result;
    }
  }
  return report;
}
