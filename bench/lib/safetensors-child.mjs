/**
 * One safetensors operation in a fresh process, for bench/safetensors-memory.mjs:
 * `node safetensors-child.mjs save|load <path> <mib>`. Prints one JSON line: the seconds
 * the operation took (and of those, save()/load() without the file I/O), and the process's resident memory before it and at its peak (MiB).
 * save builds the state dict first (its memory is in `beforeMiB`), then writes the file.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { makeState } from './safetensors-state.mjs';

const [op, path, mib] = process.argv.slice(2);
const x = await import('@x/tensor');
const nn = await import('@x/nn');
await x.ready();
const state = op === 'save' ? makeState(x, Number(mib)) : null;
const rss = () => process.memoryUsage().rss / 2 ** 20;
const beforeMiB = rss();
// The file I/O and the conversion are timed apart: the I/O is the machine's, not x's.
let ioSeconds = 0;
let codecSeconds = 0;
const timed = (fn) => {
  const start = performance.now();
  const out = fn();
  return [out, (performance.now() - start) / 1e3];
};
let count = state?.size;
if (op === 'save') {
  const [bytes, s] = timed(() => nn.save(state));
  codecSeconds = s;
  ioSeconds = timed(() => writeFileSync(path, bytes))[1];
} else {
  const [bytes, s] = timed(() => readFileSync(path));
  ioSeconds = s;
  const [loaded, t] = timed(() => nn.load(bytes));
  codecSeconds = t;
  count = loaded.size;
}
const peakMiB = process.resourceUsage().maxRSS / 2 ** 10;
console.log(
  JSON.stringify({
    seconds: ioSeconds + codecSeconds,
    codecSeconds,
    beforeMiB,
    peakMiB,
    tensors: count,
  }),
);
