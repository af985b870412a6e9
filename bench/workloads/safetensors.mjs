/**
 * Saving and loading a float32 state dict of X_BENCH_SAFETENSORS_MB MiB (default 1 GiB) as
 * a file in the OS temp folder (GB/s of tensor data). x: `writeFileSync(path, save(state))`
 * and `load(readFileSync(path))`; PyTorch: `safetensors.torch.save_file`/`load_file` when
 * installed, else `torch.save`/`torch.load` of the same tensors (the engine line says
 * which). Files come from the page cache after the warm-up. Peak memory is measured
 * separately, one process per operation: `node bench/safetensors-memory.mjs`.
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MIB, makeState } from '../lib/safetensors-state.mjs';

export const title = `safetensors, ${MIB} MiB float32 state dict`;
export const torch = 'safetensors_io';

const BYTES = MIB * 2 ** 20;

export const rows = ['save', 'load'].map((op) => ({
  id: `safetensors-${op}`,
  label: `${op} ${MIB} MiB F32`,
  device: 'cpu',
  unit: 'GB/s',
  work: BYTES,
  output: op === 'load' ? 'new' : 'file',
  requires: ['@x/nn'],
  skip: { 'tfjs-wasm': 'no safetensors in tfjs', 'tfjs-cpu': 'no safetensors in tfjs' },
  note: `${op === 'save' ? 'save(state) + writeFileSync' : 'readFileSync + load(bytes)'}; PyTorch: safetensors.torch if installed, else torch.${op}`,
  params: { op, mib: MIB },
}));

export function x({ params: { op, mib } }, { x, packages }) {
  const nn = packages['@x/nn'];
  const path = join(tmpdir(), `x-bench-${process.pid}.safetensors`);
  let state = makeState(x, mib);
  writeFileSync(path, nn.save(state));
  const dispose = (map) => {
    for (const value of map.values()) value.dispose();
  };
  if (op === 'load') {
    dispose(state);
    state = new Map();
  }
  return {
    step: () => {
      if (op === 'save') writeFileSync(path, nn.save(state));
      else dispose(nn.load(readFileSync(path)));
    },
    dispose: () => {
      dispose(state);
      rmSync(path, { force: true });
    },
  };
}

export function tfjs() {
  return { skip: 'no safetensors in tfjs' };
}
