// Module hooks (PyTorch's _forward_pre_hooks, _forward_hooks, _backward_hooks). x has no
// __call__: users and containers call `module.forward(...)`. So the first hook registered on a
// module wraps its forward in an own property that runs the hooks around the class's
// forward, as PyTorch's Module._call_impl does; a module without hooks is left untouched.
import { RemovableHandle } from '@x/autograd';
import { ArgumentError } from '@x/tensor';
import { BackwardHook, type FullBackwardHook } from './backward-hook';
import { describe } from './format';
import type { Module } from './module';

export type { FullBackwardHook } from './backward-hook';

/** A hook of registerForwardPreHook; it may return replacement inputs (an array, or one input). */
export type ForwardPreHook<M extends Module = Module> = (module: M, inputs: any[]) => any;

/** A hook of registerForwardHook; it may return a replacement output. */
export type ForwardHook<M extends Module = Module> = (module: M, inputs: any[], output: any) => any;

/** The hooks registered on one module, each map in registration order. */
export interface ModuleHooks {
  readonly forwardPre: Map<number, ForwardPreHook<any>>;
  readonly forward: Map<number, ForwardHook<any>>;
  readonly backward: Map<number, FullBackwardHook<any>>;
}

const registered = new WeakMap<Module, ModuleHooks>();

/** The hooks of `module`, creating them (and wrapping its forward) on first use. */
export function moduleHooks(module: Module): ModuleHooks {
  let hooks = registered.get(module);
  if (hooks === undefined) {
    hooks = { forwardPre: new Map(), forward: new Map(), backward: new Map() };
    registered.set(module, hooks);
    wrapForward(module, hooks);
  }
  return hooks;
}

/** Adds `hook` to one of `module`'s hook maps after checking that it is a function. */
export function addHook<K extends keyof ModuleHooks>(
  module: Module,
  kind: K,
  hook: unknown,
  op: string,
): RemovableHandle {
  if (typeof hook !== 'function') {
    throw new ArgumentError(`${op}: hook must be a function, got ${describe(hook)}`);
  }
  const hooks = moduleHooks(module)[kind] as Map<number, unknown>;
  return RemovableHandle.add(hooks, hook);
}

function wrapForward(module: Module, hooks: ModuleHooks): void {
  // A forward the user assigned to this instance; else the class's, looked up at each call
  // (a LazyLinear becomes a Linear during its first call).
  const assigned = Object.hasOwn(module, 'forward') ? module.forward : null;
  let running = false;
  Object.defineProperty(module, 'forward', {
    value: (...inputs: unknown[]) => {
      const forward = assigned ?? Object.getPrototypeOf(module).forward;
      // A forward calling this.forward again is PyTorch's self.forward(): no hooks.
      if (running) return forward.apply(module, inputs);
      running = true;
      try {
        return callWithHooks(module, forward, hooks, inputs);
      } finally {
        running = false;
      }
    },
    writable: true,
    enumerable: false,
    configurable: true,
  });
}

/** Module._call_impl of PyTorch 1.13, less the global hooks. */
function callWithHooks(
  module: Module,
  forward: (...inputs: unknown[]) => unknown,
  hooks: ModuleHooks,
  args: unknown[],
): unknown {
  let inputs = args;
  for (const hook of [...hooks.forwardPre.values()]) {
    const result = hook(module, inputs);
    if (result !== undefined && result !== null) {
      inputs = Array.isArray(result) ? result : [result];
    }
  }
  const backwardHooks = [...hooks.backward.values()];
  const backwardHook = backwardHooks.length > 0 ? new BackwardHook(module, backwardHooks) : null;
  if (backwardHook !== null) inputs = backwardHook.setupInputHook(inputs);
  let output = forward.apply(module, inputs);
  for (const hook of [...hooks.forward.values()]) {
    const result = hook(module, inputs, output);
    if (result !== undefined && result !== null) output = result;
  }
  if (backwardHook !== null) output = backwardHook.setupOutputHook(output);
  return output;
}
