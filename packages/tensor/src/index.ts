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
export { CpuBackend, cpu } from './cpu/backend';
export { type QrResult, qr } from './cpu/qr';
export { type JsKernel, jsKernel } from './cpu/render-js';
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
  XError,
} from './errors';
export {
  type GradFn,
  type GradHook,
  getRecorder,
  type HookHandle,
  type OpAttrs,
  type Recorder,
  setRecorder,
  withoutRecording,
} from './hooks';
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
export { formatTensor, getPrintOptions, type PrintOptions, setPrintOptions } from './print';
export {
  defaultGenerator,
  Generator,
  getRngState,
  manualSeed,
  setRngState,
} from './random/generator';
export { keep, tidy } from './scope';
export { broadcastShapes } from './shape';
export { type NestedList, Tensor } from './tensor';
export { ready } from './wasm/ready';
export { getNumThreads, setNumThreads } from './wasm/threads';
