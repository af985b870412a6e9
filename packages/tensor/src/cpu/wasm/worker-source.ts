/**
 * The body of a kernel worker, as source text so it needs no separate file (a Node
 * `eval: true` worker or a Blob URL in browsers). It instantiates the kernels over the
 * shared memory, reports ready, then claims chunks of each job posted in the control block
 * (see threads.ts: a kernel and its arguments each) until none is left. Between jobs it
 * keeps polling the job word for a while (layout.spinMs, see threads.ts), since jobs come
 * in runs (a training step); then it sleeps on that word. Its slot's stop flag makes it return.
 */
export const WORKER_SOURCE = `
'use strict';
function start(init) {
  const kernels = new WebAssembly.Instance(init.module, { env: { memory: init.memory } }).exports;
  const layout = init.layout;
  const words = new Int32Array(init.memory.buffer, init.control, layout.words);
  const floats = new Float32Array(init.memory.buffer, init.control, layout.words);
  const stop = layout.stop + init.slot;
  const runs = layout.runs + init.slot;
  post('ready');
  for (;;) {
    const job = Atomics.load(words, layout.job);
    const next = job & 0xff;
    if (next < ((job >>> 8) & 0xff)) {
      if (Atomics.compareExchange(words, layout.job, job, job + 1) !== job) continue;
      const r = layout.chunks + next * layout.chunkWords;
      const name = layout.kernels[words[r]];
      const mask = words[r + 2];
      const args = [];
      for (let j = 0; j < words[r + 1]; j++) {
        args.push((mask >> j) & 1 ? floats[r + 3 + j] : words[r + 3 + j]);
      }
      if (name === 'matmul') args.push(init.workspace);
      kernels[name](...args);
      Atomics.add(words, runs, 1);
      if (Atomics.add(words, layout.done, 1) + 1 === ((job >>> 8) & 0xff)) {
        Atomics.notify(words, layout.done);
      }
      continue;
    }
    const until = performance.now() + layout.spinMs;
    for (let spin = 1; Atomics.load(words, layout.job) === job; spin++) {
      if ((spin & 1023) === 0 && performance.now() > until) break;
    }
    if (Atomics.load(words, stop) !== 0) return;
    Atomics.wait(words, layout.job, job);
    if (Atomics.load(words, stop) !== 0) return;
  }
}
let post;
if (typeof self === 'undefined') {
  const { parentPort } = require('node:worker_threads');
  post = (m) => parentPort.postMessage(m);
  parentPort.once('message', start);
} else {
  post = (m) => self.postMessage(m);
  self.onmessage = (event) => start(event.data);
}
`;
