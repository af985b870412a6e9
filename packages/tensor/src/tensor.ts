import { checkArity } from './arity';
import type { Backend, Storage, View } from './backend';
import type { DType, TypedArray } from './dtype';
import { ArgumentError, BackendError, DTypeError, ShapeError, show } from './errors';
import { type GradFn, type GradHook, getRecorder, type HookHandle } from './hooks';
import { formatTensor } from './print';
import { disposedError, track } from './scope';
import { normalizeDim, numel } from './shape';
import type { StorageRef, TensorParts, VersionCounter } from './storage-ref';
import type { DerivedMethods, TensorMethods } from './tensor-methods';

export type NestedList = number | boolean | NestedList[];

// Node 20+ and current browsers define Symbol.dispose; elsewhere take TypeScript's documented
// fallback, so that `[Symbol.dispose]` below is a symbol key and `using` finds it.
(Symbol as { dispose?: symbol }).dispose ??= Symbol.for('Symbol.dispose');

/**
 * An n-dimensional array on a backend, with PyTorch's semantics: views share storage,
 * in-place methods end in `_`, and autograd (when @x/autograd is imported) records ops.
 * Create tensors with `tensor()`, `zeros()`, `rand()`, ...; the constructor is internal.
 */
// biome-ignore lint/suspicious/noUnsafeDeclarationMerging: the methods that run ops merge in below (tensor-methods.ts).
export class Tensor {
  /** Whether autograd accumulates a gradient for this tensor (set for leaves by the user). */
  requiresGrad = false;
  /** The accumulated gradient of a leaf, null until backward() reaches it. */
  grad: Tensor | null = null;
  /** The backward node that produced this tensor; null for leaves. */
  gradFn: GradFn | null = null;
  private disposed = false;

  /** Where the elements are; replaced as a whole when `data` is assigned. */
  private parts: TensorParts;

  /** @internal Use the creation functions. */
  constructor(parts: TensorParts) {
    this.parts = parts;
    parts.ref.retain();
    track(this);
  }

  get shape(): readonly number[] {
    return this.parts.shape;
  }
  get strides(): readonly number[] {
    return this.parts.strides;
  }
  /** Element offset of the first element in the storage. */
  get offset(): number {
    return this.parts.offset;
  }
  get dtype(): DType {
    return this.parts.dtype;
  }
  /** @internal Shared with views; bumped by in-place writes. */
  get _versionCounter(): VersionCounter {
    return this.parts.versionCounter;
  }
  private get ref(): StorageRef {
    return this.parts.ref;
  }
  /** @internal The arguments that build another tensor viewing the same elements (Parameter uses it). */
  _parts(): TensorParts {
    return this.parts;
  }

  get backend(): Backend {
    return this.ref.storage.backend;
  }
  /** The backend's name: 'cpu', 'webgpu', ... */
  get device(): string {
    return this.backend.name;
  }
  get ndim(): number {
    return this.shape.length;
  }
  numel(): number {
    return numel(this.shape);
  }
  /** The shape, or one dim's size (negative dims count from the end). */
  size(): number[];
  size(dim: number): number;
  size(...args: [dim?: number]): number[] | number {
    checkArity('size', args, 1, 'one dim');
    const [dim] = args;
    if (dim === undefined) return [...this.shape];
    return this.shape[normalizeDim(dim, this.ndim, 'size')];
  }
  /** Leaves are tensors autograd did not produce: their `.grad` is filled by backward(). */
  get isLeaf(): boolean {
    return this.gradFn === null;
  }
  /** How many in-place writes this tensor's storage has seen (PyTorch's `_version`). */
  get version(): number {
    return this._versionCounter.value;
  }
  get isDisposed(): boolean {
    return this.disposed;
  }

  /** @internal The storage, for creation functions and backends. */
  get _storage(): Storage {
    this._view('storage');
    return this.ref.storage;
  }
  /** @internal What kernels see of this tensor. */
  _view(op: string): View {
    if (this.disposed) throw disposedError(op, this);
    return {
      storage: this.ref.storage,
      shape: this.shape,
      strides: this.strides,
      offset: this.offset,
    };
  }
  /** @internal A view of the same storage (not recorded). */
  _alias(shape: readonly number[], strides: readonly number[], offset: number): Tensor {
    this._view('view');
    return new Tensor({ ...this.parts, shape, strides, offset });
  }
  /** @internal */
  _bumpVersion(): void {
    this._versionCounter.value++;
  }

  /** Returns the storage to the backend once no other view uses it. Idempotent. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.ref.release();
  }
  /**
   * `dispose()`, for TypeScript's `using` (TC39 explicit resource management): the tensor is
   * freed when the block that declared it ends, however it ends.
   *
   * @example
   * {
   *   using scratch = rand([1024, 1024]);
   *   total.add_(scratch.sum());
   * } // scratch's storage is back in the pool here
   */
  [Symbol.dispose](): void {
    this.dispose();
  }

