/**
 * The CPU backend's memory: one WebAssembly.Memory that every CPU storage lives in, so
 * WebAssembly kernels run on tensors in place. It is created synchronously at start-up
 * (creating a Memory needs no compilation), before any module exists, so the TypeScript
 * kernels and, once compiled, the WebAssembly ones share the same bytes.
 *
 * Growing the memory detaches (unshared) or shortens (shared) every view of the old
 * buffer, so nothing keeps a typed array across a call that may allocate: storages hand
 * out a fresh view on each access.
 */
import { formatBytes, OutOfMemoryError } from '../../errors';

const PAGE = 65536;
const ALIGN = 64;
/** Bytes below this address are the runtime's own, laid out as RESERVED says. */
export const RESERVED_BYTES = 64 * 1024;
/** Addresses in the runtime's bytes; all used by the main thread only, but the control block. */
export const RESERVED = {
  /** An elementwise kernel's dims and strides, DESCRIPTOR_WORDS words (kernels/strided.ts). */
  descriptor: 1024,
  /** Matmul jobs for the workers: 64 slots of 16 words (threads.ts). */
  control: 4096,
  /** mt19937's left, next, two unused words, then its 624 state words (kernels/mt19937.ts). */
  mtState: 8192,
  /** A fast Box-Muller block's 16 results until its flags are known (kernels/box-muller.ts). */
  normalBlock: 11264,
  /** The last, partial Philox block (kernels/philox.ts). */
  philoxTail: 11392,
  /** Vector constants, 256 of 16 bytes (kernels/constants.ts). */
  constants: 12288,
} as const;
/**
 * The most heap bytes storages hold at once. A tensor dropped without dispose() returns its
 * block only from a FinalizationRegistry callback, which never runs inside one synchronous
 * job: a synchronous loop that never disposes would otherwise grow the heap (which never
 * shrinks) without end. Past this, new storages are GC-owned arrays (see CpuStorage) until
 * blocks come back; 512 MiB keeps a plain loop's peak RSS well under 1.5 GB. Kernels' short-
 * lived blocks (staging copies) are not counted: they come back within the call.
 */
export const SOFT_LIMIT_BYTES = 512 * 2 ** 20;
export const DESCRIPTOR_WORDS = 768;

export interface HeapStats {
  /** Bytes in live blocks, as requested. */
  liveBytes: number;
  /** Bytes of the blocks (size classes) storages hold: what softLimitBytes bounds. */
  storageBytes: number;
  liveBlocks: number;
  /** Bytes the memory spans (live, pooled and never used). */
  capacity: number;
}

/** The block size a request of `bytes` is rounded to: 64-byte multiples, 8 classes an octave. */
export function sizeClass(bytes: number): number {
  if (bytes <= ALIGN) return ALIGN;
  const octaveStep = 2 ** Math.max(0, Math.floor(Math.log2(bytes - 1)) - 3);
  const step = Math.max(ALIGN, octaveStep);
  return Math.ceil(bytes / step) * step;
}

/**
 * Tensors dropped without dispose() return their blocks only when the garbage collector
 * finds them, but the collector cannot see the heap: to it a tensor is a few bytes. So for
 * every HINT_BYTES of storages the heap serves that were not disposed since, it allocates, and
 * drops, an untouched ArrayBuffer of that size: external memory the collector does count
 * (and, being large, it costs an mmap, not a page fault per page), so collections keep pace
 * with the garbage and an awaited loop gets its blocks back every few steps.
 */
const HINT_BYTES = 64 * 2 ** 20;
let undisposedBytes = 0;
/** The last hint, kept so that no compiler can drop the allocation as unused. */
const lastHint: ArrayBuffer[] = [];

function hintGarbageCollector(bytes: number): void {
  undisposedBytes += bytes;
  if (undisposedBytes < HINT_BYTES) return;
  const hint = Math.min(undisposedBytes, 4 * HINT_BYTES);
  undisposedBytes = 0;
  try {
    lastHint[0] = new ArrayBuffer(hint);
  } catch {
    // the host is short of memory: the allocation that follows reports it
  }
}

