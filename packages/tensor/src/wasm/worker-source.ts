/**
 * The body of a matmul worker, as source text so it needs no separate file (a Node
 * `eval: true` worker or a Blob URL in browsers). It instantiates the kernels over the
 * shared memory, reports ready, then sleeps on its slot's go flag (see threads.ts):
 * 1 runs `matmul` with the slot's arguments and counts the band done, -1 stops.
 */
export const WORKER_SOURCE = `
'use strict';
function start(init) {
  const kernels = new WebAssembly.Instance(init.module, { env: { memory: init.memory } }).exports;
  const base = (init.slot + 1) * init.slotWords;
  const words = new Int32Array(init.memory.buffer, init.control, base + init.slotWords);
  post('ready');
  for (;;) {
    Atomics.wait(words, base, 0);
    const go = Atomics.load(words, base);
    if (go < 0) return;
    if (go === 0) continue;
    const a = words.slice(base + 1, base + 14);
    kernels.matmul(a[0], a[1], a[2], a[3], a[4], a[5], a[6], a[7], a[8], a[9], a[10], a[11], a[12]);
    Atomics.store(words, base, 0);
    if (Atomics.sub(words, 0, 1) === 1) Atomics.notify(words, 0);
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
