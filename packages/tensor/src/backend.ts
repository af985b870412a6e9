import type { DType, TypedArray } from './dtype';
import type { BinaryOp, DefinedUnaryOp, ReduceOp, UnaryOp } from './ops/elementwise-table';
import type { Generator } from './random/generator';

/**
 * The Backend spec, version 1. A backend owns storage and runs kernels over strided
 * views; everything else (shapes, broadcasting, dtype promotion, autograd, modules) is
 * done once, above it, in backend-independent code.
 *
 * Invariants every kernel may rely on:
 * - Shapes are already checked and broadcast: every input view passed to a kernel has the
 *   output's shape (broadcast dims have stride 0) unless the kernel says otherwise.
 * - `out` never overlaps an input in a way that matters: in-place ops pass the same view
 *   as input and output, elementwise, which every kernel must support.
 * - A view's dtype is its storage's dtype. Kernels read inputs of any dtype and store
 *   into `out`'s dtype with PyTorch's cast (float→int truncates, nonzero→bool is 1).
 * - Sizes are element counts, offsets and strides are in elements, never bytes.
 */
export const BACKEND_SPEC_VERSION = 1;

/** Opaque storage: only the backend that allocated it can read or write it. */
export interface Storage {
  readonly backend: Backend;
  readonly dtype: DType;
  /** Number of elements. */
  readonly length: number;
}

/** A strided window onto a storage: what kernels read and write. */
export interface View {
  readonly storage: Storage;
  readonly shape: readonly number[];
  readonly strides: readonly number[];
  readonly offset: number;
}

/** Parameters of a generator fill run on the device (counter-based Philox only). */
export interface PhiloxFill {
  readonly seed: bigint;
  /** Index of the first 128-bit Philox block this fill consumes. */
  readonly offset: bigint;
  readonly distribution: 'uniform' | 'normal';
  /** uniform: [low, high); normal: [mean, std]. */
  readonly params: readonly [number, number];
}

/** A distribution drawn by `generatorFill`. */
export interface GeneratorFill {
  readonly distribution: 'uniform' | 'normal';
  /** uniform: [low, high); normal: [mean, std]. */
  readonly params: readonly [number, number];
}

export interface MemoryInfo {
  /** Bytes held by live storages (pooled free blocks excluded). */
  readonly bytes: number;
  /** Number of live storages. */
  readonly buffers: number;
}

export interface Backend {
  /** 'cpu', 'webgpu', ...: what `device=` prints and `t.device` returns. */
  readonly name: string;
  readonly specVersion: number;

  // Storage
  allocate(length: number, dtype: DType): Storage;
  /** Returns storage to the backend (pooled or released). Using it afterwards is a bug. */
  free(storage: Storage): void;
  /**
   * Optional: what returns `storage` once the garbage collector has found every tensor on it
   * unreferenced. The callback must not reference the storage (capture an address, a size),
   * so that memory the storage owns can be reclaimed by the collector before the callback
   * runs; null when the collector reclaims it all (nothing is registered, so nothing piles
   * up in a synchronous loop). Without this method, the callback is `free(storage)`, which
   * keeps the storage until then.
   */
  finalizer?(storage: Storage): (() => void) | null;
  /** Copies `data` into `storage` starting at element `offset`. Data's dtype matches storage's. */
  write(storage: Storage, data: TypedArray, offset?: number): void;
  /** A contiguous row-major copy of the view's elements. */
  read(view: View): Promise<TypedArray>;
  /** Synchronous read, present only where no wait is needed (the CPU). */
  readSync?(view: View): TypedArray;
  memory(): MemoryInfo;

  // Kernels
  /** Copies `input` into `out` elementwise, casting to out's dtype. */
  copy(input: View, out: View): void;
  fill(out: View, value: number): void;
  /** A defined op's declaration is `unaryDecl(op)`: a backend renders its expression. */
  unary(op: UnaryOp | DefinedUnaryOp, input: View, out: View, params?: readonly number[]): void;
  /** `b` may be a scalar, already cast to the compute dtype. */
  binary(op: BinaryOp, a: View, b: View | number, out: View): void;
  where(condition: View, a: View, b: View, out: View): void;
  /**
   * Reduces `input` over `axes` (sorted, unique) into `out`, whose shape is input's shape
   * with those axes removed. argmax/argmin return the first index of the extreme value
   * and write int32; max/min propagate NaN as PyTorch does.
   */
  reduce(op: ReduceOp, input: View, axes: readonly number[], out: View): void;
  /**
   * Batched matrix product: a is [...batch, M, K], b is [...batch, K, N], out is
   * [...batch, M, N], with equal batch shapes (broadcast batch dims have stride 0).
   * Any strides are allowed, so a transposed operand costs no copy.
   */
  matmul(a: View, b: View, out: View): void;
  /** out[i][j][k] = input[i][index[i][j][k]][k] along `dim`; index is int32, shaped like out. */
  gather(input: View, dim: number, index: View, out: View): void;
  /** out[i][index[i][j][k]][k] += src[i][j][k] along `dim`; index is int32, shaped like src. */
  scatterAdd(out: View, dim: number, index: View, src: View): void;
  /** Counter-based random fill computed on the device; optional (the host fills otherwise). */
  philoxFill?(out: View, fill: PhiloxFill): void;
  /**
   * Draws a fill from `generator`'s stream straight into `out`, exactly as the host would
   * (same values, same generator state afterwards); optional. Returns false where it does
   * not apply, and the host draws instead.
   */
  generatorFill?(out: View, generator: Generator, fill: GeneratorFill): boolean;
  /** Releases the device and every storage. */
  dispose?(): void;
}
