// The three loops a user writes, on Node's Dawn (lavapipe in CI), each 5,000 steps of a 4-16-3
// MLP. Synchronous loops, plain and in tidy(), run in a child process, since Dawn used to
// crash the process (SIGSEGV) after about 60,000 bind groups without a turn of the event loop:
// each must exit normally, having finished or thrown SynchronousLoopError, and the backend
// must carry on after an await. An awaited plain loop, where dropped tensors come back
// through the garbage collector, keeps its live buffers bounded.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Linear, MSELoss, ReLU, Sequential } from '@x/nn';
import { SGD } from '@x/nn/optim';
import { manualSeed, randn, tensor } from '@x/tensor';
import { describe, expect, it } from 'vitest';
import { type WebGPUBackend, webgpu } from '../../src';
import { hasWebGPU, reportMissingWebGPU } from '../gpu-available';

reportMissingWebGPU('training loops on WebGPU');

const STEPS = 5000;
const vitest = join(
  dirname(createRequire(import.meta.url).resolve('vitest/package.json')),
  'vitest.mjs',
);
const packageDir = fileURLToPath(new URL('../..', import.meta.url));
const childConfig = join(packageDir, 'vitest.child.config.ts');

interface ChildResult {
  done: number;
  error: { name: string; message: string } | null;
  firstLoss: number;
  lastLoss: number;
  /** Live buffers just before and just after the synchronous loop. */
  beforeLoop: number;
  afterLoop: number;
}

/** Runs sync-loop.child.ts in its own process; resolves with how it exited and what it wrote. */
function runChild(mode: 'plain' | 'tidy') {
  const dir = mkdtempSync(join(tmpdir(), 'x-sync-loop-'));
  const file = join(dir, 'result.json');
  const child = spawn(process.execPath, [vitest, 'run', '--config', childConfig], {
    cwd: packageDir,
    env: {
      ...process.env,
      X_SYNC_LOOP: mode,
      X_SYNC_LOOP_STEPS: String(STEPS),
      X_SYNC_LOOP_RESULT: file,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (output += chunk));
  return new Promise<{
    code: number | null;
    signal: string | null;
    output: string;
    result: ChildResult | null;
  }>((resolve) =>
    child.on('exit', (code, signal) => {
      let result: ChildResult | null = null;
      try {
        result = JSON.parse(readFileSync(file, 'utf8'));
      } catch {}
      rmSync(dir, { recursive: true, force: true });
      resolve({ code, signal, output, result });
    }),
  );
}

/** Live buffers once a full collection and a few turns of the event loop have run the finalisers. */
async function settledBuffers(gpu: WebGPUBackend): Promise<number> {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc === undefined) throw new Error('run with --expose-gc (vitest.config.ts sets it)');
  for (let k = 0; k < 3; k++) {
    gc();
    await new Promise((resolve) => setTimeout(resolve, 0));
  }
  return gpu.memory().buffers;
}

describe.runIf(hasWebGPU)('training loops on WebGPU', () => {
  it(`${STEPS} synchronous plain steps stop with SynchronousLoopError, never a signal`, async () => {
    const { code, signal, output, result } = await runChild('plain');
    expect(signal, output).toBeNull();
    expect(code, output).toBe(0);
    // Nothing is freed inside one synchronous job, so each step's temporaries pile up until
    // the guard refuses: well before Dawn's crash, with the fix in the message.
    expect(result!.error?.name, output).toBe('SynchronousLoopError');
    expect(result!.error!.message).toMatch(/await loss\.itemAsync\(\)/);
    expect(result!.done).toBeGreaterThan(100);
    expect(result!.done).toBeLessThan(STEPS);
    // After the await it asks for, training carries on and has learnt.
    expect(result!.lastLoss).toBeLessThan(result!.firstLoss);
  }, 300_000);

  it(`${STEPS} synchronous steps in tidy() finish with live buffers flat`, async () => {
    const { code, signal, output, result } = await runChild('tidy');
    expect(signal, output).toBeNull();
    expect(code, output).toBe(0);
    // Each step reuses the same pooled buffers and so the same bind groups: nothing piles up.
    expect(result!.error, output).toBeNull();
    expect(result!.done).toBe(STEPS);
    expect(result!.afterLoop).toBe(result!.beforeLoop);
    expect(result!.lastLoss).toBeLessThan(result!.firstLoss / 100);
  }, 300_000);

  it(`${STEPS} awaited plain steps keep live buffers bounded without dispose or tidy`, async () => {
    const gpu = await webgpu();
    manualSeed(0);
    const net = new Sequential(new Linear(4, 16), new ReLU(), new Linear(16, 3)).to(gpu);
    const optimizer = new SGD(net.parameters(), { lr: 0.05 });
    const lossFn = new MSELoss();
    const input = randn([8, 4]);
    const target = input
      .matmul(
        tensor([
          [0.5, -1, 0.25],
          [1, 0.25, -0.5],
          [-0.5, 0.5, 1],
          [0.25, 1, -1],
        ]),
      )
      .to(gpu);
    const batch = input.to(gpu);
    const live: number[] = [];
    let baseline = 0;
    let final = 0;
    const losses: number[] = [];
    for (let step = 1; step <= STEPS; step++) {
      optimizer.zeroGrad();
      const loss = lossFn.forward(net.forward(batch), target);
      loss.backward();
      optimizer.step();
      losses.push(await loss.itemAsync());
      if (step % 250 === 0) live.push(gpu.memory().buffers);
      // Counted with this step's loss alive (and its graph), as at the first step.
      if (step === 1) baseline = await settledBuffers(gpu);
      if (step === STEPS) final = await settledBuffers(gpu);
    }
    // A step leaves 6 temporaries to the collector: a leak would hold 30,000 buffers by the
    // end. The collector runs when V8 decides, so the count moves (measured: at most 3,395,
    // with no trend); whatever it has not yet taken, it takes.
    expect(Math.max(...live), JSON.stringify(live)).toBeLessThanOrEqual(10_000);
    expect(
      final,
      `${final} live buffers after the last step, ${baseline} after the first`,
    ).toBeLessThanOrEqual(baseline);
    expect(losses.at(-1)!).toBeLessThan(losses[0] / 100);
    expect([...net.parameters()]).toHaveLength(4); // keeps the net alive until here
    gpu.dispose();
  }, 300_000);
});
