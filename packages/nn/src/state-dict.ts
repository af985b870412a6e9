import { noGrad } from '@x/autograd';
import { DisposedError, sameShape, show, Tensor } from '@x/tensor';
import { StateDictError } from './errors';
import { describe } from './format';
import type { Module } from './module';
import { REGISTRY } from './registration';

export interface StateDictOptions {
  /** Prepended to every key. */
  prefix?: string;
  /** Keep the parameters themselves instead of detached views (keep_vars). */
  keepVars?: boolean;
}

/** What loadStateDict reports, as PyTorch's _IncompatibleKeys. */
export interface LoadResult {
  missingKeys: string[];
  unexpectedKeys: string[];
}

/** The parameters and persistent buffers a module saves, by local name, nulls skipped. */
function localState(module: Module, op: string): Map<string, Tensor> {
  const registry = module[REGISTRY];
  const state = new Map<string, Tensor>();
  for (const [name, param] of module._ownParameters(op)) if (param !== null) state.set(name, param);
  for (const [name, buffer] of registry.buffers) {
    if (buffer !== null && !registry.nonPersistentBuffers.has(name)) state.set(name, buffer);
  }
  return state;
}

/**
 * Module.state_dict: own parameters, then own persistent buffers, then each child's
 * entries under `child.`; a tied tensor appears under every name it has.
 */
export function stateDict(module: Module, options: StateDictOptions = {}): Map<string, Tensor> {
  const out = new Map<string, Tensor>();
  const visit = (current: Module, prefix: string): void => {
    for (const [name, value] of localState(current, 'stateDict')) {
      out.set(prefix + name, options.keepVars ? value : value.detach());
    }
    for (const [name, child] of current[REGISTRY].modules) {
      if (child !== null) visit(child, `${prefix}${name}.`);
    }
  };
  visit(module, options.prefix ?? '');
  return out;
}

/**
 * Module.load_state_dict, all or nothing: every key is checked (and every source moved to
 * its target's backend) before the first copy, so an error leaves the module unchanged.
 * Missing and unexpected keys are errors when `strict` (the default) and are reported
 * either way; a shape mismatch is always an error. As PyTorch does for a plain dict, a
 * 0-d target takes element 0 of a 1-d source, and a module may fill an entry the dict
 * lacks (BatchNorm's num_batches_tracked becomes 0). A lazy module not yet run takes its
 * parameters' shapes from the state dict, as PyTorch's LazyModuleMixin does (a LazyLinear
 * reads inFeatures from its weight). A disposed source or target throws
 * DisposedError naming the key.
 *
 * @example
 * const net = new Linear(2, 1);
 * net.loadStateDict(new Map([['weight', tensor([[1, 2]])], ['bias', tensor([0])]]));
 */
export function loadStateDict(
  module: Module,
  state: Map<string, Tensor> | Record<string, Tensor>,
  options: { strict?: boolean } = {},
): LoadResult {
  const strict = options.strict ?? true;
  const entries: Map<string, unknown> =
    state instanceof Map ? state : new Map(Object.entries(state as Record<string, unknown>));
  const missingKeys: string[] = [];
  const unexpectedKeys: string[] = [];
  const errors: string[] = [];
  const copies: [target: Tensor, source: Tensor | number][] = [];
  const adoptions: (() => void)[] = [];

  const visit = (current: Module, prefix: string): void => {
    const lazy = current._lazyLoad(entries, prefix);
    if (lazy?.adopt !== undefined) adoptions.push(lazy.adopt);
    const local = lazy?.parameters ?? localState(current, 'loadStateDict');
    for (const [name, target] of local) {
      const key = prefix + name;
      if (target.isDisposed)
        throw new DisposedError(`loadStateDict: the module's tensor "${key}" was disposed`);
      if (!entries.has(key)) {
        const fill = current._missingStateValue(name);
        if (fill === undefined) missingKeys.push(key);
        else copies.push([target, fill]);
        continue;
      }
      const value = entries.get(key);
      if (!(value instanceof Tensor)) {
        errors.push(
          `While copying the parameter named "${key}", expected a Tensor from checkpoint but received ${describe(value)}`,
        );
        continue;
      }
      let source = value;
      if (source.isDisposed)
        throw new DisposedError(`loadStateDict: the state dict's tensor "${key}" was disposed`);
      // PyTorch's backward compatibility with 0.3 files, where scalars were saved as [1].
      if (target.shape.length === 0 && source.shape.length === 1 && source.shape[0] > 0)
        source = source.select(0, 0);
      if (!sameShape(source.shape, target.shape)) {
        errors.push(
          `size mismatch for ${key}: copying a param with shape ${show(source.shape)} from checkpoint, ` +
            `the shape in current model is ${show(target.shape)}.`,
        );
      } else {
        copies.push([target, source.to(target.backend)]);
      }
    }
    const children = current[REGISTRY].modules;
    for (const key of entries.keys()) {
      if (!key.startsWith(prefix)) continue;
      const head = key.slice(prefix.length).split('.', 1)[0];
      if (!children.has(head) && !local.has(head)) unexpectedKeys.push(key);
    }
    for (const [name, child] of children) if (child !== null) visit(child, `${prefix}${name}.`);
  };
  visit(module, '');

  if (strict && unexpectedKeys.length > 0) {
    errors.unshift(
      `Unexpected key(s) in state_dict: ${unexpectedKeys.map((k) => `"${k}"`).join(', ')}. `,
    );
  }
  if (strict && missingKeys.length > 0) {
    errors.unshift(
      `Missing key(s) in state_dict: ${missingKeys.map((k) => `"${k}"`).join(', ')}. `,
    );
  }
  if (errors.length > 0) {
    throw new StateDictError(
      `Error(s) in loading state_dict for ${module._getName()}:\n\t${errors.join('\n\t')}`,
    );
  }
  for (const adopt of adoptions) adopt();
  noGrad(() => {
    for (const [target, source] of copies) {
      if (typeof source === 'number') target.fill_(source);
      else target.copy_(source);
    }
  });
  return { missingKeys, unexpectedKeys };
}
