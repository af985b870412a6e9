import { checkOperand, checkTensor } from '../checks';
import { castScalar, type DType, promoteTypes, scalarDType } from '../dtype';
import { ArgumentError, DTypeError, ShapeError, show } from '../errors';
import { activeRecorder } from '../hooks';
import { broadcastShapes, sameShape } from '../shape';
import { Tensor } from '../tensor';
import { allocateTensor, broadcastView, checkCastInto, record, sameBackend, viewOf } from './core';
import {
  BINARY_OPS,
  type BinaryOp,
  type DefinedUnaryOp,
  type DTypeRule,
  type UnaryOp,
  unaryDecl,
} from './elementwise-table';

export type Scalar = number | boolean;
export type TensorOrScalar = Tensor | Scalar;

function resultDType(rule: DTypeRule, promoted: DType): DType {
  if (rule === 'bool') return 'bool';
  if (rule === 'float') return 'float32';
  return promoted;
}

/** A CPU 0-d tensor mixed with tensors on another backend acts as a scalar, as in PyTorch. */
function asScalarOperand(value: TensorOrScalar, other: Tensor): TensorOrScalar {
  if (
    value instanceof Tensor &&
    value.ndim === 0 &&
    value.backend !== other.backend &&
    value.device === 'cpu'
  ) {
    return value.item();
  }
  return value;
}

/**
 * The tensor an op writes into: a new one, or the caller's `out` (PyTorch's `out=`), which
 * must have the result's shape and a dtype the result casts into, and is not differentiable.
 */
function destination(
  op: string,
  inputs: readonly Tensor[],
  shape: readonly number[],
  dtype: DType,
  out: Tensor | undefined,
): Tensor {
  if (out === undefined) return allocateTensor(inputs[0].backend, shape, dtype);
  if (!(out instanceof Tensor))
    throw new ArgumentError(`${op}: out must be a Tensor, got ${show(out)}`);
  sameBackend(op, [...inputs, out]);
  if (!sameShape(out.shape, shape)) {
    throw new ShapeError(
      `${op}: out has shape ${show(out.shape)} but the result has shape ${show(shape)}`,
    );
  }
  checkCastInto(dtype, out, op);
  for (const input of inputs) viewOf(input, op);
  viewOf(out, op);
  const recorder = activeRecorder();
  if (recorder?.isTracking([...inputs, out])) {
    throw new DTypeError(
      `${op}: functions with out=... arguments don't support automatic differentiation`,
    );
  }
  out._bumpVersion();
  return out;
}

export function unary(
  op: UnaryOp | DefinedUnaryOp,
  input: Tensor,
  params: readonly number[] = [],
  into?: Tensor,
): Tensor {
  const decl = unaryDecl(op);
  checkTensor(PUBLIC_NAME[op] ?? op, 'input', input);
  checkUnaryDType(op, input.dtype);
  const out = destination(op, [input], input.shape, resultDType(decl.rule, input.dtype), into);
  const name = PUBLIC_NAME[op] ?? op;
  input.backend.unary(
    op,
    viewOf(input, name),
    viewOf(out, name),
    kernelParams(op, out.dtype, params),
  );
  if (into === undefined) record(op, [input], out, { params });
  return out;
}

/**
 * Parameters as the op computes with them: float32 for float results, as PyTorch casts them,
 * except pow's exponent, which PyTorch keeps in double precision.
 */
function kernelParams(
  op: UnaryOp | DefinedUnaryOp,
  dtype: DType,
  params: readonly number[],
): readonly number[] {
  return dtype === 'float32' && op !== 'powScalar' ? params.map(Math.fround) : params;
}

/** What the user called, where an op of the table is reached through another name. */
const PUBLIC_NAME: Partial<Record<string, string>> = { powScalar: 'pow' };

function checkUnaryDType(op: UnaryOp | DefinedUnaryOp, dtype: DType): void {
  if (dtype === 'bool' && (op === 'neg' || op === 'sign')) {
    throw new DTypeError(`${op}: not supported for bool tensors, use logicalNot() instead`);
  }
}

const SWAPPED: Partial<Record<BinaryOp, BinaryOp>> = {
  add: 'add',
  mul: 'mul',
  maximum: 'maximum',
  minimum: 'minimum',
  eq: 'eq',
  ne: 'ne',
  lt: 'gt',
  gt: 'lt',
  le: 'ge',
  ge: 'le',
  logicalAnd: 'logicalAnd',
  logicalOr: 'logicalOr',
};

