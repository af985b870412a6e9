// How a Module notices its fields. Class fields are defined on `this` after the base
// constructor has run, so Module's constructor returns a Proxy over itself: every field
// definition and every assignment (both reach the `defineProperty` trap) is sorted into
// parameters, buffers and submodules with the rules of PyTorch's Module.__setattr__, in
// assignment order, before the field itself is written.
import { ArgumentError, keep, Tensor } from '@x/tensor';
import { describe } from './format';
import type { Module } from './module';
import { Parameter } from './parameter';

/** What a Module keeps about its registered members (PyTorch's _parameters, _buffers, _modules). */
export interface Registry {
  readonly parameters: Map<string, Parameter | null>;
  readonly buffers: Map<string, Tensor | null>;
  readonly nonPersistentBuffers: Set<string>;
  readonly modules: Map<string, Module | null>;
}

/**
 * The key under which every Module keeps its Registry; it also marks an object as a Module.
 * Symbol.for, so the ESM and CJS builds, if both are loaded, recognise each other's modules.
 */
export const REGISTRY: unique symbol = Symbol.for('x.nn.registry');

export function isModule(value: unknown): value is Module {
  return typeof value === 'object' && value !== null && REGISTRY in value;
}

export function emptyRegistry(): Registry {
  return {
    parameters: new Map(),
    buffers: new Map(),
    nonPersistentBuffers: new Set(),
    modules: new Map(),
  };
}

/** Unregisters `name` from every kind but `keep`, whose entry keeps its position. */
function forget(registry: Registry, name: string, keep?: 'parameters' | 'modules'): void {
  if (keep !== 'parameters') registry.parameters.delete(name);
  if (keep !== 'modules') registry.modules.delete(name);
  registry.buffers.delete(name);
  registry.nonPersistentBuffers.delete(name);
}

function refuse(
  owner: Module,
  name: string,
  value: unknown,
  kind: string,
  expected: string,
): never {
  const hint =
    value === undefined
      ? ` (a subclass re-declaring the field? write 'declare ${name}: ...' so it is not reset to undefined)`
      : '';
  throw new ArgumentError(
    `${owner.constructor.name}: cannot assign ${describe(value)} as ${kind} '${name}' (${expected} expected)${hint}`,
  );
}

/** Module.__setattr__: registers `value` under `name` if it is (or replaces) a member. */
export function assignMember(
  owner: Module,
  registry: Registry,
  name: string,
  value: unknown,
): void {
  const { parameters, buffers, modules } = registry;
  if (value instanceof Parameter) {
    forget(registry, name, 'parameters');
    parameters.set(name, value);
  } else if (parameters.has(name)) {
    if (value !== null) refuse(owner, name, value, 'parameter', 'Parameter or null');
    parameters.set(name, null);
  } else if (isModule(value)) {
    forget(registry, name, 'modules');
    modules.set(name, value);
  } else if (modules.has(name)) {
    if (value !== null) refuse(owner, name, value, 'child module', 'Module or null');
    modules.set(name, null);
  } else if (buffers.has(name)) {
    if (value !== null && !(value instanceof Tensor))
      refuse(owner, name, value, 'buffer', 'Tensor or null');
    buffers.set(name, value === null ? null : keep(value as Tensor));
  }
}

/** The traps of the Proxy every Module constructor returns. */
export function registeringHandler(registry: Registry): ProxyHandler<Module> {
  return {
    defineProperty(target, key, descriptor) {
      if (typeof key === 'string' && 'value' in descriptor) {
        assignMember(target, registry, key, descriptor.value);
      }
      return Reflect.defineProperty(target, key, descriptor);
    },
    deleteProperty(target, key) {
      if (typeof key === 'string') forget(registry, key);
      return Reflect.deleteProperty(target, key);
    },
  };
}
