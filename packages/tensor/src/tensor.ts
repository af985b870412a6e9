import type { Backend, Storage, View } from './backend';
import { checkNumber, checkOperand, checkOptions } from './checks';
import { checkBackend } from './device';
import { checkDType, type DType, type TypedArray } from './dtype';
import { ArgumentError, BackendError, DTypeError, ShapeError, show } from './errors';
import { type GradFn, type GradHook, getRecorder, type HookHandle } from './hooks';
import { isContiguous } from './layout';
import {
  checkArity,
  type Dims,
  readClampArguments,
  readDim,
  readReduceArguments,
  readRequiredDim,
  readSetArguments,
  readSizes,
  readVarArguments,
} from './method-arguments';
import { toBackend, toDType } from './ops/convert';
import { type NestedArray, tensor } from './ops/creation';
import {
  binary,
  binaryInPlace,
  inPlace,
  type TensorOrScalar,
  unary,
  unaryInPlace,
  where,
} from './ops/elementwise';
import { BINARY_OPS, type BinaryOp, UNARY_OPS, type UnaryOp } from './ops/elementwise-table';
import { gather, get, type Index, indexSelect, scatterAdd, set } from './ops/indexing';
import { chunk, split } from './ops/join';
import { addmm, matmul } from './ops/matmul';
import { bernoulli_, normal_, type RandomOptions, uniform_ } from './ops/random';
import {
  amaxmin,
  argExtremum,
  extremum,
  logSoftmax,
  logsumexp,
  mean,
  prod,
  type ReduceOptions,
  softmax,
  std,
  sum,
  type ValuesIndices,
  type VarOptions,
  variance,
} from './ops/reduce';
import {
  clone,
  contiguous,
  expand,
  flatten,
  narrow,
  permute,
  reshape,
  select,
  slice,
  squeeze,
  transpose,
  unsqueeze,
  view,
} from './ops/views';
import { formatTensor } from './print';
import { disposedError, track } from './scope';
import { normalizeDim, numel } from './shape';
import type { StorageRef, TensorParts, VersionCounter } from './storage-ref';

export type NestedList = number | boolean | NestedList[];

// Node 20+ and current browsers define Symbol.dispose; elsewhere take TypeScript's documented
// fallback, so that `[Symbol.dispose]` below is a symbol key and `using` finds it.
(Symbol as { dispose?: symbol }).dispose ??= Symbol.for('Symbol.dispose');

/**
 * An n-dimensional array on a backend, with PyTorch's semantics: views share storage,
 * in-place methods end in `_`, and autograd (when @x/autograd is imported) records ops.
 * Create tensors with `tensor()`, `zeros()`, `rand()`, ...; the constructor is internal.
 */