/** `a op b` with PyTorch broadcasting and promotion; either side may be a JS scalar. */
export function binary(op: BinaryOp, a: TensorOrScalar, b: TensorOrScalar, into?: Tensor): Tensor {
  checkOperand(op, 'input', a);
  checkOperand(op, op === 'pow' ? 'exponent' : 'other', b);
  if (!(a instanceof Tensor)) {
    if (!(b instanceof Tensor))
      throw new ArgumentError(`${op}: at least one operand (input or other) must be a tensor`);
    const swapped = SWAPPED[op];
    if (swapped !== undefined) return binary(swapped, b, a, into);
    a = scalarLike(a, b);
  }
  b = asScalarOperand(b, a);
  const decl = BINARY_OPS[op];
  if (!(b instanceof Tensor)) {
    checkBinaryDTypes(op, a.dtype, scalarDType(b));
    checkIntegerPower(op, a.dtype, b);
    const out = destination(
      op,
      [a],
      a.shape,
      resultDType(decl.rule, promoteTypes(a.dtype, scalarDType(b))),
      into,
    );
    a.backend.binary(op, viewOf(a, op), scalarOperand(a.dtype, b), viewOf(out, op));
    if (into === undefined) record(op, [a], out, { other: Number(b) });
    return out;
  }
  const backend = sameBackend(op, [a, b]);
  checkBinaryDTypes(op, a.dtype, b.dtype);
  const shape = broadcastShapes(a.shape, b.shape, op);
  const out = destination(
    op,
    [a, b],
    shape,
    resultDType(decl.rule, promoteTypes(a.dtype, b.dtype)),
    into,
  );
  backend.binary(
    op,
    broadcastView(viewOf(a, op), shape),
    broadcastView(viewOf(b, op), shape),
    viewOf(out, op),
  );
  if (into === undefined) record(op, [a, b], out);
  return out;
}

/**
 * A scalar operand cast to the dtype the op computes in, as PyTorch does (`t * 0.1` on a
 * float32 tensor multiplies by float32(0.1)) and as the Backend contract promises kernels.
 */
function scalarOperand(tensorDType: DType, value: Scalar): number {
  return castScalar(Number(value), promoteTypes(tensorDType, scalarDType(value)));
}

/** PyTorch refuses a negative integer scalar exponent for an integer base (its result is 0). */
function checkIntegerPower(op: BinaryOp, base: DType, exponent: TensorOrScalar): void {
  if (
    op === 'pow' &&
    base !== 'float32' &&
    typeof exponent === 'number' &&
    Number.isInteger(exponent) &&
    exponent < 0
  ) {
    throw new ArgumentError(
      `pow: integers to negative integer powers are not allowed, got exponent ${exponent} for a ${base} tensor`,
    );
  }
}

function checkBinaryDTypes(op: BinaryOp, a: DType, b: DType): void {
  if (op === 'sub' && (a === 'bool' || b === 'bool')) {
    throw new DTypeError(
      'sub: subtraction with a bool tensor is not supported; to invert a mask use logicalNot()',
    );
  }
}

/** A 0-d tensor holding a JS scalar, on `like`'s backend (for a scalar left operand). */
function scalarLike(value: Scalar, like: Tensor, dtype = scalarDType(value)): Tensor {
  const out = allocateTensor(like.backend, [], dtype);
  like.backend.fill(viewOf(out, 'scalar'), Number(value));
  return out;
}

/**
 * `condition ? a : b` elementwise, broadcasting all three (torch.where); `name` is what the
 * user called (maskedFill is a where).
 */
