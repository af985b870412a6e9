import type { Backend, Tensor } from '@x/tensor';
import { keep } from '@x/tensor';
import type { Module } from './module';
import { REGISTRY } from './registration';

/**
 * Module.to(backend), as PyTorch does it: each parameter and buffer keeps its identity and
 * is re-pointed at a copy on `backend` (`t.data = copy`), so ties, optimisers holding the
 * parameters, requiresGrad and gradients all carry over. Every copy is made before any
 * tensor is re-pointed, so a failed copy leaves the module as it was. A lazy module not yet
 * run remembers `backend` and creates its parameters there.
 */
export function moveTo(root: Module, backend: Backend): void {
  const tensors = new Set<Tensor>();
  const lazyMoves: (() => void)[] = [];
  for (const module of root.modules()) {
    const lazyMove = module._lazyMove(backend);
    if (lazyMove !== undefined) {
      lazyMoves.push(lazyMove);
    } else {
      for (const [, param] of module._ownParameters('to')) if (param !== null) tensors.add(param);
    }
    for (const [, buffer] of module[REGISTRY].buffers) if (buffer !== null) tensors.add(buffer);
  }
  const copies: [Tensor, Tensor, Tensor | null][] = [];
  for (const tensor of tensors) {
    if (tensor.backend === backend) continue;
    const grad = tensor.grad === null ? null : keep(tensor.grad.detach().to(backend));
    copies.push([tensor, tensor.detach().to(backend), grad]);
  }
  for (const [tensor, copy, grad] of copies) {
    tensor.data = copy;
    tensor.grad = grad;
  }
  for (const lazyMove of lazyMoves) lazyMove();
}
