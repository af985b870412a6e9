/**
 * Every op @x/tensor reports to the autograd recorder, declared once: the attributes it
 * records (what its gradient rule reads back, typed), whether it has a gradient, and the
 * Backend kernels it runs. `record` is checked against the attributes at each call site,
 * @x/autograd's rule table is a mapped type over the differentiable ops (a missing rule does
 * not compile), and a coverage test checks each op's kernels against every backend.
 */

import type { Backend } from '../backend';
import type { KernelName } from '../kernel-names';
import type { Tensor } from '../tensor';
import {
  BINARY_OPS,
  type BinaryOp,
  type DefinedUnaryOp,
  type DTypeRule,
  UNARY_OPS,
  type UnaryOp,
} from './elementwise-table';

/** An op that records no attributes. */
export type NoAttrs = Readonly<Record<string, never>>;

/** A unary op's scalar parameters (clamp's bounds, leakyRelu's slope, powScalar's exponent). */
export interface UnaryAttrs {
  readonly params: readonly number[];
}

/** A binary op with a JS scalar as its right operand records the scalar; with two tensors, nothing. */
export interface BinaryAttrs {
  readonly other?: number;
}

/** A reduction over `dims` (normalised, sorted); `all` when no dim was given (PyTorch's other overload). */
export interface ReduceAttrs {
  readonly dims: readonly number[];
  readonly keepdim: boolean;
  readonly all: boolean;
}

export interface MeanAttrs extends ReduceAttrs {
  /** Elements averaged into each output. */
  readonly count: number;
}

/** max()/min(): over everything, or along one dim with the indices it returned. */
export interface ExtremumAttrs extends ReduceAttrs {
  readonly indices?: Tensor;
}

/** Views whose adjoint reshapes back to the input's shape. */
export interface InputShapeAttrs {
  readonly inputShape: readonly number[];
}

export interface PermuteAttrs {
  readonly dims: readonly number[];
}

export interface TransposeAttrs {
  readonly dim0: number;
  readonly dim1: number;
}

export interface SqueezeAttrs extends InputShapeAttrs {
  /** squeeze() of every size-1 dim, not squeeze(dim) (two overloads in PyTorch). */
  readonly all: boolean;
}

export interface UnsqueezeAttrs {
  readonly dim: number;
}

export interface SliceAttrs extends InputShapeAttrs {
  readonly dim: number;
  readonly start: number;
  readonly step: number;
}

export interface SelectAttrs extends InputShapeAttrs {
  readonly dim: number;
  readonly index: number;
}

export interface CatAttrs {
  readonly dim: number;
  /** Each input's size along `dim`. */
  readonly sizes: readonly number[];
}

/** indexSelect and gather: the int32 index tensor they read. */
export interface GatherAttrs extends InputShapeAttrs {
  readonly dim: number;
  readonly index: Tensor;
}

export interface ScatterAddAttrs {
  readonly dim: number;
  readonly index: Tensor;
}

export interface ToBackendAttrs {
  /** Where the input lived: its gradient moves back there. */
  readonly source: Backend;
}

/** The attributes each recorded op reports, by the name it records under. */
export interface RecordedOpAttrs
  extends Record<UnaryOp, UnaryAttrs>,
    Record<BinaryOp, BinaryAttrs> {
  where: NoAttrs;
  sum: ReduceAttrs;
  mean: MeanAttrs;
  prod: ReduceAttrs;
  max: ExtremumAttrs;
  min: ExtremumAttrs;
  amax: ReduceAttrs;
  amin: ReduceAttrs;
  view: InputShapeAttrs;
  expand: InputShapeAttrs;
  permute: PermuteAttrs;
  transpose: TransposeAttrs;
  squeeze: SqueezeAttrs;
  unsqueeze: UnsqueezeAttrs;
  slice: SliceAttrs;
  select: SelectAttrs;
  clone: NoAttrs;
  cat: CatAttrs;
  indexSelect: GatherAttrs;
  gather: GatherAttrs;
  scatterAdd: ScatterAddAttrs;
  matmul: NoAttrs;
  addmm: NoAttrs;
  toBackend: ToBackendAttrs;
}

export type RecordedOp = keyof RecordedOpAttrs;