export function where(
  condition: Tensor,
  a: TensorOrScalar,
  b: TensorOrScalar,
  name = 'where',
  argNames: readonly [string, string, string] = ['condition', 'input', 'other'],
): Tensor {
  checkTensor(name, argNames[0], condition);
  checkOperand(name, argNames[1], a);
  checkOperand(name, argNames[2], b);
  if (condition.dtype !== 'bool') {
    throw new DTypeError(`${name}: ${argNames[0]} must be a bool tensor, got ${condition.dtype}`);
  }
  // A number beside a tensor takes the dtype the result will have (PyTorch's wrapped numbers),
  // so the kernel reads one dtype: t.where(mask, 0) needs no int32 → float32 cast.
  const operand = (x: TensorOrScalar, other: TensorOrScalar) => {
    if (x instanceof Tensor) return x;
    const dtype = scalarDType(x);
    return scalarLike(
      x,
      condition,
      other instanceof Tensor ? promoteTypes(other.dtype, dtype) : dtype,
    );
  };
  const ta = operand(a, b);
  const tb = operand(b, a);
  const backend = sameBackend('where', [condition, ta, tb]);
  const shape = broadcastShapes(
    broadcastShapes(condition.shape, ta.shape, 'where'),
    tb.shape,
    'where',
  );
  const out = allocateTensor(backend, shape, promoteTypes(ta.dtype, tb.dtype));
  backend.where(
    broadcastView(viewOf(condition, 'where'), shape),
    broadcastView(viewOf(ta, 'where'), shape),
    broadcastView(viewOf(tb, 'where'), shape),
    viewOf(out, 'where'),
  );
  record('where', [condition, ta, tb], out);
  return out;
}

/**
 * Runs an elementwise op in place on `target`. Untracked, the kernel writes straight into
 * target's view. Tracked by autograd, the op runs out of place on a recorded clone and
 * target takes the result's values and history, so earlier users of target's old values
 * are caught by the version counter instead of silently getting wrong gradients.
 */
export function inPlace(
  op: string,
  target: Tensor,
  others: readonly TensorOrScalar[],
  resultDType: DType,
  direct: () => void,
  outOfPlace: (self: Tensor) => Tensor,
): Tensor {
  checkTensor(`${op}_`, 'self', target);
  for (const other of others) checkOperand(`${op}_`, 'other', other);
  checkCastInto(resultDType, target, `${op}_`);
  const recorder = activeRecorder();
  const tensors = [target, ...others.filter((o): o is Tensor => o instanceof Tensor)];
  if (recorder?.isTracking(tensors)) {
    recorder.beforeInPlace(target, `${op}_`);
    const result = outOfPlace(target.clone());
    target.backend.copy(viewOf(result, op), viewOf(target, op));
    target._bumpVersion();
    recorder.rebase(target, result);
    return target;
  }
  direct();
  target._bumpVersion();
  return target;
}

export function unaryInPlace(
  op: UnaryOp | DefinedUnaryOp,
  target: Tensor,
  params: readonly number[] = [],
): Tensor {
  checkTensor(`${PUBLIC_NAME[op] ?? op}_`, 'self', target);
  checkUnaryDType(op, target.dtype);
  const dtype = resultDType(unaryDecl(op).rule, target.dtype);
  return inPlace(
    op,
    target,
    [],
    dtype,
    () => {
      const view = viewOf(target, op);
      target.backend.unary(op, view, view, kernelParams(op, target.dtype, params));
    },
    (self) => unary(op, self, params),
  );
}

export function binaryInPlace(op: BinaryOp, target: Tensor, other: TensorOrScalar): Tensor {
  checkTensor(`${op}_`, 'self', target);
  checkOperand(`${op}_`, op === 'pow' ? 'exponent' : 'other', other);
  other = asScalarOperand(other, target);
  const otherDType = other instanceof Tensor ? other.dtype : scalarDType(other);
  checkBinaryDTypes(op, target.dtype, otherDType);
  checkIntegerPower(op, target.dtype, other);
  const dtype = resultDType(BINARY_OPS[op].rule, promoteTypes(target.dtype, otherDType));
  if (other instanceof Tensor) {
    sameBackend(`${op}_`, [target, other]);
    const shape = broadcastShapes(target.shape, other.shape, `${op}_`);
    if (!sameShape(shape, target.shape)) {
      throw new ShapeError(
        `${op}_: output with shape ${show(target.shape)} doesn't match the broadcast shape ${show(shape)}`,
      );
    }
  }
  const operand = other;
  return inPlace(
    op,
    target,
    [operand],
    dtype,
    () => {
      const view = viewOf(target, op);
      const b =
        operand instanceof Tensor
          ? broadcastView(viewOf(operand, op), target.shape)
          : scalarOperand(target.dtype, operand);
      target.backend.binary(op, view, b, view);
    },
    (self) => binary(op, self, operand),
  );
}
