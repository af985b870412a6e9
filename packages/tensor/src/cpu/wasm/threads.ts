import { ArgumentError, show } from '../../errors';
import { RESERVED } from './heap';
import { ELEMENTWISE_KERNELS } from './kernels/elementwise-ops';
import { MATMUL_WORKSPACE_BYTES, MR, NR } from './kernels/matmul';
import type { Kernels } from './module';
import { getCompiledModule, heap, startKernels } from './runtime';
import { WORKER_SOURCE } from './worker-source';

/**
 * Kernels on worker threads over the shared heap. A matmul (or a large elementwise op) is cut
 * into chunks: bands of the output that depend only on its shape and the thread count. The
 * main thread and the workers claim chunks one at a time until none is left, and each chunk
 * runs the same kernel whoever claims it; a matmul accumulates every element in k order, so
 * results do not depend on the split. A worker that is slow to wake (or gone) only means the
 * main thread claims more chunks itself; nothing waits on a particular worker.
 *
 * The control block lives in the heap's reserved bytes (see CONTROL): one word holds the job
 * (a tag that changes with every job, the chunk count and the next unclaimed chunk), so a
 * single compare-exchange claims a chunk of exactly that job; workers sleep on it.
 */
const CONTROL_BYTE = RESERVED.control;
/** Word offsets in the control block (1024 words). */
const CONTROL = {
  /** tag << 16 | chunk count << 8 | next chunk. */
  job: 0,
  /** Chunks of the current job finished. */
  done: 1,
  /** Per worker slot: set to 1 to make it exit. */
  stop: 8,
  /** Per worker slot: chunks it has run (for tests). */
  runs: 72,
  /** Chunk records of CHUNK_WORDS words (see Chunk). */
  chunks: 136,
  words: 1024,
} as const;
/** A chunk record: kernel index in KERNELS, argument count, mask of f32 arguments, arguments. */
const CHUNK_WORDS = 16;
const MAX_WORKERS = 63;
const MAX_CHUNKS = 48;
/** Below this many multiply-adds, waking workers costs more than it saves. */
const MIN_PARALLEL_WORK = 1 << 18;
/**
 * The kernels workers run, by index in a chunk record. `matmul` gets the running thread's
 * workspace as its last argument; the others are elementwise kernels.
 */
const KERNELS: readonly string[] = ['matmul', ...ELEMENTWISE_KERNELS.map((k) => k.name)];

/** One chunk: a kernel and its arguments; `f32` marks the arguments passed as float32. */
export interface Chunk {
  kernel: string;
  args: readonly number[];
  f32?: readonly boolean[];
}

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
  /** Tells the worker to stop; resolves once its thread has exited. */
  terminate(): Promise<void>;
}

let numThreads = 1;
const starting = new Set<number>();
/** Slots of stopped workers whose threads may still be running: not reused until they exit. */
const retiring = new Set<number>();
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
  while (workers.length > threads - 1) retire(workers.pop() as WorkerHandle);
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

/** C = A·B with the WebAssembly kernel, split over the worker threads when worthwhile. */
export function runMatmul(kernels: Kernels, args: MatmulArgs): void {
  const { m, n, k } = args;
  const byColumns = Math.ceil(n / NR) >= Math.ceil(m / MR);
  const tiles = byColumns ? Math.ceil(n / NR) : Math.ceil(m / MR);
  // One chunk per thread: each chunk packs its own copy of the operand it does not split, so
  // more chunks cost more packing; a late worker's chunk is claimed by the main thread anyway.
  const count = m * n * k < MIN_PARALLEL_WORK ? 1 : Math.min(parallelism(), tiles);
  mainWorkspace ||= heap.reserve(MATMUL_WORKSPACE_BYTES);
  if (count <= 1) {
    callMatmul(kernels, args, mainWorkspace);
    return;
  }
  const step = byColumns ? NR : MR;
  const edge = (i: number) => Math.min(Math.round((tiles * i) / count) * step, byColumns ? n : m);
  const chunks: Chunk[] = [];
  for (let i = 0; i < count; i++) {
    const x = subBand(args, byColumns, edge(i), edge(i + 1));
    chunks.push({
      kernel: 'matmul',
      args: [x.a, x.sam, x.sak, x.b, x.sbk, x.sbn, x.c, x.scm, x.scn, x.m, x.n, x.k],
    });
  }
  runChunks(kernels, chunks);
}

/** How many chunks to cut a job into: the threads that can take one now, at most MAX_CHUNKS. */
export function parallelism(): number {
  return Math.min(numThreads, workers.length + 1, MAX_CHUNKS);
}

