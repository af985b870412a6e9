import { ArgumentError, show } from '../errors';
import { RESERVED } from './heap';
import { MATMUL_WORKSPACE_BYTES, MR, NR } from './kernels/matmul';
import type { Kernels } from './module';
import { getCompiledModule, heap, startKernels } from './runtime';
import { WORKER_SOURCE } from './worker-source';

/**
 * Matmul on worker threads over the shared heap. The main thread and each ready worker take
 * a disjoint band of C's columns (or rows, when C is narrow) and run the same kernel on it;
 * every element is still accumulated in k order, so results do not depend on the split.
 *
 * Jobs are passed through a control block in the heap's reserved bytes: word 0 counts the
 * bands still running, and each worker has a slot of SLOT_WORDS words: a go flag
 * (1 = run, -1 = stop), then the kernel's 13 arguments.
 */
const CONTROL_BYTE = RESERVED.control;
export const SLOT_WORDS = 16;
const MAX_WORKERS = 63;
/** Below this many multiply-adds, waking workers costs more than it saves. */
const MIN_PARALLEL_WORK = 1 << 18;

export interface MatmulArgs {
  a: number;
  sam: number;
  sak: number;
  b: number;
  sbk: number;
  sbn: number;
  c: number;
  scm: number;
  scn: number;
  m: number;
  n: number;
  k: number;
}

interface WorkerHandle {
  slot: number;
  terminate(): void;
}

let numThreads = 1;
const starting = new Set<number>();
const workers: WorkerHandle[] = [];
const workspaces: number[] = [];
let mainWorkspace = 0;
let mainThreadMayBlock: boolean | null = null;

/**
 * Sets how many threads matmul uses (torch.set_num_threads). Threads beyond the first are
 * workers over shared memory, started in the background: until they are up, work runs on
 * fewer threads. Where the host has no shared memory (browsers without cross-origin
 * isolation), matmul stays on one thread. The default is 1.
 *
 * @example
 * setNumThreads(2);
 * getNumThreads(); // 2
 */
export function setNumThreads(threads: number): void {
  if (!Number.isInteger(threads) || threads < 1 || threads > MAX_WORKERS + 1) {
    throw new ArgumentError(
      `setNumThreads: threads must be an integer in [1, ${MAX_WORKERS + 1}], got ${show(threads)}`,
    );
  }
  numThreads = threads;
  while (workers.length > threads - 1) (workers.pop() as WorkerHandle).terminate();
  if (threads > 1 && heap.shared) void startKernels().then(spawnWorkers);
}

/** @internal Workers started and waiting for jobs. */
export function workerCount(): number {
  return workers.length;
}

/** The thread count set by setNumThreads (torch.get_num_threads). */
export function getNumThreads(): number {
  return numThreads;
}

function workspace(slot: number): number {
  workspaces[slot] ??= heap.reserve(MATMUL_WORKSPACE_BYTES);
  return workspaces[slot];
}

/** C = A·B with the WebAssembly kernel, split over the ready worker threads when worthwhile. */
export function runMatmul(kernels: Kernels, args: MatmulArgs): void {
  const { m, n, k } = args;
  const bands = m * n * k < MIN_PARALLEL_WORK ? 1 : Math.min(numThreads, workers.length + 1);
  const byColumns = Math.ceil(n / NR) >= Math.ceil(m / MR);
  const tiles = byColumns ? Math.ceil(n / NR) : Math.ceil(m / MR);
  const parts = Math.min(bands, tiles);
  mainWorkspace ||= heap.reserve(MATMUL_WORKSPACE_BYTES);
  if (parts <= 1) {
    callMatmul(kernels, args, mainWorkspace);
    return;
  }
  const step = byColumns ? NR : MR;
  const band = (i: number) => Math.min(Math.round((tiles * i) / parts) * step, byColumns ? n : m);
  const jobs = workers.slice(0, parts - 1).map((worker, p) => {
    const x = subBand(args, byColumns, band(p + 1), band(p + 2));
    const work = workspace(worker.slot); // may grow the heap: before taking the view below
    return {
      worker,
      words: [x.a, x.sam, x.sak, x.b, x.sbk, x.sbn, x.c, x.scm, x.scn, x.m, x.n, x.k, work],
    };
  });
  const words = new Int32Array(heap.buffer, CONTROL_BYTE, (MAX_WORKERS + 1) * SLOT_WORDS);
  Atomics.store(words, 0, parts - 1);
  for (const job of jobs) {
    const base = (job.worker.slot + 1) * SLOT_WORDS;
    words.set(job.words, base + 1);
    Atomics.store(words, base, 1);
    Atomics.notify(words, base);
  }
  callMatmul(kernels, subBand(args, byColumns, 0, band(1)), mainWorkspace);
  waitForZero(words);
}

