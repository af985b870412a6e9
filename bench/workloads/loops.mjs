/**
 * Training-loop styles over a long run: the loop a PyTorch user writes first (no tidy, no
 * dispose, no await) next to the awaited and tidy loops and PyTorch's own, training an MLP
 * 784-256-256-10 (ReLU) on a batch of 128 with plain SGD (lr 0.01). Unlike the other
 * workloads, these rows are not a median step time: each style runs `steps` steps in its own
 * child process, so the peak RSS it reports is that style's alone (VmHWM; ru_maxrss for
 * PyTorch), with steps/s over the whole run (memory that piles up slows the steps that follow).
 *
 *   node bench/run.mjs --rows loops --loop-steps 500     # a short run
 *   node bench/workloads/loops.mjs --child plain 500     # one style, one JSON line
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PYTHON } from '../lib/torch-blas.mjs';

export const title = 'Training-loop styles, MLP 784-256-256-10 b128 SGD, 1 thread';

const SIZES = [784, 256, 256, 10];
const BATCH = 128;
const LR = 0.01;

export const STYLES = [
  { id: 'plain', label: 'x plain loop (no tidy, no dispose, no await)' },
  { id: 'awaited', label: 'x loop with await loss.itemAsync()' },
  { id: 'tidy', label: 'x loop, each step in tidy()' },
  { id: 'torch', label: "PyTorch's loop (torch 1T)" },
];

const here = dirname(fileURLToPath(import.meta.url));

/** Runs every style (or those `wanted`) for `steps` steps, one child process each, in turn. */
export async function runLoops({ steps, wanted = STYLES.map((s) => s.id), torchEnv, log }) {
  const results = {};
  for (const style of STYLES.filter((s) => wanted.includes(s.id))) {
    log(`loops: ${style.label}, ${steps} steps`);
    results[style.id] = await runChild(style.id, steps, torchEnv);
    const r = results[style.id];
    log(
      `  ${r.na ?? `${r.stepsPerSecond.toFixed(1)} steps/s, peak RSS ${mib(r.peakRssBytes)} MiB`}`,
    );
  }
  return { steps, results, text: render(steps, results) };
}

function runChild(style, steps, torchEnv = process.env) {
  const [command, args, env] =
    style === 'torch'
      ? [
          PYTHON,
          [join(here, '..', 'torch', 'loops.py'), String(steps)],
          { ...torchEnv, OMP_NUM_THREADS: '1', MKL_NUM_THREADS: '1', OPENBLAS_NUM_THREADS: '1' },
        ]
      : [
          process.execPath,
          [fileURLToPath(import.meta.url), '--child', style, String(steps)],
          process.env,
        ];
  return new Promise((resolve) => {
    const child = spawn(command, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk) => {
      out += chunk;
    });
    child.stderr.on('data', (chunk) => {
      err += chunk;
    });
    child.on('error', (error) => resolve({ na: String(error.message) }));
    child.on('close', (code, signal) => {
      const line = out.trim().split('\n').at(-1) ?? '';
      try {
        resolve(JSON.parse(line));
      } catch {
        const why = err.trim().split('\n').at(-1) ?? 'no output';
        resolve({ na: `exited (${signal ?? code}): ${why}` });
      }
    });
  });
}

const mib = (bytes) => (bytes / 2 ** 20).toFixed(0);

function render(steps, results) {
  const tidy = results.tidy?.stepsPerSecond;
  const torch = results.torch?.stepsPerSecond;
  const lines = STYLES.filter((s) => s.id in results).map((s) => {
    const r = results[s.id];
    if (r.na !== undefined) return [s.label, `n/a: ${r.na}`, '', '', ''];
    const ratio = (base) => (base === undefined ? '-' : (r.stepsPerSecond / base).toFixed(2));
    return [s.label, r.stepsPerSecond.toFixed(1), mib(r.peakRssBytes), ratio(tidy), ratio(torch)];
  });
  const header = ['', 'steps/s', 'peak RSS MiB', 'vs x tidy', 'vs torch'];
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i].length)));
  const row = (cells) =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  return [
    `${title}: ${steps} steps per style, each in its own process`,
    row(header),
    '-'.repeat(widths.reduce((a, b) => a + b + 2, -2)),
    ...lines.map(row),
  ].join('\n');
}

/** One style in this process: prints { stepsPerSecond, peakRssBytes, firstLoss, lastLoss }. */
async function child(style, steps) {
  const x = await import('@x/tensor');
  const nn = await import('@x/nn');
  const { SGD } = await import('@x/nn/optim');
  await x.ready();
  x.setNumThreads(1);
  x.setMemoryWarnings(false);
  x.manualSeed(0);
  const layers = [];
  for (let i = 0; i + 1 < SIZES.length; i++) {
    if (i > 0) layers.push(new nn.ReLU());
    layers.push(new nn.Linear(SIZES[i], SIZES[i + 1]));
  }
  const net = new nn.Sequential(...layers);
  const optimizer = new SGD(net.parameters(), { lr: LR });
  const input = x.rand([BATCH, SIZES[0]]);
  const target = x.randint(0, SIZES.at(-1), [BATCH]);
  const step = () => {
    optimizer.zeroGrad();
    const loss = nn.crossEntropy(net.forward(input), target);
    loss.backward();
    optimizer.step();
    return loss;
  };
  const losses = [];
  const start = performance.now();
  for (let i = 0; i < steps; i++) {
    let loss;
    if (style === 'plain') loss = step().item();
    else if (style === 'awaited') loss = await step().itemAsync();
    else loss = x.tidy(() => step().item());
    if (i === 0 || i === steps - 1) losses.push(loss);
  }
  const seconds = (performance.now() - start) / 1000;
  const hwm = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'));
  const peakRssBytes = hwm === null ? process.memoryUsage.rss() : Number(hwm[1]) * 1024;
  const [firstLoss, lastLoss] = losses;
  console.log(
    JSON.stringify({ stepsPerSecond: steps / seconds, peakRssBytes, firstLoss, lastLoss }),
  );
}

if (process.argv[2] === '--child') await child(process.argv[3], Number(process.argv[4]));
