import { checkArity } from './arity';
import type { Backend } from './backend';
import { checkNumber, checkOperand, checkOptions } from './checks';
import { checkBackend } from './device';
import { checkDType, type DType } from './dtype';
import { ArgumentError, ShapeError } from './errors';
import { isContiguous } from './layout';
import {
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
import { Tensor } from './tensor';

// Tensor's methods that run ops. They live here, not in tensor.ts, so that the class core
// imports nothing from ops/ (which all import Tensor): tensor.ts merges TensorMethods and
// DerivedMethods into the Tensor interface by a type-only import, and loading this module
// copies them onto the prototype (index.ts imports it first; package.json's sideEffects
// lists it, so that bundlers keep it).

/** The methods, written as a class so that overloads and `this` types read as in Tensor. */
class TensorMethods {
  isContiguous(this: Tensor): boolean {
    return isContiguous(this.shape, this.strides);
  }

  // Conversion
  /** A copy with another dtype, or the same tensor moved to another backend. */
  to(this: Tensor, ...args: [target: DType | Backend]): Tensor {
    checkArity('to', args, 1, 'a dtype or a backend');
    const [target] = args;
    if (typeof target === 'string') return toDType(this, checkDType(target, 'to', 'target'));
    return toBackend(this, checkBackend(target, 'to', 'target'));
  }
  float(this: Tensor): Tensor {
    return this.to('float32');
  }
  int(this: Tensor): Tensor {
    return this.to('int32');
  }
  bool(this: Tensor): Tensor {
    return this.to('bool');
  }

  // Views
  view(this: Tensor, ...shape: number[] | [readonly number[]]): Tensor {
    return view(this, readSizes('view', shape));
  }
  reshape(this: Tensor, ...shape: number[] | [readonly number[]]): Tensor {
    return reshape(this, readSizes('reshape', shape));
  }
  permute(this: Tensor, ...dims: number[] | [readonly number[]]): Tensor {
    return permute(this, readSizes('permute', dims));
  }
  transpose(this: Tensor, ...args: [dim0: number, dim1: number]): Tensor {
    checkArity('transpose', args, 2, 'dim0 and dim1');
    return transpose(this, ...args);
  }
  /** 2-D transpose (and the identity for 0-D and 1-D), like torch.Tensor.t. */
  t(this: Tensor): Tensor {
    if (this.ndim > 2)
      throw new ShapeError(`t: expects a tensor with <= 2 dimensions, but self is ${this.ndim}D`);
    return this.ndim < 2 ? this : transpose(this, 0, 1);
  }
  expand(this: Tensor, ...shape: number[] | [readonly number[]]): Tensor {
    return expand(this, readSizes('expand', shape));
  }
  expandAs(this: Tensor, ...args: [other: Tensor]): Tensor {
    checkArity('expandAs', args, 1, 'one tensor');
    const [other] = args;
    return expand(this, other.shape);
  }
  squeeze(this: Tensor, ...args: [dim?: number | readonly number[]]): Tensor {
    checkArity('squeeze', args, 1, 'one dim or an array of dims');
    return squeeze(this, readDim('squeeze', args[0], 'dims'));
  }
  unsqueeze(this: Tensor, ...args: [dim: number]): Tensor {
    checkArity('unsqueeze', args, 1, 'one dim');
    return unsqueeze(this, args[0]);
  }
  flatten(this: Tensor, ...args: [startDim?: number, endDim?: number]): Tensor {
    checkArity('flatten', args, 2, 'startDim and endDim');
    const [startDim = 0, endDim = -1] = args;
    return flatten(this, startDim, endDim);
  }
  narrow(this: Tensor, ...args: [dim: number, start: number, length: number]): Tensor {
    checkArity('narrow', args, 3, 'dim, start and length');
    return narrow(this, ...args);
  }
  select(this: Tensor, ...args: [dim: number, index: number]): Tensor {
    checkArity('select', args, 2, 'dim and index');
    return select(this, ...args);
  }
  slice(this: Tensor, ...args: [dim: number, start: number, stop: number, step?: number]): Tensor {
    checkArity('slice', args, 4, 'dim, start, stop and step');
    const [dim, start, stop, step = 1] = args;
    return slice(this, dim, start, stop, step);
  }
  split(this: Tensor, ...args: [splitSize: number | readonly number[], dim?: number]): Tensor[] {
    checkArity('split', args, 2, 'splitSize and dim');
    const [splitSize, dim = 0] = args;
    return split(this, splitSize, dim);
  }
  chunk(this: Tensor, ...args: [chunks: number, dim?: number]): Tensor[] {
    checkArity('chunk', args, 2, 'chunks and dim');
    const [chunks, dim = 0] = args;
    return chunk(this, chunks, dim);
  }
  contiguous(this: Tensor): Tensor {
    return contiguous(this);
  }
  clone(this: Tensor): Tensor {
    return clone(this);
  }

  // Indexing
  /** `t[...]`: `t.get(0, ':2', null, '...')`; basic indices give views, tensor indices copies. */
  get(this: Tensor, ...indices: Index[]): Tensor {
    return get(this, indices);
  }
  /**
   * `t[indices] = value`, writing through to this tensor's storage; returns this. Takes the
   * indices `get` takes, then the value: `t.set(0, 0, 42)` is PyTorch's `t[0, 0] = 42`,
   * `t.set(0, 42)` is `t[0] = 42`, `t.set(':', 1, 0)` is `t[:, 1] = 0`. The indices may also
   * come as one array, `t.set([0, 0], 42)`, Python's `t[(0, 0)] = 42`. A nested-array value is
   * read as a tensor of this tensor's dtype: `t.set(0, [1, 2, 3])` is `t[0] = [1, 2, 3]`.
   */
  set<T extends Tensor>(this: T, indices: readonly Index[], value: TensorOrScalar | NestedArray): T;
  set<T extends Tensor>(
    this: T,
    ...indicesThenValue: [...indices: Index[], value: TensorOrScalar | NestedArray]
  ): T;
  set<T extends Tensor>(this: T, ...args: unknown[]): T {
    const { indices, value } = readSetArguments(args);
    const source = Array.isArray(value)
      ? tensor(value, { dtype: this.dtype, backend: this.backend })
      : (value as TensorOrScalar);
    set(this, indices, source);
    return this;
  }
  indexSelect(this: Tensor, ...args: [dim: number, index: Tensor]): Tensor {
    checkArity('indexSelect', args, 2, 'dim and index');
    return indexSelect(this, ...args);
  }
  gather(this: Tensor, ...args: [dim: number, index: Tensor]): Tensor {
    checkArity('gather', args, 2, 'dim and index');
    return gather(this, ...args);
  }
  scatterAdd(this: Tensor, ...args: [dim: number, index: Tensor, src: Tensor]): Tensor {
    checkArity('scatterAdd', args, 3, 'dim, index and src');
    return scatterAdd(this, ...args);
  }

  // Elementwise: the parameterless ops of the table are derived below the class.
  /**
   * Clamps into [min, max]; either bound may be null or omitted (torch.clamp), positionally
   * as PyTorch's `t.clamp(0, 1)`, `t.clamp(null, 1)`, or as `t.clamp({ max: 1 })`.
   */
  clamp(this: Tensor, min?: number | null, max?: number | null): Tensor;
  clamp(this: Tensor, options: { min?: number; max?: number }): Tensor;
  clamp(this: Tensor, ...args: unknown[]): Tensor {
    return unary('clamp', this, clampParams('clamp', readClampArguments('clamp', args)));
  }
  leakyRelu(this: Tensor, negativeSlope = 0.01): Tensor {
    return unary('leakyRelu', this, [checkNumber('leakyRelu', 'negativeSlope', negativeSlope)]);
  }
  /** this + alpha * other (torch.add). */
  add(this: Tensor, other: TensorOrScalar, options?: { alpha?: number }): Tensor {
    return binary('add', this, scaled('add', other, options?.alpha));
  }
  /** this - alpha * other (torch.sub). */
  sub(this: Tensor, other: TensorOrScalar, options?: { alpha?: number }): Tensor {
    return binary('sub', this, scaled('sub', other, options?.alpha));
  }
  /** this ** exponent; a scalar exponent of a float tensor takes the fast path (torch.pow). */
  pow(this: Tensor, exponent: TensorOrScalar): Tensor {
    if (typeof exponent === 'number' && this.dtype === 'float32')
      return unary('powScalar', this, [exponent]);
    return binary('pow', this, exponent);
  }
  /** `condition ? this : other` (torch.Tensor.where). */
  where(this: Tensor, condition: Tensor, other: TensorOrScalar): Tensor {
    return where(condition, this, other);
  }
  /** Elements where `mask` is true replaced by `value` (torch.Tensor.masked_fill). */
  maskedFill(this: Tensor, mask: Tensor, value: number): Tensor {
    return where(
      mask,
      checkNumber('maskedFill', 'value', value),
      this,
      'maskedFill',
      MASKED_FILL_ARGS,
    );
  }

  // In place
  add_<T extends Tensor>(this: T, other: TensorOrScalar, options?: { alpha?: number }): T {
    binaryInPlace('add', this, scaled('add_', other, options?.alpha));
    return this;
  }
  sub_<T extends Tensor>(this: T, other: TensorOrScalar, options?: { alpha?: number }): T {
    binaryInPlace('sub', this, scaled('sub_', other, options?.alpha));
    return this;
  }
  pow_<T extends Tensor>(this: T, exponent: number): T {
    if (this.dtype === 'float32') unaryInPlace('powScalar', this, [exponent]);
    else binaryInPlace('pow', this, exponent);
    return this;
  }
  clamp_<T extends Tensor>(this: T, min?: number | null, max?: number | null): T;
  clamp_<T extends Tensor>(this: T, options: { min?: number; max?: number }): T;
  clamp_<T extends Tensor>(this: T, ...args: unknown[]): T {
    unaryInPlace('clamp', this, clampParams('clamp_', readClampArguments('clamp_', args)));
    return this;
  }
  maskedFill_<T extends Tensor>(this: T, mask: Tensor, value: number): T {
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
  copy_<T extends Tensor>(this: T, src: TensorOrScalar): T {
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
  fill_<T extends Tensor>(this: T, value: number | boolean): T {
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
  zero_<T extends Tensor>(this: T): T {
    return this.fill_(0);
  }
  /** Fills with U(low, high) draws, PyTorch's stream for the default generator. */
  uniform_<T extends Tensor>(
    this: T,
    ...args: [low?: number, high?: number, options?: RandomOptions]
  ): T {
    checkArity('uniform_', args, 3, 'low, high and an options object { generator }');
    const [low = 0, high = 1, options = {}] = args;
    uniform_(this, low, high, options);
    return this;
  }
  /** Fills with N(mean, std) draws, PyTorch's stream for the default generator. */
  normal_<T extends Tensor>(
    this: T,
    ...args: [mean?: number, std?: number, options?: RandomOptions]
  ): T {
    checkArity('normal_', args, 3, 'mean, std and an options object { generator }');
    const [mean = 0, std = 1, options = {}] = args;
    normal_(this, mean, std, options);
    return this;
  }
  /** Fills with 1 with probability p, else 0. */
  bernoulli_<T extends Tensor>(this: T, ...args: [p?: number, options?: RandomOptions]): T {
    checkArity('bernoulli_', args, 2, 'p and an options object { generator }');
    const [p = 0.5, options = {}] = args;
    bernoulli_(this, p, options);
    return this;
  }

  // Reductions: PyTorch's positional `(dim, keepdim)` or `(dim, { keepdim })`.
  sum(this: Tensor, ...args: [dim?: Dims | null, keepdim?: boolean | ReduceOptions]): Tensor {
    const { dim, options } = readReduceArguments('sum', args, 'dims');
    return sum(this, dim, options);
  }
  mean(this: Tensor, ...args: [dim?: Dims | null, keepdim?: boolean | ReduceOptions]): Tensor {
    const { dim, options } = readReduceArguments('mean', args, 'dims');
    return mean(this, dim, options);
  }
  prod(this: Tensor, ...args: [dim?: number | null, keepdim?: boolean | ReduceOptions]): Tensor {
    const { dim, options } = readReduceArguments('prod', args, 'dim');
    return prod(this, dim as number | undefined, options);
  }
  /**
   * The maximum (0-d), `{ values, indices }` along `dim` (torch.max), or, given a tensor, the
   * elementwise maximum (torch.max(input, other)).
   */
  max(this: Tensor): Tensor;
  max(this: Tensor, other: Tensor): Tensor;
  max(this: Tensor, dim: number, keepdim?: boolean | ReduceOptions): ValuesIndices;
  max(this: Tensor, ...args: unknown[]): Tensor | ValuesIndices {
    return maxOrMin(this, 'max', args);
  }
  min(this: Tensor): Tensor;
  min(this: Tensor, other: Tensor): Tensor;
  min(this: Tensor, dim: number, keepdim?: boolean | ReduceOptions): ValuesIndices;
  min(this: Tensor, ...args: unknown[]): Tensor | ValuesIndices {
    return maxOrMin(this, 'min', args);
  }
  amax(this: Tensor, ...args: [dim?: Dims | null, keepdim?: boolean | ReduceOptions]): Tensor {
    const { dim, options } = readReduceArguments('amax', args, 'dims');
    return amaxmin('max', this, dim, options);
  }
  amin(this: Tensor, ...args: [dim?: Dims | null, keepdim?: boolean | ReduceOptions]): Tensor {
    const { dim, options } = readReduceArguments('amin', args, 'dims');
    return amaxmin('min', this, dim, options);
  }
  argmax(this: Tensor, ...args: [dim?: number | null, keepdim?: boolean | ReduceOptions]): Tensor {
    return argIndex(this, 'argmax', args);
  }
  argmin(this: Tensor, ...args: [dim?: number | null, keepdim?: boolean | ReduceOptions]): Tensor {
    return argIndex(this, 'argmin', args);
  }
  /**
   * torch.var: `t.var()`, `t.var(false)` (unbiased), `t.var(dim, unbiased, keepdim)` as in
   * PyTorch 1.13, or `t.var(dim, { correction, keepdim })`.
   */
  var(this: Tensor, unbiased: boolean): Tensor;
  var(this: Tensor, dim?: Dims | null, unbiased?: boolean, keepdim?: boolean): Tensor;
  var(this: Tensor, dim: Dims | null | undefined, options: VarOptions): Tensor;
  var(this: Tensor, ...args: unknown[]): Tensor {
    const { dim, options } = readVarArguments('var', args);
    return variance(this, dim, options);
  }
  /** torch.std, in var's forms. */
  std(this: Tensor, unbiased: boolean): Tensor;
  std(this: Tensor, dim?: Dims | null, unbiased?: boolean, keepdim?: boolean): Tensor;
  std(this: Tensor, dim: Dims | null | undefined, options: VarOptions): Tensor;
  std(this: Tensor, ...args: unknown[]): Tensor {
    const { dim, options } = readVarArguments('std', args);
    return std(this, dim, options);
  }
  logsumexp(this: Tensor, ...args: [dim: Dims, keepdim?: boolean | ReduceOptions]): Tensor {
    const { dim, options } = readReduceArguments('logsumexp', args, 'dims');
    if (dim === undefined) throw new ArgumentError('logsumexp: dim is required');
    return logsumexp(this, dim, options);
  }
  softmax(this: Tensor, ...args: [dim: number]): Tensor {
    return softmax(this, readRequiredDim('softmax', args));
  }
  logSoftmax(this: Tensor, ...args: [dim: number]): Tensor {
    return logSoftmax(this, readRequiredDim('logSoftmax', args));
  }
  /** True if every element is nonzero: 0-d, or along `dim` (torch.all). */
  all(this: Tensor, ...args: [dim?: number | null, keepdim?: boolean | ReduceOptions]): Tensor {
    const { dim, options } = readReduceArguments('all', args, 'dim');
    return amaxmin('min', this.ne(0), dim, options);
  }
  /** True if any element is nonzero: 0-d, or along `dim` (torch.any). */
  any(this: Tensor, ...args: [dim?: number | null, keepdim?: boolean | ReduceOptions]): Tensor {
    const { dim, options } = readReduceArguments('any', args, 'dim');
    return amaxmin('max', this.ne(0), dim, options);
  }

  // Linear algebra
  matmul(this: Tensor, ...args: [other: Tensor]): Tensor {
    checkArity('matmul', args, 1, 'one tensor');
    const [other] = args;
    return matmul(this, other);
  }
  /** this + mat1 @ mat2 (torch.addmm). */
  addmm(this: Tensor, ...args: [mat1: Tensor, mat2: Tensor]): Tensor {
    checkArity('addmm', args, 2, 'mat1 and mat2');
    const [mat1, mat2] = args;
    return addmm(this, mat1, mat2);
  }
}

function maxOrMin(self: Tensor, op: 'max' | 'min', args: unknown[]): Tensor | ValuesIndices {
  if (args[0] instanceof Tensor) {
    checkArity(op, args, 1, 'one tensor when comparing elementwise');
    return op === 'max' ? self.maximum(args[0]) : self.minimum(args[0]);
  }
  const { dim, options } = readReduceArguments(op, args, 'dim');
  return extremum(op, self, dim as number | undefined, options);
}

function argIndex(self: Tensor, op: 'argmax' | 'argmin', args: unknown[]): Tensor {
  const { dim, options } = readReduceArguments(op, args, 'index');
  const out = argExtremum(op, self, dim as number | undefined, options);
  // PyTorch: the flat index with keepdim keeps every dim, each of size 1.
  return dim === undefined && options.keepdim ? out.reshape(self.shape.map(() => 1)) : out;
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

export type { DerivedMethods, TensorMethods };

/** Copies the methods onto Tensor.prototype. */
function installTensorMethods(): void {
  const prototype = Tensor.prototype as unknown as Record<string, unknown>;
  for (const name of Object.getOwnPropertyNames(TensorMethods.prototype)) {
    if (name === 'constructor') continue;
    const descriptor = Object.getOwnPropertyDescriptor(TensorMethods.prototype, name);
    if (descriptor !== undefined) Object.defineProperty(prototype, name, descriptor);
  }
  const methods = prototype as Record<string, (this: Tensor, other?: TensorOrScalar) => Tensor>;
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
}

installTensorMethods();
