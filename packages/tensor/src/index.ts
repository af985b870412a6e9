// Tensor's methods that run ops join its prototype when this module loads (package.json's
// sideEffects names both files, so bundlers keep the import).
import './tensor-methods';

export type { Backend, GeneratorFill, MemoryInfo, PhiloxFill, Storage, View } from './backend';
export { BACKEND_SPEC_VERSION } from './backend';
export {
  checkBoolean,
  checkGenerator,
  checkInteger,
  checkNumber,
  checkOperand,
  checkOptionNames,
  checkOptions,
  checkTensor,
  isOptionsObject,
} from './checks';
export { CpuBackend, cpu, ready } from './cpu/backend';
export { CPU_KERNELS } from './cpu/kernel-list';
export { cpuKernelStats, type KernelStats, resetCpuKernelStats } from './cpu/kernel-stats';
export { type QrResult, qr } from './cpu/qr';
export { type JsKernel, jsKernel } from './cpu/render-js';
export { getNumThreads, setNumThreads } from './cpu/wasm/threads';
export { getDefaultBackend, setDefaultBackend } from './device';
export { DTYPES, type DType, promoteTypes, type TypedArray } from './dtype';
export { erfFloat, erfScalar } from './erf';
export {
  ArgumentError,
  BackendError,
  DisposedError,
  DTypeError,
  IndexError,
  OutOfMemoryError,
  ShapeError,
  show,
  XError,
} from './errors';
export { enableGrad, isGradEnabled, noGrad, setGradEnabled } from './grad-mode';
export {
  type GradFn,
  type GradHook,
  getRecorder,
  type HookHandle,
  type Recorder,
  setRecorder,
} from './hooks';
export { type KernelName, type KernelOps, kernelNames, opsOf } from './kernel-names';
export {
  type MemoryPressure,
  onMemoryPressure,
  reportMemoryPressure,
  setMemoryWarnings,
} from './memory-pressure';
export { toBackendAsync } from './ops/convert';
export {
  arange,
  type CreateOptions,
  empty,
  emptyLike,
  eye,
  full,
  fullLike,
  linspace,
  type NestedArray,
  ones,
  onesLike,
  tensor,
  zeros,
  zerosLike,
} from './ops/creation';
export { defineUnaryOp, type UnaryOpDeclaration } from './ops/define-op';
export { type Scalar, type TensorOrScalar, where } from './ops/elementwise';
export {
  BINARY_OPS,
  type BinaryDecl,
  type BinaryOp,
  type DefinedUnaryOp,
  type DTypeRule,
  type ElementwiseDecl,
  isDefinedUnaryOp,
  REDUCE_OPS,
  type ReduceOp,
  UNARY_OPS,
  type UnaryDecl,
  type UnaryOp,
  unaryDecl,
} from './ops/elementwise-table';
export {
  abs,
  add,
  cos,
  div,
  eq,
  erf,
  exp,
  ge,
  gt,
  le,
  log,
  lt,
  maximum,
  minimum,
  mul,
  ne,
  neg,
  type OutOptions,
  pow,
  relu,
  sigmoid,
  sin,
  sqrt,
  sub,
  tanh,
} from './ops/functional';
export { gather, type Index, indexSelect, scatterAdd } from './ops/indexing';
export { cat, chunk, split, stack } from './ops/join';
export { addmm, matmul } from './ops/matmul';
export * as primitives from './ops/primitives';
export {
  type RandomCreateOptions,
  type RandomOptions,
  rand,
  randint,
  randLike,
  randn,
  randnLike,
  randperm,
} from './ops/random';
export type { ReduceOptions, ValuesIndices, VarOptions } from './ops/reduce';
export {
  type BinaryAttrs,
  type CatAttrs,
  type DifferentiableOp,
  type ExtremumAttrs,
  type GatherAttrs,
  type Gradient,
  type InputShapeAttrs,
  type MeanAttrs,
  type NoAttrs,
  OP_SCHEMA,
  type OpAttrs,
  type OpSchemaEntry,
  type PermuteAttrs,
  type RecordedOp,
  type RecordedOpAttrs,
  type ReduceAttrs,
  type ScatterAddAttrs,
  type SelectAttrs,
  type SliceAttrs,
  type SqueezeAttrs,
  type ToBackendAttrs,
  type TransposeAttrs,
  type UnaryAttrs,
  type UnsqueezeAttrs,
} from './ops/schema';
export { formatTensor, getPrintOptions, type PrintOptions, setPrintOptions } from './print';
export {
  defaultGenerator,
  Generator,
  getRngState,
  manualSeed,
  setRngState,
} from './random/generator';
export { keep, soleSurvivors, tidy } from './scope';
export { broadcastShapes, sameShape } from './shape';
export { type NestedList, Tensor } from './tensor';