export class Heap {
  readonly memory: WebAssembly.Memory | null;
  readonly shared: boolean;
  /** Pages the memory may grow to (what a module importing it must declare). */
  readonly maximumPages: number;
  private plain: ArrayBuffer | null = null;
  /** Free blocks by exact size: the pool that makes repeated shapes allocation-free. */
  private readonly free = new Map<number, number[]>();
  private top = RESERVED_BYTES;
  /** The most bytes storages hold in the heap (SOFT_LIMIT_BYTES; tests lower it). */
  softLimitBytes = SOFT_LIMIT_BYTES;
  /**
   * Set when a soft request was declined, cleared by `relieve()` (a storage came back): until
   * then soft requests are declined at once.
   */
  private declined = false;
  readonly stats: HeapStats = { liveBytes: 0, storageBytes: 0, liveBlocks: 0, capacity: 0 };

  constructor() {
    const created = createMemory();
    this.memory = created?.memory ?? null;
    this.shared = created?.shared ?? false;
    this.maximumPages = created?.maximumPages ?? 0;
    if (this.memory === null) this.plain = new ArrayBuffer(16 * 2 ** 20);
    this.stats.capacity = this.buffer.byteLength;
  }

  /** The current backing buffer; re-read it after anything that may allocate. */
  get buffer(): ArrayBuffer | SharedArrayBuffer {
    return this.memory !== null ? this.memory.buffer : (this.plain as ArrayBuffer);
  }

  /** The largest block the memory can ever hold. */
  get maxBlockBytes(): number {
    return this.memory !== null ? this.maximumPages * PAGE - RESERVED_BYTES : 2 ** 31 - PAGE;
  }

  /**
   * A 64-byte aligned block of at least `bytes`: its address and size. `soft` asks for a
   * storage's block: null when storages would hold more than softLimitBytes (or did, and no
   * block has come back since). Throws OutOfMemoryError when the memory cannot hold it.
   */
  allocate(bytes: number, soft = false): { ptr: number; size: number } | null {
    if (!(bytes <= this.maxBlockBytes)) this.outOfMemory(bytes, 'more than the heap can ever hold');
    const size = sizeClass(bytes);
    if (soft) {
      if (this.declined || this.stats.storageBytes + size > this.softLimitBytes) {
        this.declined = true;
        return null;
      }
      hintGarbageCollector(size);
      this.stats.storageBytes += size;
    }
    const ptr =
      this.free.get(size)?.pop() ?? this.fromTop(size) ?? this.reuse(size) ?? this.grow(size);
    this.stats.liveBytes += bytes;
    this.stats.liveBlocks++;
    return { ptr, size };
  }

  /** A block the runtime keeps for good (kernel workspaces): not counted as live storage. */
  reserve(bytes: number): number {
    const { ptr } = this.allocate(bytes) as { ptr: number };
    this.stats.liveBytes -= bytes;
    this.stats.liveBlocks--;
    return ptr;
  }

  /** Returns a block to the pool; `bytes` is what was requested for it, `soft` as allocated. */
  release(ptr: number, size: number, bytes: number, soft = false): void {
    if (soft) this.stats.storageBytes -= size;
    this.stats.liveBytes -= bytes;
    this.stats.liveBlocks--;
    this.pool(ptr, size);
  }

  /**
   * A storage's block came back, collected or (`disposedBytes` > 0) disposed: soft requests
   * may fit again, and disposed bytes need no collection.
   */
  relieve(disposedBytes = 0): void {
    this.declined = false;
    undisposedBytes = Math.max(0, undisposedBytes - disposedBytes);
  }

  private pool(ptr: number, size: number): void {
    let list = this.free.get(size);
    if (list === undefined) this.free.set(size, (list = []));
    list.push(ptr);
  }

