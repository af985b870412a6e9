import type { Tensor } from '../tensor';
import { binary, type TensorOrScalar, unary } from './elementwise';
import type { BinaryOp, UnaryOp } from './elementwise-table';

/** `{ out }` writes the result into an existing tensor instead of allocating (PyTorch's out=). */
export interface OutOptions {
  out?: Tensor;
}

type UnaryFn = (input: Tensor, options?: OutOptions) => Tensor;
type BinaryFn = (input: TensorOrScalar, other: TensorOrScalar, options?: OutOptions) => Tensor;

const unaryFn =
  (op: UnaryOp): UnaryFn =>
  (input, options = {}) =>
    unary(op, input, [], options.out);
const binaryFn =
  (op: BinaryOp): BinaryFn =>
  (input, other, options = {}) =>
    binary(op, input, other, options.out);

/**
 * The functional forms (torch.add, torch.exp, ...), one per parameterless op of the
 * elementwise table: `add(a, b)`, `mul(a, b, { out: c })`.
 */
export const neg = unaryFn('neg');
export const abs = unaryFn('abs');
export const exp = unaryFn('exp');
export const log = unaryFn('log');
export const sqrt = unaryFn('sqrt');
export const sin = unaryFn('sin');
export const cos = unaryFn('cos');
export const tanh = unaryFn('tanh');
export const sigmoid = unaryFn('sigmoid');
export const relu = unaryFn('relu');
export const erf = unaryFn('erf');
export const add = binaryFn('add');
export const sub = binaryFn('sub');
export const mul = binaryFn('mul');
export const div = binaryFn('div');
export const pow = binaryFn('pow');
export const maximum = binaryFn('maximum');
export const minimum = binaryFn('minimum');
export const eq = binaryFn('eq');
export const ne = binaryFn('ne');
export const lt = binaryFn('lt');
export const le = binaryFn('le');
export const gt = binaryFn('gt');
export const ge = binaryFn('ge');
