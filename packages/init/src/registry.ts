import { KERAS_ENTRIES } from './keras-entries';
import type { Entry, InitializerInfo } from './spec-types';
import { TORCH_ENTRIES } from './torch-entries';

const ENTRIES: readonly Entry[] = [...TORCH_ENTRIES, ...KERAS_ENTRIES];

/** @internal Entries by name. */
export const REGISTRY: ReadonlyMap<string, Entry> = new Map(
  ENTRIES.map((entry) => [entry.name, entry]),
);

/**
 * Every named initialiser with its parameters, defaults and the functions it mirrors, in a
 * stable order: enough for an app to build a menu and a form.
 *
 * @example
 * INITIALIZERS.map((info) => info.name); // ['uniform', 'normal', 'trunc_normal', ...]
 */
export const INITIALIZERS: readonly InitializerInfo[] = Object.freeze(
  ENTRIES.map(({ name, mirrors, description, params }) =>
    Object.freeze({
      name,
      mirrors: Object.freeze([...mirrors]),
      description,
      params: Object.freeze(params.map((p) => Object.freeze({ ...p }))),
    }),
  ),
);
