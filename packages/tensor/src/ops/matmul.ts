import { checkTensor } from '../checks';
import { DTypeError, ShapeError, show } from '../errors';
import { broadcastShapes, sameShape } from '../shape';
import type { Tensor } from '../tensor';
import { allocateTensor, broadcastView, record, sameBackend, viewOf } from './core';
import { expand, squeeze, unsqueeze } from './views';

function checkFloat(op: string, a: Tensor, b: Tensor): void {
  if (a.dtype !== b.dtype) {
    throw new DTypeError(
      `${op}: expected both operands to have the same dtype, got ${a.dtype} and ${b.dtype}`,
    );
  }
  if (a.dtype === 'bool') throw new DTypeError(`${op}: not supported for bool tensors`);
}

/** Expands both operands' batch dims to their broadcast shape (recorded views, skipped when equal). */
function broadcastBatch(a: Tensor, b: Tensor, op: string): [Tensor, Tensor] {
  const [M, K] = a.shape.slice(-2);
  const [K2, N] = b.shape.slice(-2);
  if (K !== K2) {
    throw new ShapeError(
      `${op}: mat1 and mat2 shapes cannot be multiplied (${M}x${K} and ${K2}x${N}); ` +
        `got shapes ${show(a.shape)} and ${show(b.shape)}`,
    );
  }
  const batch = broadcastShapes(a.shape.slice(0, -2), b.shape.slice(0, -2), op);
  const aShape = [...batch, M, K];
  const bShape = [...batch, K, N];
  return [
    sameShape(a.shape, aShape) ? a : expand(a, aShape),
    sameShape(b.shape, bShape) ? b : expand(b, bShape),
  ];
}

function product(a: Tensor, b: Tensor): Tensor {
  const nd = a.ndim;
  const out = allocateTensor(a.backend, [...a.shape.slice(0, -1), b.shape[nd - 1]], a.dtype);
  a.backend.matmul(viewOf(a, 'matmul'), viewOf(b, 'matmul'), viewOf(out, 'matmul'));
  record('matmul', [a, b], out);
  return out;
}

/**
 * torch.matmul: dot for 1-D·1-D, matrix-vector for 2-D·1-D, and batched products with
 * broadcast batch dims; a 1-D operand gets a dim added and removed as PyTorch does.
 */
export function matmul(a: Tensor, b: Tensor): Tensor {
  checkTensor('matmul', 'input', a);
  checkTensor('matmul', 'other', b);
  sameBackend('matmul', [a, b]);
  checkFloat('matmul', a, b);
  if (a.ndim === 0 || b.ndim === 0) {
    throw new ShapeError(
      `matmul: both arguments need at least 1 dimension, got shapes ${show(a.shape)} and ${show(b.shape)}`,
    );
  }
  const a2 = a.ndim === 1 ? unsqueeze(a, 0) : a;
  const b2 = b.ndim === 1 ? unsqueeze(b, -1) : b;
  const [ae, be] = broadcastBatch(a2, b2, 'matmul');
  let out = product(ae, be);
  if (b.ndim === 1) out = squeeze(out, -1);
  if (a.ndim === 1) out = squeeze(out, a.ndim === 1 && b.ndim === 1 ? 0 : -2);
  return out;
}

/** beta * input + alpha * (mat1 @ mat2) for 2-D mat1, mat2 (torch.addmm; what Linear runs). */
export function addmm(input: Tensor, mat1: Tensor, mat2: Tensor): Tensor {
  checkTensor('addmm', 'input', input);
  checkTensor('addmm', 'mat1', mat1);
  checkTensor('addmm', 'mat2', mat2);
  sameBackend('addmm', [input, mat1, mat2]);
  checkFloat('addmm', mat1, mat2);
  if (mat1.ndim !== 2 || mat2.ndim !== 2) {
    throw new ShapeError(
      `addmm: mat1 and mat2 must be 2-D, got shapes ${show(mat1.shape)} and ${show(mat2.shape)}`,
    );
  }
  broadcastBatch(mat1, mat2, 'addmm');
  const shape = [mat1.shape[0], mat2.shape[1]];
  if (!sameShape(broadcastShapes(input.shape, shape, 'addmm'), shape)) {
    throw new ShapeError(
      `addmm: input of shape ${show(input.shape)} does not broadcast to ${show(shape)}`,
    );
  }
  const out = allocateTensor(mat1.backend, shape, mat1.dtype);
  const outView = viewOf(out, 'addmm');
  mat1.backend.matmul(viewOf(mat1, 'addmm'), viewOf(mat2, 'addmm'), outView);
  mat1.backend.binary('add', outView, broadcastView(viewOf(input, 'addmm'), shape), outView);
  record('addmm', [input, mat1, mat2], out);
  return out;
}
