import { IndexError } from '@x/tensor';
import type { Module } from '../module';
import { REGISTRY } from '../registration';

/** The (name, module) at a Python-style index of a container's children. */
export function entryAt(container: Module, index: number, op: string): [string, Module | null] {
  const entries = [...container[REGISTRY].modules];
  const size = entries.length;
  if (!Number.isInteger(index) || index < -size || index >= size) {
    throw new IndexError(
      `${op}: index ${index} is out of range for a container of ${size} modules`,
    );
  }
  return entries[index < 0 ? index + size : index];
}

/**
 * Marks a container class whose instances answer `container[i]` by position (Sequential,
 * ModuleList): a static member under this key, inherited by subclasses.
 */
export const INDEXED: unique symbol = Symbol.for('x.nn.indexed');

/** An integer as JavaScript writes it as a property key: '0', '12', '-1' (not '01', '1.5'). */
const INTEGER_KEY = /^-?(?:0|[1-9]\d*)$/;

/**
 * Adds a `get` trap to a Module's proxy handler so that `container[i]` is the child at
 * position i, negative i counting from the end (Python's __getitem__), and an index out of
 * range throws an IndexError naming it and the length instead of reading undefined. Position,
 * not name: a slice keeps its children's names ('1', '2', ...) yet `slice[0]` is its first.
 */
export function withIndexing(handler: ProxyHandler<Module>): ProxyHandler<Module> {
  return {
    ...handler,
    get(target, key, receiver) {
      if (typeof key === 'string' && INTEGER_KEY.test(key)) {
        return entryAt(target, Number(key), `${target.constructor.name}[${key}]`)[1];
      }
      return Reflect.get(target, key, receiver);
    },
  };
}