/** Runs the chunks on the main thread and the workers; returns when all are done. */
export function runChunks(kernels: Kernels, chunks: readonly Chunk[]): void {
  const words = new Int32Array(heap.buffer, CONTROL_BYTE, CONTROL.words);
  const floats = new Float32Array(words.buffer, words.byteOffset, words.length);
  chunks.forEach((chunk, i) => {
    const r = CONTROL.chunks + i * CHUNK_WORDS;
    words[r] = KERNELS.indexOf(chunk.kernel);
    words[r + 1] = chunk.args.length;
    words[r + 2] = (chunk.f32 ?? []).reduce((mask, f, j) => (f ? mask | (1 << j) : mask), 0);
    chunk.args.forEach((value, j) => {
      if (chunk.f32?.[j]) floats[r + 3 + j] = value;
      else words[r + 3 + j] = value;
    });
  });
  tag = (tag + 1) & 0xffff;
  Atomics.store(words, CONTROL.done, 0);
  Atomics.store(words, CONTROL.job, ((tag << 16) | (chunks.length << 8)) >>> 0);
  Atomics.notify(words, CONTROL.job);
  for (let i = claim(words); i >= 0; i = claim(words)) {
    const { kernel, args } = chunks[i];
    if (kernel === 'matmul') kernels.matmul(...args, mainWorkspace);
    else kernels[kernel](...args);
    Atomics.add(words, CONTROL.done, 1);
  }
  waitForDone(words, chunks.length);
}

let tag = 0;

/** Claims the job's next chunk: its index, or -1 when every chunk is taken. Workers do the same. */
function claim(words: Int32Array): number {
  for (;;) {
    const job = Atomics.load(words, CONTROL.job);
    const next = job & 0xff;
    if (next >= ((job >>> 8) & 0xff)) return -1;
    if (Atomics.compareExchange(words, CONTROL.job, job, job + 1) === job) return next;
  }
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

/**
 * Blocks until the workers' chunks are done: spins briefly (a chunk a worker claimed is
 * usually nearly done), then Atomics.wait where allowed; a browser main thread only spins.
 */
function waitForDone(words: Int32Array, count: number): void {
  if (mainThreadMayBlock === null) {
    try {
      Atomics.wait(words, CONTROL.done, -1, 0);
      mainThreadMayBlock = true;
    } catch {
      mainThreadMayBlock = false;
    }
  }
  for (let spins = 0; ; spins++) {
    const done = Atomics.load(words, CONTROL.done);
    if (done === count) return;
    if (mainThreadMayBlock && spins > SPINS) Atomics.wait(words, CONTROL.done, done, 50);
  }
}

/** Loads of the done word before the main thread sleeps on it (a few hundred microseconds). */
const SPINS = 20_000;
/**
 * How long a worker polls for the next job before sleeping. Waking a sleeping worker costs
 * tens of microseconds, or a scheduler slice on a busy machine, and a training step leaves
 * gaps of a millisecond or more between products (garbage collection, small ops); OpenMP
 * runtimes spin for the same reason (Intel's for 200 ms).
 */
const WORKER_SPIN_MS = 10;

/** @internal Chunks each worker slot has run, for tests. */
export function workerRuns(): number[] {
  const words = new Int32Array(heap.buffer, CONTROL_BYTE, CONTROL.words);
  return Array.from(words.subarray(CONTROL.runs, CONTROL.runs + MAX_WORKERS));
}

async function spawnWorkers(): Promise<void> {
  const module = getCompiledModule();
  if (module === null || heap.memory === null) return;
  while (workers.length + starting.size < numThreads - 1) {
    const slot = freeSlot();
    // Every slot is held by a stopping worker: retire() calls again once one has exited.
    if (slot === null) return;
    starting.add(slot);
    workspace(slot);
    startWorker(module, heap.memory, slot)
      .then((handle) => {
        starting.delete(slot);
        if (workers.length < numThreads - 1) workers.push(handle);
        else retire(handle);
      })
      .catch(() => starting.delete(slot));
  }
}

function retire(worker: WorkerHandle): void {
  retiring.add(worker.slot);
  void worker.terminate().finally(() => {
    retiring.delete(worker.slot);
    if (heap.shared) void startKernels().then(spawnWorkers);
  });
}

/** A slot no worker, starting, running or stopping, uses; null when all are taken. */
function freeSlot(): number | null {
  for (let slot = 0; slot < MAX_WORKERS; slot++) {
    const taken = starting.has(slot) || retiring.has(slot) || workers.some((w) => w.slot === slot);
    if (!taken) return slot;
  }
  return null;
}

/** Starts one worker (Node worker_threads or a Web Worker) and resolves once it waits for jobs. */
async function startWorker(
  module: WebAssembly.Module,
  memory: WebAssembly.Memory,
  slot: number,
): Promise<WorkerHandle> {
  const init = {
    module,
    memory,
    control: CONTROL_BYTE,
    layout: { ...CONTROL, chunkWords: CHUNK_WORDS, spinMs: WORKER_SPIN_MS, kernels: KERNELS },
    slot,
    workspace: workspace(slot),
  };
  const words = () => new Int32Array(heap.buffer, CONTROL_BYTE, CONTROL.words);
  // A worker that stopped in this slot before left its stop flag set: clear it for this one.
  Atomics.store(words(), CONTROL.stop + slot, 0);
  const stop = () => {
    Atomics.store(words(), CONTROL.stop + slot, 1);
    Atomics.notify(words(), CONTROL.job);
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
    const terminate = async () => {
      stop();
      await worker.terminate();
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
  const terminate = async () => {
    stop();
    worker.terminate(); // a Web Worker stops at once
  };
  return { slot, terminate };
}