function subBand(args: MatmulArgs, byColumns: boolean, from: number, to: number): MatmulArgs {
  if (byColumns) {
    return { ...args, b: args.b + from * args.sbn, c: args.c + from * args.scn, n: to - from };
  }
  return { ...args, a: args.a + from * args.sam, c: args.c + from * args.scm, m: to - from };
}

function callMatmul(kernels: Kernels, x: MatmulArgs, work: number): void {
  kernels.matmul(x.a, x.sam, x.sak, x.b, x.sbk, x.sbn, x.c, x.scm, x.scn, x.m, x.n, x.k, work);
}

/** Blocks until the worker bands are done: Atomics.wait where allowed, else spins (browser main thread). */
function waitForZero(words: Int32Array): void {
  if (mainThreadMayBlock === null) {
    try {
      Atomics.wait(words, 0, -1, 0);
      mainThreadMayBlock = true;
    } catch {
      mainThreadMayBlock = false;
    }
  }
  for (;;) {
    const left = Atomics.load(words, 0);
    if (left === 0) return;
    if (mainThreadMayBlock) Atomics.wait(words, 0, left, 50);
  }
}

async function spawnWorkers(): Promise<void> {
  const module = getCompiledModule();
  if (module === null || heap.memory === null) return;
  while (workers.length + starting.size < numThreads - 1) {
    const slot = freeSlot();
    starting.add(slot);
    workspace(slot);
    startWorker(module, heap.memory, slot)
      .then((handle) => {
        starting.delete(slot);
        if (workers.length < numThreads - 1) workers.push(handle);
        else handle.terminate();
      })
      .catch(() => starting.delete(slot));
  }
}

function freeSlot(): number {
  for (let slot = 0; ; slot++) {
    if (!starting.has(slot) && !workers.some((w) => w.slot === slot)) return slot;
  }
}

/** Starts one worker (Node worker_threads or a Web Worker) and resolves once it waits for jobs. */
async function startWorker(
  module: WebAssembly.Module,
  memory: WebAssembly.Memory,
  slot: number,
): Promise<WorkerHandle> {
  const init = { module, memory, control: CONTROL_BYTE, slot, slotWords: SLOT_WORDS };
  const stop = () => {
    const words = new Int32Array(heap.buffer, CONTROL_BYTE, (MAX_WORKERS + 1) * SLOT_WORDS);
    Atomics.store(words, (slot + 1) * SLOT_WORDS, -1);
    Atomics.notify(words, (slot + 1) * SLOT_WORDS);
  };
  const isNode = typeof process === 'object' && typeof process.versions?.node === 'string';
  if (isNode) {
    const specifier = 'node:worker_threads';
    const { Worker } = (await import(
      /* @vite-ignore */ specifier
    )) as typeof import('node:worker_threads');
    const worker = new Worker(WORKER_SOURCE, { eval: true });
    worker.unref();
    await new Promise<void>((resolve, reject) => {
      worker.once('message', () => resolve());
      worker.once('error', reject);
      worker.postMessage(init);
    });
    const terminate = () => {
      stop();
      void worker.terminate();
    };
    return { slot, terminate };
  }
  const url = URL.createObjectURL(new Blob([WORKER_SOURCE], { type: 'text/javascript' }));
  const worker = new Worker(url);
  await new Promise<void>((resolve, reject) => {
    worker.onmessage = () => resolve();
    worker.onerror = (event) => reject(new Error(event.message));
    worker.postMessage(init);
  });
  URL.revokeObjectURL(url);
  const terminate = () => {
    stop();
    worker.terminate();
  };
  return { slot, terminate };
}
