import type { Backend, Tensor } from '@x/tensor';
import type { Module } from './module';
import { Parameter } from './parameter';
import { REGISTRY } from './registration';

/**
 * Module.to(backend). Every tensor is copied first and the module tree is rewritten only
 * when all copies succeeded; one copy per original tensor keeps tied parameters tied.
 * A parameter becomes a new Parameter (same requiresGrad, gradient moved too).
 */
export function moveTo(root: Module, backend: Backend): void {
  const moved = new Map<Tensor, Tensor>();
  const move = (tensor: Tensor): Tensor => {
    let copy = moved.get(tensor);
    if (copy === undefined) {
      copy = tensor.backend === backend ? tensor : tensor.detach().to(backend);
      if (tensor instanceof Parameter && copy !== tensor) {
        const param = new Parameter(copy, tensor.requiresGrad);
        param.grad = tensor.grad === null ? null : tensor.grad.detach().to(backend);
        copy = param;
      }
      moved.set(tensor, copy);
    }
    return copy;
  };
  const updates: [Module, string, Tensor][] = [];
  for (const module of root.modules()) {
    for (const [name, param] of module._ownParameters('to'))
      if (param !== null) updates.push([module, name, move(param)]);
    for (const [name, buffer] of module[REGISTRY].buffers)
      if (buffer !== null) updates.push([module, name, move(buffer)]);
  }
  // Assigning through the module's proxy keeps each name's kind and position.
  for (const [module, name, tensor] of updates)
    (module as unknown as Record<string, Tensor>)[name] = tensor;
}
