/**
 * Peak memory of saving and loading a float32 state dict, each operation in its own
 * process: x (@x/nn's save/load from packages/nn/dist) and PyTorch (safetensors.torch if
 * installed, else torch.save/torch.load). Prints MB/s with the file I/O and, for x, of
 * save()/load() alone ("codec"), and resident memory before the operation and at its
 * peak, in MiB.
 *
 *   node bench/safetensors-memory.mjs [--mib 1024]
 *
 * Build first (`node bench/run.mjs --rows safetensors` builds, or `npx tsup` in each
 * package). Needs about 3 × mib of free memory; files go to the OS temp folder and are
 * removed.
 */
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { PYTHON, torchBlas } from './lib/torch-blas.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const { values } = parseArgs({ options: { mib: { type: 'string', default: '1024' } } });
const mib = Number(values.mib);

const engines = [
  { name: 'x', command: process.execPath, script: join(here, 'lib', 'safetensors-child.mjs') },
  { name: 'torch', command: PYTHON, script: join(here, 'torch', 'safetensors_child.py') },
];
const torch = torchBlas(process.env);
const noTorch = torch.unavailable ?? null;
console.log(`safetensors, ${mib} MiB float32 state dict, one process per operation`);
console.log('engine  op    MB/s  codec MB/s  before MiB  peak MiB  peak - before');
for (const engine of engines) {
  if (engine.name === 'torch' && noTorch !== null) {
    console.log(`torch   n/a: ${noTorch}`);
    continue;
  }
  const path = join(tmpdir(), `safetensors-memory-${process.pid}-${engine.name}`);
  for (const op of ['save', 'load']) {
    const child = spawnSync(engine.command, [engine.script, op, path, String(mib)], {
      encoding: 'utf8',
      cwd: here,
      env: { ...(engine.name === 'torch' ? torch.env : process.env), OMP_NUM_THREADS: '1' },
    });
    const line = child.stdout.trim().split('\n').at(-1);
    if (child.status !== 0 || !line?.startsWith('{')) {
      console.log(
        `${engine.name.padEnd(8)}${op.padEnd(6)}failed: ${child.stderr.trim().split('\n').at(-1)}`,
      );
      continue;
    }
    const r = JSON.parse(line);
    const mbs = (seconds) => ((mib * 2 ** 20) / 1e6 / seconds).toFixed(0);
    const codec = r.codecSeconds === undefined ? 'n/a' : mbs(r.codecSeconds);
    console.log(
      `${engine.name.padEnd(8)}${op.padEnd(6)}${mbs(r.seconds).padStart(6)}  ${codec.padStart(10)}  ${r.beforeMiB.toFixed(0).padStart(10)}  ${r.peakMiB.toFixed(0).padStart(8)}  ${(r.peakMiB - r.beforeMiB).toFixed(0).padStart(13)}`,
    );
  }
  rmSync(path, { force: true });
}