  // Reading
  /** The elements in row-major order, on any backend. */
  toArray(): Promise<TypedArray> {
    return this.backend.read(this._view('toArray'));
  }
  /** The elements in row-major order; only where the backend reads synchronously (the CPU). */
  toArraySync(): TypedArray {
    return this.readSync('toArraySync', 'await t.toArray()');
  }
  /** The elements, read synchronously for `op`; an error naming `op` and `instead` elsewhere. */
  private readSync(op: string, instead: string): TypedArray {
    const read = this.backend.readSync;
    if (read === undefined) {
      throw new BackendError(
        `${op}: reads synchronously, which tensors on '${this.device}' cannot (they are read asynchronously); use ${instead}`,
      );
    }
    return read.call(this.backend, this._view(op));
  }
  /** Nested arrays of numbers (booleans for bool tensors), like torch.Tensor.tolist. */
  async tolist(): Promise<NestedList> {
    return nest(await this.toArray(), this.shape, this.dtype);
  }
  tolistSync(): NestedList {
    return nest(this.readSync('tolistSync', 'await t.tolist()'), this.shape, this.dtype);
  }
  /** The single value of a one-element tensor (synchronous backends). */
  item(): number {
    if (this.numel() !== 1) {
      throw new ShapeError(
        `item: a tensor with ${this.numel()} elements cannot be converted to a scalar`,
      );
    }
    return this.readSync('item', 'await t.itemAsync()')[0];
  }
  async itemAsync(): Promise<number> {
    if (this.numel() !== 1) {
      throw new ShapeError(
        `item: a tensor with ${this.numel()} elements cannot be converted to a scalar`,
      );
    }
    return (await this.toArray())[0];
  }

  /** PyTorch's text for this tensor; on asynchronous backends use `await t.format()`. */
  toString(): string {
    if (this.disposed) return 'tensor(<disposed>)';
    if (this.backend.readSync === undefined)
      return `tensor(<${this.numel()} elements on ${this.device}; await t.format()>)`;
    return this.formatValues(this.toArraySync());
  }
  async format(): Promise<string> {
    return this.formatValues(await this.toArray());
  }
  private formatValues(values: TypedArray): string {
    const suffixes: string[] = [];
    if (this.device !== 'cpu') suffixes.push(`device='${this.device}'`);
    if (this.gradFn !== null) suffixes.push(`grad_fn=<${this.gradFn.name}>`);
    else if (this.requiresGrad) suffixes.push('requires_grad=True');
    return formatTensor(values, this.shape, this.dtype, { prefix: this._printPrefix(), suffixes });
  }
  /** @internal What precedes the data when printed (Parameter overrides it). */
  _printPrefix(): string {
    return 'tensor(';
  }
  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return this.toString();
  }

  /** The dims reversed (PyTorch's `t.T`). */
  get T(): Tensor {
    return this.permute([...Array(this.ndim).keys()].reverse());
  }

  // Autograd surface (the engine lives in @x/autograd)
  /** Sets requiresGrad on a leaf; returns this (torch.Tensor.requires_grad_). */
  requiresGrad_(requiresGrad = true): this {
    if (requiresGrad && this.dtype !== 'float32') {
      throw new DTypeError(
        `requiresGrad_: only float32 tensors can require gradients, got dtype ${this.dtype}`,
      );
    }
    if (!requiresGrad && !this.isLeaf) {
      throw new ArgumentError(
        "requiresGrad_: you can only change requires_grad flags of leaf variables. If you want to use a computed variable in a subgraph that doesn't require differentiation use const noGrad = t.detach()",
      );
    }
    this.requiresGrad = requiresGrad;
    return this;
  }
  /** A tensor sharing storage and version counter, cut from the graph. */
  detach(): Tensor {
    return this._alias(this.shape, this.strides, this.offset);
  }
  /**
   * The same storage seen without autograd (PyTorch's `.data`): edits through it are not
   * recorded and not version-checked.
   */
  get data(): Tensor {
    return new Tensor({ ...this.parts, versionCounter: { value: 0 } });
  }
  /**
   * PyTorch's `t.data = other`: this tensor now views `other`'s storage, whatever its shape,
   * dtype or backend, and keeps its identity, `requiresGrad` and `grad` (Module.to uses it).
   */
  set data(value: Tensor) {
    if (!(value instanceof Tensor))
      throw new ArgumentError(`data: expected a Tensor, got ${show(value)}`);
    value._view('data');
    const next = value.parts;
    next.ref.retain();
    this.ref.release();
    this.parts = { ...next, versionCounter: { value: 0 } };
  }
  /** Runs backpropagation from this tensor; requires @x/autograd to be imported. */
  backward(gradient?: Tensor, options?: { retainGraph?: boolean }): void {
    const recorder = getRecorder();
    if (recorder?.backward === undefined) {
      throw new BackendError(
        "backward: autograd is not installed; import '@x/autograd' (or @x/nn) once",
      );
    }
    recorder.backward(this, gradient, options);
  }

  /**
   * Calls `hook(grad)` each time backward() computes this tensor's gradient; a tensor the
   * hook returns replaces the gradient (for a leaf, before it is added to `.grad`). Returns
   * a handle whose `remove()` unregisters the hook. Mirrors torch.Tensor.register_hook.
   *
   * @example
   * const w = tensor([1, 2], { requiresGrad: true });
   * const handle = w.registerHook((grad) => grad.mul(2));
   * w.sum().backward();   // w.grad: tensor([2., 2.])
   * handle.remove();
   */
  registerHook(hook: GradHook): HookHandle {
    const recorder = getRecorder();
    if (recorder?.registerHook === undefined) {
      throw new BackendError(
        "registerHook: autograd is not installed; import '@x/autograd' (or @x/nn) once",
      );
    }
    return recorder.registerHook(this, hook);
  }
}

// The methods that run ops (views, indexing, elementwise, reductions, ...) are written in
// tensor-methods.ts and installed on the prototype by index.ts; this type-only import keeps
// their types on Tensor without a runtime import of ops/, which all import this class.
export interface Tensor extends TensorMethods, DerivedMethods {}

function nest(values: TypedArray, shape: readonly number[], dtype: DType): NestedList {
  const toValue = (v: number) => (dtype === 'bool' ? v !== 0 : v);
  if (shape.length === 0) return toValue(values[0]);
  let index = 0;
  const build = (depth: number): NestedList[] =>
    Array.from({ length: shape[depth] }, () =>
      depth === shape.length - 1 ? toValue(values[index++]) : build(depth + 1),
    );
  return build(0);
}