  private fromTop(size: number): number | undefined {
    if (this.top + size > this.buffer.byteLength) return undefined;
    const ptr = this.top;
    this.top += size;
    return ptr;
  }

  /**
   * Before growing: merges adjacent free blocks, gives a free run that ends at the top back
   * to the unused space, then takes the smallest free block that fits, splitting off the rest.
   */
  private reuse(size: number): number | undefined {
    const blocks: [number, number][] = [];
    for (const [blockSize, ptrs] of this.free) for (const p of ptrs) blocks.push([p, blockSize]);
    this.free.clear();
    blocks.sort((x, y) => x[0] - y[0]);
    const merged: [number, number][] = [];
    for (const [p, s] of blocks) {
      const last = merged[merged.length - 1];
      if (last !== undefined && last[0] + last[1] === p) last[1] += s;
      else merged.push([p, s]);
    }
    const last = merged[merged.length - 1];
    if (last !== undefined && last[0] + last[1] === this.top) {
      this.top = last[0];
      merged.pop();
    }
    let best = -1;
    for (let i = 0; i < merged.length; i++) {
      if (merged[i][1] >= size && (best < 0 || merged[i][1] < merged[best][1])) best = i;
    }
    for (let i = 0; i < merged.length; i++) {
      const [p, s] = merged[i];
      if (i !== best) this.pool(p, s);
      else if (s > size) this.pool(p + size, s - size);
    }
    return best >= 0 ? merged[best][0] : this.fromTop(size);
  }

  private outOfMemory(bytes: number, why: string): never {
    const { liveBytes, capacity } = this.stats;
    throw new OutOfMemoryError(
      `cpu: cannot allocate ${formatBytes(bytes)} (${bytes} bytes): ${why}; the heap holds ` +
        `${formatBytes(liveBytes)} in live tensors and spans ${formatBytes(capacity)}. ` +
        'Free memory (dispose(), tidy(), or an await so dropped tensors are collected) or ' +
        'use smaller tensors; the CPU backend stays usable.',
      bytes,
      liveBytes,
    );
  }

  private grow(size: number): number {
    const current = this.buffer.byteLength;
    const needed = this.top + size - current;
    const bytes = Math.max(needed, Math.min(current / 2, 256 * 2 ** 20));
    const pages = Math.ceil(bytes / PAGE);
    const minimum = Math.ceil(needed / PAGE);
    // the generous step first; if the host refuses it, only what this block needs
    for (const step of pages > minimum ? [pages, minimum] : [minimum]) {
      try {
        if (this.memory !== null) this.memory.grow(step);
        else {
          const grown = new ArrayBuffer(current + step * PAGE);
          new Uint8Array(grown).set(new Uint8Array(this.plain as ArrayBuffer));
          this.plain = grown;
        }
        break;
      } catch (error) {
        if (step === minimum)
          this.outOfMemory(size, `the host refused to grow it (${String(error)})`);
      }
    }
    this.stats.capacity = this.buffer.byteLength;
    return this.fromTop(size) as number;
  }
}

/**
 * A shared memory where the host allows threads (Node; browsers when crossOriginIsolated),
 * otherwise an unshared one; null where WebAssembly itself is missing (the TypeScript kernels
 * then run on a plain ArrayBuffer). Hosts that cannot reserve 4 GiB get a smaller maximum.
 */
function createMemory(): {
  memory: WebAssembly.Memory;
  shared: boolean;
  maximumPages: number;
} | null {
  if (typeof WebAssembly !== 'object' || typeof WebAssembly.Memory !== 'function') return null;
  const canShare =
    typeof SharedArrayBuffer === 'function' &&
    (globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated !== false;
  for (const shared of canShare ? [true, false] : [false]) {
    for (const maximumPages of [65536, 32768, 16384, 4096]) {
      try {
        const memory = new WebAssembly.Memory({ initial: 256, maximum: maximumPages, shared });
        return { memory, shared, maximumPages };
      } catch {
        // try a smaller reservation, then an unshared memory
      }
    }
  }
  return null;
}
