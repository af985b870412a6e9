import {
  ArgumentError,
  BackendError,
  DTypeError,
  type GradHook,
  type HookHandle,
  ShapeError,
  sameShape,
  show,
  Tensor,
} from '@x/tensor';
import { AutogradError } from './errors';
import { Node } from './node';

let nextHandleId = 0;

/**
 * Unregisters one hook from the ordered map it was added to (torch.utils.hooks.RemovableHandle).
 * Module hooks (@x/nn) and gradient hooks share it.
 */
export class RemovableHandle implements HookHandle {
  /** Unique over the process, like PyTorch's handle ids; also the hook's key in its map. */
  readonly id = nextHandleId++;

  private constructor(private readonly hooks: Map<number, unknown>) {}

  /** Adds `hook` at the end of `hooks` (hooks run in registration order). */
  static add<T>(hooks: Map<number, T>, hook: T): RemovableHandle {
    const handle = new RemovableHandle(hooks as Map<number, unknown>);
    hooks.set(handle.id, hook);
    return handle;
  }

  /** Unregisters the hook; removing it twice does nothing. */
  remove(): void {
    this.hooks.delete(this.id);
  }
}

/**
 * Gradient hooks by what the engine sees of their tensor: the node that produced it, or the
 * leaf itself. Keyed weakly, so a hook lives as long as its graph.
 */
const gradHooks = new WeakMap<Node | Tensor, Map<number, GradHook>>();

/** Tensor.registerHook, installed with the recorder (torch.Tensor.register_hook). */
export function registerHook(tensor: Tensor, hook: GradHook): RemovableHandle {
  if (typeof hook !== 'function') {
    throw new ArgumentError(`registerHook: hook must be a function, got ${show(hook)}`);
  }
  if (!tensor.requiresGrad) {
    throw new AutogradError(
      "registerHook: cannot register a hook on a tensor that doesn't require gradient; " +
        'call requiresGrad_() on the leaf first',
    );
  }
  const key = tensor.gradFn instanceof Node ? tensor.gradFn : tensor;
  let hooks = gradHooks.get(key);
  if (hooks === undefined) {
    hooks = new Map();
    gradHooks.set(key, hooks);
  }
  return RemovableHandle.add(hooks, hook);
}

/** Whether any gradient hook is registered on `key` (a node or a leaf). */
export function hasGradHooks(key: Node | Tensor): boolean {
  return (gradHooks.get(key)?.size ?? 0) > 0;
}

/**
 * Runs the hooks of `key` on `gradient` in registration order, each seeing the previous
 * one's replacement, and checks every replacement as PyTorch's check_grad does.
 */
export function applyGradHooks(key: Node | Tensor, gradient: Tensor, op: string): Tensor {
  const hooks = gradHooks.get(key);
  if (hooks === undefined) return gradient;
  let current = gradient;
  for (const hook of [...hooks.values()]) {
    const replaced = hook(current);
    if (replaced === undefined || replaced === null) continue;
    if (!(replaced instanceof Tensor)) {
      throw new ArgumentError(
        `${op}: a gradient hook returned ${show(replaced)}; return a Tensor or nothing`,
      );
    }
    if (!sameShape(replaced.shape, current.shape)) {
      throw new ShapeError(
        `${op}: a gradient hook changed the shape of the gradient from ${show(current.shape)} ` +
          `to ${show(replaced.shape)}; return a gradient of the same shape`,
      );
    }
    if (replaced.dtype !== current.dtype) {
      throw new DTypeError(
        `${op}: a gradient hook changed the dtype of the gradient from ${current.dtype} to ${replaced.dtype}`,
      );
    }
    if (replaced.backend !== current.backend) {
      throw new BackendError(
        `${op}: a gradient hook moved the gradient from '${current.device}' to '${replaced.device}'`,
      );
    }
    current = replaced;
  }
  return current;
}
