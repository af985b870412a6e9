import type { Storage } from './backend';
import type { DType } from './dtype';

/**
 * Counts the tensors (bases and views) that share one storage; `dispose()` of the last
 * returns the storage to its backend at once. A storage whose tensors are dropped without
 * dispose() is returned when the garbage collector finds this object unreferenced.
 */
export class StorageRef {
  private refs = 0;
  constructor(readonly storage: Storage) {
    const finalize = finalizerOf(storage);
    if (finalize !== null) collected.register(this, finalize, this);
  }

  retain(): void {
    this.refs++;
  }

  /** Live tensors holding the storage (a tensor and its views). */
  get holders(): number {
    return this.refs;
  }

  release(): void {
    if (--this.refs !== 0) return;
    collected.unregister(this); // a no-op where nothing was registered
    this.storage.backend.free(this.storage);
  }
}

/**
 * What the finalizer runs for a collected StorageRef. The registry holds it until then, so it
 * holds none of the storage's memory where the backend can say how (`Backend.finalizer`): a
 * storage the collector owns is then reclaimed by the collector alone, even inside one
 * synchronous job, where finalizers never run.
 */
function finalizerOf(storage: Storage): (() => void) | null {
  const backend = storage.backend;
  if (backend.finalizer === undefined) return () => backend.free(storage);
  return backend.finalizer(storage);
}

const collected = new FinalizationRegistry<() => void>((finalize) => finalize());

/** Shared by a tensor and its views; bumped by every in-place write (autograd checks it). */
export interface VersionCounter {
  value: number;
}

/** What a tensor is made of: its storage, its layout in it, and its version counter. */
export interface TensorParts {
  readonly ref: StorageRef;
  readonly shape: readonly number[];
  readonly strides: readonly number[];
  /** Element offset of the first element in the storage. */
  readonly offset: number;
  readonly dtype: DType;
  /** Shared with views; bumped by in-place writes. */
  readonly versionCounter: VersionCounter;
}