// biome-ignore lint/suspicious/noUnsafeDeclarationMerging: see DerivedMethods at the end of this file.
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
  constructor(...parts: TensorParts) {
    this.parts = parts;
    parts[0].retain();
    track(this);
  }

  get shape(): readonly number[] {
    return this.parts[1];
  }
  get strides(): readonly number[] {
    return this.parts[2];
  }
  /** Element offset of the first element in the storage. */
  get offset(): number {
    return this.parts[3];
  }
  get dtype(): DType {
    return this.parts[4];
  }
  /** @internal Shared with views; bumped by in-place writes. */
  get _versionCounter(): VersionCounter {
    return this.parts[5];
  }
  private get ref(): StorageRef {
    return this.parts[0];
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
  isContiguous(): boolean {
    return isContiguous(this.shape, this.strides);
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
    return new Tensor(this.ref, shape, strides, offset, this.dtype, this._versionCounter);
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
    return new Tensor(this.ref, this.shape, this.strides, this.offset, this.dtype, { value: 0 });
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
    next[0].retain();
    this.ref.release();
    this.parts = [next[0], next[1], next[2], next[3], next[4], { value: 0 }];
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

  // Conversion
  /** A copy with another dtype, or the same tensor moved to another backend. */
  to(...args: [target: DType | Backend]): Tensor {
    checkArity('to', args, 1, 'a dtype or a backend');
    const [target] = args;
    if (typeof target === 'string') return toDType(this, checkDType(target, 'to', 'target'));
    return toBackend(this, checkBackend(target, 'to', 'target'));
  }
  float(): Tensor {
    return this.to('float32');
  }
  int(): Tensor {
    return this.to('int32');
  }
  bool(): Tensor {
    return this.to('bool');
  }

  // Views
  view(...shape: number[] | [readonly number[]]): Tensor {
    return view(this, readSizes('view', shape));
  }
  reshape(...shape: number[] | [readonly number[]]): Tensor {
    return reshape(this, readSizes('reshape', shape));
  }
  permute(...dims: number[] | [readonly number[]]): Tensor {
    return permute(this, readSizes('permute', dims));
  }
  transpose(...args: [dim0: number, dim1: number]): Tensor {
    checkArity('transpose', args, 2, 'dim0 and dim1');
    return transpose(this, ...args);
  }
  /** 2-D transpose (and the identity for 0-D and 1-D), like torch.Tensor.t. */
  t(): Tensor {
    if (this.ndim > 2)
      throw new ShapeError(`t: expects a tensor with <= 2 dimensions, but self is ${this.ndim}D`);
    return this.ndim < 2 ? this : transpose(this, 0, 1);
  }
  get T(): Tensor {
    return this.permute([...Array(this.ndim).keys()].reverse());
  }
  expand(...shape: number[] | [readonly number[]]): Tensor {
    return expand(this, readSizes('expand', shape));
  }
  expandAs(...args: [other: Tensor]): Tensor {
    checkArity('expandAs', args, 1, 'one tensor');
    const [other] = args;
    return expand(this, other.shape);
  }
  squeeze(...args: [dim?: number | readonly number[]]): Tensor {
    checkArity('squeeze', args, 1, 'one dim or an array of dims');
    return squeeze(this, readDim('squeeze', args[0], 'dims'));
  }
  unsqueeze(...args: [dim: number]): Tensor {
    checkArity('unsqueeze', args, 1, 'one dim');
    return unsqueeze(this, args[0]);
  }
  flatten(...args: [startDim?: number, endDim?: number]): Tensor {
    checkArity('flatten', args, 2, 'startDim and endDim');
    const [startDim = 0, endDim = -1] = args;
    return flatten(this, startDim, endDim);
  }
  narrow(...args: [dim: number, start: number, length: number]): Tensor {
    checkArity('narrow', args, 3, 'dim, start and length');
    return narrow(this, ...args);
  }
  select(...args: [dim: number, index: number]): Tensor {
    checkArity('select', args, 2, 'dim and index');
    return select(this, ...args);
  }
  slice(...args: [dim: number, start: number, stop: number, step?: number]): Tensor {
    checkArity('slice', args, 4, 'dim, start, stop and step');
    const [dim, start, stop, step = 1] = args;
    return slice(this, dim, start, stop, step);
  }
  split(...args: [splitSize: number | readonly number[], dim?: number]): Tensor[] {
    checkArity('split', args, 2, 'splitSize and dim');
    const [splitSize, dim = 0] = args;
    return split(this, splitSize, dim);
  }
  chunk(...args: [chunks: number, dim?: number]): Tensor[] {
    checkArity('chunk', args, 2, 'chunks and dim');
    const [chunks, dim = 0] = args;
    return chunk(this, chunks, dim);
  }
  contiguous(): Tensor {
    return contiguous(this);
  }
  clone(): Tensor {
    return clone(this);
  }

  // Indexing
  /** `t[...]`: `t.get(0, ':2', null, '...')`; basic indices give views, tensor indices copies. */
  get(...indices: Index[]): Tensor {
    return get(this, indices);
  }
  /**
   * `t[indices] = value`, writing through to this tensor's storage; returns this. Takes the
   * indices `get` takes, then the value: `t.set(0, 0, 42)` is PyTorch's `t[0, 0] = 42`,
   * `t.set(0, 42)` is `t[0] = 42`, `t.set(':', 1, 0)` is `t[:, 1] = 0`. The indices may also
   * come as one array, `t.set([0, 0], 42)`, Python's `t[(0, 0)] = 42`. A nested-array value is
   * read as a tensor of this tensor's dtype: `t.set(0, [1, 2, 3])` is `t[0] = [1, 2, 3]`.
   */
  set(indices: readonly Index[], value: TensorOrScalar | NestedArray): this;
  set(...indicesThenValue: [...indices: Index[], value: TensorOrScalar | NestedArray]): this;
  set(...args: unknown[]): this {
    const { indices, value } = readSetArguments(args);
    const source = Array.isArray(value)
      ? tensor(value, { dtype: this.dtype, backend: this.backend })
      : (value as TensorOrScalar);
    set(this, indices, source);
    return this;
  }
  indexSelect(...args: [dim: number, index: Tensor]): Tensor {
    checkArity('indexSelect', args, 2, 'dim and index');
    return indexSelect(this, ...args);
  }
  gather(...args: [dim: number, index: Tensor]): Tensor {
    checkArity('gather', args, 2, 'dim and index');
    return gather(this, ...args);
  }
  scatterAdd(...args: [dim: number, index: Tensor, src: Tensor]): Tensor {
    checkArity('scatterAdd', args, 3, 'dim, index and src');
    return scatterAdd(this, ...args);
  }

  // Elementwise: the parameterless ops of the table are derived below the class.
  /**
   * Clamps into [min, max]; either bound may be null or omitted (torch.clamp), positionally
   * as PyTorch's `t.clamp(0, 1)`, `t.clamp(null, 1)`, or as `t.clamp({ max: 1 })`.
   */
  clamp(min?: number | null, max?: number | null): Tensor;
  clamp(options: { min?: number; max?: number }): Tensor;
  clamp(...args: unknown[]): Tensor {
    return unary('clamp', this, clampParams('clamp', readClampArguments('clamp', args)));
  }
  leakyRelu(negativeSlope = 0.01): Tensor {
    return unary('leakyRelu', this, [checkNumber('leakyRelu', 'negativeSlope', negativeSlope)]);
  }
  /** this + alpha * other (torch.add). */
  add(other: TensorOrScalar, options?: { alpha?: number }): Tensor {
    return binary('add', this, scaled('add', other, options?.alpha));
  }
  /** this - alpha * other (torch.sub). */
  sub(other: TensorOrScalar, options?: { alpha?: number }): Tensor {
    return binary('sub', this, scaled('sub', other, options?.alpha));
  }
  /** this ** exponent; a scalar exponent of a float tensor takes the fast path (torch.pow). */
  pow(exponent: TensorOrScalar): Tensor {
    if (typeof exponent === 'number' && this.dtype === 'float32')
      return unary('powScalar', this, [exponent]);
    return binary('pow', this, exponent);
  }
  /** `condition ? this : other` (torch.Tensor.where). */
  where(condition: Tensor, other: TensorOrScalar): Tensor {
    return where(condition, this, other);
  }
  /** Elements where `mask` is true replaced by `value` (torch.Tensor.masked_fill). */
  maskedFill(mask: Tensor, value: number): Tensor {
    return where(
      mask,
      checkNumber('maskedFill', 'value', value),
      this,
      'maskedFill',
      MASKED_FILL_ARGS,
    );
  }

  // In place
  add_(other: TensorOrScalar, options?: { alpha?: number }): this {
    binaryInPlace('add', this, scaled('add_', other, options?.alpha));
    return this;
  }
  sub_(other: TensorOrScalar, options?: { alpha?: number }): this {
    binaryInPlace('sub', this, scaled('sub_', other, options?.alpha));
    return this;
  }
  pow_(exponent: number): this {
    if (this.dtype === 'float32') unaryInPlace('powScalar', this, [exponent]);
    else binaryInPlace('pow', this, exponent);
    return this;
  }
  clamp_(min?: number | null, max?: number | null): this;
  clamp_(options: { min?: number; max?: number }): this;
  clamp_(...args: unknown[]): this {
    unaryInPlace('clamp', this, clampParams('clamp_', readClampArguments('clamp_', args)));
    return this;
  }
  maskedFill_(mask: Tensor, value: number): this {
    const filled = where(
      mask,
      checkNumber('maskedFill_', 'value', value),
      this,
      'maskedFill_',
      MASKED_FILL_ARGS,
    );
    return this.copy_(filled);
  }
  /** Copies `src` (broadcast, cast to this dtype) into this tensor's storage. */
  copy_(src: TensorOrScalar): this {
    if (!(src instanceof Tensor)) return this.fill_(src);
    inPlace(
      'copy',
      this,
      [src],
      this.dtype,
      () => {
        const srcView = expand(src.detach(), this.shape)._view('copy_');
        this.backend.copy(srcView, this._view('copy_'));
      },
      () => expand(src, this.shape).to(this.dtype).clone(),
    );
    return this;
  }
  fill_(value: number | boolean): this {
    if (typeof value !== 'boolean') checkNumber('fill_', 'value', value);
    inPlace(
      'fill',
      this,
      [],
      this.dtype,
      () => this.backend.fill(this._view('fill_'), Number(value)),
      (self) => self.detach().mul(0).add(Number(value)),
    );
    return this;
  }
  zero_(): this {
    return this.fill_(0);
  }
  /** Fills with U(low, high) draws, PyTorch's stream for the default generator. */
  uniform_(...args: [low?: number, high?: number, options?: RandomOptions]): this {
    checkArity('uniform_', args, 3, 'low, high and an options object { generator }');
    const [low = 0, high = 1, options = {}] = args;
    uniform_(this, low, high, options);
    return this;
  }
  /** Fills with N(mean, std) draws, PyTorch's stream for the default generator. */
  normal_(...args: [mean?: number, std?: number, options?: RandomOptions]): this {
    checkArity('normal_', args, 3, 'mean, std and an options object { generator }');
    const [mean = 0, std = 1, options = {}] = args;
    normal_(this, mean, std, options);
    return this;
  }
  /** Fills with 1 with probability p, else 0. */
  bernoulli_(...args: [p?: number, options?: RandomOptions]): this {
    checkArity('bernoulli_', args, 2, 'p and an options object { generator }');
    const [p = 0.5, options = {}] = args;
    bernoulli_(this, p, options);
    return this;
  }

  // Reductions: PyTorch's positional `(dim, keepdim)` or `(dim, { keepdim })`.
  sum(...args: [dim?: Dims | null, keepdim?: boolean | ReduceOptions]): Tensor {
    const { dim, options } = readReduceArguments('sum', args, 'dims');
    return sum(this, dim, options);
  }
  mean(...args: [dim?: Dims | null, keepdim?: boolean | ReduceOptions]): Tensor {
    const { dim, options } = readReduceArguments('mean', args, 'dims');
    return mean(this, dim, options);
  }
  prod(...args: [dim?: number | null, keepdim?: boolean | ReduceOptions]): Tensor {
    const { dim, options } = readReduceArguments('prod', args, 'dim');
    return prod(this, dim as number | undefined, options);
  }
  /**
   * The maximum (0-d), `{ values, indices }` along `dim` (torch.max), or, given a tensor, the
   * elementwise maximum (torch.max(input, other)).
   */
  max(): Tensor;
  max(other: Tensor): Tensor;
  max(dim: number, keepdim?: boolean | ReduceOptions): ValuesIndices;
  max(...args: unknown[]): Tensor | ValuesIndices {
    return this.maxOrMin('max', args);
  }
  min(): Tensor;
  min(other: Tensor): Tensor;
  min(dim: number, keepdim?: boolean | ReduceOptions): ValuesIndices;
  min(...args: unknown[]): Tensor | ValuesIndices {
    return this.maxOrMin('min', args);
  }
  private maxOrMin(op: 'max' | 'min', args: unknown[]): Tensor | ValuesIndices {
    if (args[0] instanceof Tensor) {
      checkArity(op, args, 1, 'one tensor when comparing elementwise');
      return op === 'max' ? this.maximum(args[0]) : this.minimum(args[0]);
    }
    const { dim, options } = readReduceArguments(op, args, 'dim');
    return extremum(op, this, dim as number | undefined, options);
  }
  amax(...args: [dim?: Dims | null, keepdim?: boolean | ReduceOptions]): Tensor {
    const { dim, options } = readReduceArguments('amax', args, 'dims');
    return amaxmin('max', this, dim, options);
  }
  amin(...args: [dim?: Dims | null, keepdim?: boolean | ReduceOptions]): Tensor {
    const { dim, options } = readReduceArguments('amin', args, 'dims');
    return amaxmin('min', this, dim, options);
  }
  argmax(...args: [dim?: number | null, keepdim?: boolean | ReduceOptions]): Tensor {
    return this.argIndex('argmax', args);
  }
  argmin(...args: [dim?: number | null, keepdim?: boolean | ReduceOptions]): Tensor {
    return this.argIndex('argmin', args);
  }
  private argIndex(op: 'argmax' | 'argmin', args: unknown[]): Tensor {
    const { dim, options } = readReduceArguments(op, args, 'index');
    const out = argExtremum(op, this, dim as number | undefined, options);
    // PyTorch: the flat index with keepdim keeps every dim, each of size 1.
    return dim === undefined && options.keepdim ? out.reshape(this.shape.map(() => 1)) : out;
  }
  /**
   * torch.var: `t.var()`, `t.var(false)` (unbiased), `t.var(dim, unbiased, keepdim)` as in
   * PyTorch 1.13, or `t.var(dim, { correction, keepdim })`.
   */
  var(unbiased: boolean): Tensor;
  var(dim?: Dims | null, unbiased?: boolean, keepdim?: boolean): Tensor;
  var(dim: Dims | null | undefined, options: VarOptions): Tensor;
  var(...args: unknown[]): Tensor {
    const { dim, options } = readVarArguments('var', args);
    return variance(this, dim, options);
  }
  /** torch.std, in var's forms. */
  std(unbiased: boolean): Tensor;
  std(dim?: Dims | null, unbiased?: boolean, keepdim?: boolean): Tensor;
  std(dim: Dims | null | undefined, options: VarOptions): Tensor;
  std(...args: unknown[]): Tensor {
    const { dim, options } = readVarArguments('std', args);
    return std(this, dim, options);
  }
  logsumexp(...args: [dim: Dims, keepdim?: boolean | ReduceOptions]): Tensor {
    const { dim, options } = readReduceArguments('logsumexp', args, 'dims');
    if (dim === undefined) throw new ArgumentError('logsumexp: dim is required');
    return logsumexp(this, dim, options);
  }
  softmax(...args: [dim: number]): Tensor {
    return softmax(this, readRequiredDim('softmax', args));
  }
  logSoftmax(...args: [dim: number]): Tensor {
    return logSoftmax(this, readRequiredDim('logSoftmax', args));
  }
  /** True if every element is nonzero: 0-d, or along `dim` (torch.all). */
  all(...args: [dim?: number | null, keepdim?: boolean | ReduceOptions]): Tensor {
    const { dim, options } = readReduceArguments('all', args, 'dim');
    return amaxmin('min', this.ne(0), dim, options);
  }
  /** True if any element is nonzero: 0-d, or along `dim` (torch.any). */
  any(...args: [dim?: number | null, keepdim?: boolean | ReduceOptions]): Tensor {
    const { dim, options } = readReduceArguments('any', args, 'dim');
    return amaxmin('max', this.ne(0), dim, options);
  }

  // Linear algebra
  matmul(...args: [other: Tensor]): Tensor {
    checkArity('matmul', args, 1, 'one tensor');
    const [other] = args;
    return matmul(this, other);
  }
  /** this + mat1 @ mat2 (torch.addmm). */
  addmm(...args: [mat1: Tensor, mat2: Tensor]): Tensor {
    checkArity('addmm', args, 2, 'mat1 and mat2');
    const [mat1, mat2] = args;
    return addmm(this, mat1, mat2);
  }
}

function scaled(op: string, other: TensorOrScalar, alpha: number | undefined): TensorOrScalar {
  checkOperand(op, 'other', other);
  checkNumber(op, 'alpha', alpha, true);
  if (alpha === undefined || alpha === 1) return other;
  return other instanceof Tensor ? other.mul(alpha) : Number(other) * alpha;
}

/** maskedFill's arguments in where's roles: condition, input (the fill) and other (self). */
const MASKED_FILL_ARGS = ['mask', 'value', 'self'] as const;

function clampParams(op: string, options: { min?: number; max?: number }): number[] {
  const { min, max } = checkOptions(op, options);
  checkNumber(op, 'min', min, true);
  checkNumber(op, 'max', max, true);
  if (min === undefined && max === undefined) {
    throw new ShapeError(`${op}: at least one of 'min' or 'max' must be given`);
  }
  // PyTorch 1.13: a lone NaN bound clamps nothing; with both bounds given, a NaN one makes NaN.
  const lone = min === undefined || max === undefined;
  const bound = (value: number | undefined, none: number) =>
    value === undefined || (lone && Number.isNaN(value)) ? none : value;
  return [bound(min, Number.NEGATIVE_INFINITY), bound(max, Number.POSITIVE_INFINITY)];
}

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

/** Table ops whose method takes no parameter: `t.exp()`, and in place `t.exp_()`. */
const PLAIN_UNARY = (Object.keys(UNARY_OPS) as UnaryOp[]).filter(
  (op) => !('params' in UNARY_OPS[op]),
);
type PlainUnaryOp = {
  [K in UnaryOp]: (typeof UNARY_OPS)[K] extends { params: number } ? never : K;
}[UnaryOp];
type InPlaceUnaryOp = {
  [K in PlainUnaryOp]: (typeof UNARY_OPS)[K]['rule'] extends 'bool' ? never : K;
}[PlainUnaryOp];
/** Table ops whose method is `t.op(other)`; add, sub and pow have their own (alpha, scalar fast path). */
type PlainBinaryOp = Exclude<BinaryOp, 'add' | 'sub' | 'pow'>;
const PLAIN_BINARY = (Object.keys(BINARY_OPS) as BinaryOp[]).filter(
  (op): op is PlainBinaryOp => op !== 'add' && op !== 'sub' && op !== 'pow',
);

type DerivedMethods = { [K in PlainUnaryOp]: () => Tensor } & {
  [K in InPlaceUnaryOp as `${K}_`]: () => Tensor;
} & { [K in PlainBinaryOp]: (other: TensorOrScalar) => Tensor } & {
  [K in PlainBinaryOp as `${K}_`]: (other: TensorOrScalar) => Tensor;
};

// The elementwise methods, one per op of the table, so a new op needs no method written by hand;
// they are installed on the prototype just below.
export interface Tensor extends DerivedMethods {}
const methods = Tensor.prototype as unknown as Record<
  string,
  (this: Tensor, other?: TensorOrScalar) => Tensor
>;
for (const op of PLAIN_UNARY) {
  methods[op] = function () {
    return unary(op, this);
  };
  if (UNARY_OPS[op].rule !== 'bool') {
    methods[`${op}_`] = function () {
      return unaryInPlace(op, this);
    };
  }
}
for (const op of PLAIN_BINARY) {
  methods[op] = function (other) {
    return binary(op, this, other as TensorOrScalar);
  };
  methods[`${op}_`] = function (other) {
    return binaryInPlace(op, this, other as TensorOrScalar);
  };
}
