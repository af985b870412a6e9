import type { Storage } from './backend';
import type { DType } from './dtype';

/**
 * Counts the tensors (bases and views) that share one storage; the storage goes back to
 * its backend when the last is disposed or garbage-collected.
 */
export class StorageRef {
  private refs = 0;
  constructor(readonly storage: Storage) {}

  retain(): void {
    this.refs++;
  }

  release(): void {
    if (--this.refs === 0) this.storage.backend.free(this.storage);
  }
}

/** Safety net: a tensor dropped without dispose() still returns its storage when collected. */
export const collected = new FinalizationRegistry<StorageRef>((ref) => ref.release());

/** Shared by a tensor and its views; bumped by every in-place write (autograd checks it). */
export interface VersionCounter {
  value: number;
}

/** A tensor's constructor arguments: its storage, then its layout and version counter. */
export type TensorParts = [
  ref: StorageRef,
  shape: readonly number[],
  strides: readonly number[],
  offset: number,
  dtype: DType,
  versionCounter: VersionCounter,
];
