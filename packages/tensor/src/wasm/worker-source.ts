/**
 * The body of a matmul worker, as source text so it needs no separate file (a Node
 * `eval: true` worker or a Blob URL in browsers). It instantiates the kernels over the
 * shared memory, reports ready, then claims chunks of each product posted in the control
 * block (see threads.ts) until none is left. Between products it stays awake for a few
 * thousand loads of the job word, since products come in runs (a training step), then
 * sleeps on that word. Its slot's stop flag makes it return.
 */
export const WORKER_SOURCE = `
'use strict';
function start(init) {
  const kernels = new WebAssembly.Instance(init.module, { env: { memory: init.memory } }).exports;
  const layout = init.layout;
  const words = new Int32Array(init.memory.buffer, init.control, layout.words);
  const stop = layout.stop + init.slot;
  const runs = layout.runs + init.slot;
  post('ready');
  for (;;) {
    const job = Atomics.load(words, layout.job);
    const next = job & 0xff;
    if (next < ((job >>> 8) & 0xff)) {
      if (Atomics.compareExchange(words, layout.job, job, job + 1) !== job) continue;
      const r = layout.chunks + next * layout.chunkWords;
      const a = words.slice(r, r + layout.chunkWords);
      kernels.matmul(a[0], a[1], a[2], a[3], a[4], a[5], a[6], a[7], a[8], a[9], a[10], a[11], init.workspace);
      Atomics.add(words, runs, 1);
      if (Atomics.add(words, layout.done, 1) + 1 === ((job >>> 8) & 0xff)) {
        Atomics.notify(words, layout.done);
      }
      continue;
    }
    for (let spin = 0; spin < layout.spins && Atomics.load(words, layout.job) === job; spin++);
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