/**
 * The attributes `Op` records; without an argument, those of any op. A unary op declared at
 * run time (defineUnaryOp) records what the built-in unary ops do.
 */
export type OpAttrs<Op extends RecordedOp | DefinedUnaryOp = RecordedOp> = Op extends RecordedOp
  ? RecordedOpAttrs[Op]
  : UnaryAttrs;

/** How an op's gradient is had. */
export type Gradient =
  | 'vjp' // @x/autograd holds its VJP rule
  | 'not differentiable'; // its result is bool: recorded, but carries no gradient

export interface OpSchemaEntry {
  readonly gradient: Gradient;
  /**
   * The Backend kernels the op runs, or 'host only' when it runs none: a view only makes new
   * metadata over the same storage, and a move between backends only reads and writes storage.
   */
  readonly kernels: readonly KernelName[] | 'host only';
}

/** An elementwise table's entries: bool results ('bool' dtype rule) have no gradient. */
type ElementwiseEntries<Table> = {
  readonly [Op in keyof Table]: {
    readonly gradient: Table[Op] extends { readonly rule: 'bool' } ? 'not differentiable' : 'vjp';
    readonly kernels: readonly KernelName[];
  };
};

function elementwiseEntries<Table extends Readonly<Record<string, { readonly rule: DTypeRule }>>>(
  kind: 'unary' | 'binary',
  table: Table,
): ElementwiseEntries<Table> {
  const entries = Object.entries(table).map(([op, { rule }]) => [
    op,
    { gradient: rule === 'bool' ? 'not differentiable' : 'vjp', kernels: [`${kind}:${op}`] },
  ]);
  // Object.fromEntries cannot say which keys it builds: they are the table's.
  return Object.fromEntries(entries) as ElementwiseEntries<Table>;
}

const HOST_ONLY = 'host only';

/** Every recorded op, its gradient and its kernels. */
export const OP_SCHEMA = {
  ...elementwiseEntries('unary', UNARY_OPS),
  ...elementwiseEntries('binary', BINARY_OPS),
  where: { gradient: 'vjp', kernels: ['where'] },
  sum: { gradient: 'vjp', kernels: ['reduce:sum'] },
  mean: { gradient: 'vjp', kernels: ['reduce:sum', 'binary:div'] },
  prod: { gradient: 'vjp', kernels: ['reduce:prod'] },
  max: { gradient: 'vjp', kernels: ['reduce:max', 'reduce:argmax'] },
  min: { gradient: 'vjp', kernels: ['reduce:min', 'reduce:argmin'] },
  amax: { gradient: 'vjp', kernels: ['reduce:max'] },
  amin: { gradient: 'vjp', kernels: ['reduce:min'] },
  view: { gradient: 'vjp', kernels: HOST_ONLY },
  expand: { gradient: 'vjp', kernels: HOST_ONLY },
  permute: { gradient: 'vjp', kernels: HOST_ONLY },
  transpose: { gradient: 'vjp', kernels: HOST_ONLY },
  squeeze: { gradient: 'vjp', kernels: HOST_ONLY },
  unsqueeze: { gradient: 'vjp', kernels: HOST_ONLY },
  slice: { gradient: 'vjp', kernels: HOST_ONLY },
  select: { gradient: 'vjp', kernels: HOST_ONLY },
  clone: { gradient: 'vjp', kernels: ['copy'] },
  cat: { gradient: 'vjp', kernels: ['copy'] },
  // A 0-d input is broadcast by a copy instead of gathered.
  indexSelect: { gradient: 'vjp', kernels: ['gather', 'copy'] },
  gather: { gradient: 'vjp', kernels: ['gather'] },
  scatterAdd: { gradient: 'vjp', kernels: ['copy', 'scatterAdd'] },
  matmul: { gradient: 'vjp', kernels: ['matmul'] },
  addmm: { gradient: 'vjp', kernels: ['matmul', 'binary:add'] },
  toBackend: { gradient: 'vjp', kernels: HOST_ONLY },
} as const satisfies { readonly [Op in RecordedOp]: OpSchemaEntry };

/** The ops @x/autograd must hold a VJP rule for. */
export type DifferentiableOp = {
  [Op in RecordedOp]: (typeof OP_SCHEMA)[Op]['gradient'] extends 'vjp' ? Op : never;
}[RecordedOp];
