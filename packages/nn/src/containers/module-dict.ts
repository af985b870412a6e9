import { ArgumentError } from '@x/tensor';
import { Module } from '../module';
import { REGISTRY } from '../registration';

/**
 * Modules by name, registered in insertion order (torch.nn.ModuleDict). Names are
 * registered as fields, so a name may not shadow a method ('get', 'keys', ...).
 *
 * @example
 * const heads = new ModuleDict({ classify: new Linear(8, 3), regress: new Linear(8, 1) });
 * heads.get('classify').outFeatures; // 3
 */
export class ModuleDict<
  Modules extends Record<string, Module> = Record<string, Module>,
> extends Module {
  constructor(modules: Modules | Iterable<[string, Module]> = {} as Modules) {
    super();
    this.update(modules);
  }

  get length(): number {
    return this[REGISTRY].modules.size;
  }

  /** The module registered under `key`; an ArgumentError if there is none. */
  get<Key extends keyof Modules & string>(key: Key): Modules[Key] {
    const module = this[REGISTRY].modules.get(key);
    if (module === undefined || module === null) {
      throw new ArgumentError(
        `ModuleDict.get: no module named '${key}' (has ${this.describeKeys()})`,
      );
    }
    return module as Modules[Key];
  }

  /** Registers `module` under `key`, replacing any module of that name in place. */
  set(key: string, module: Module): this {
    this.registerModule(key, module);
    return this;
  }

  has(key: string): boolean {
    return this[REGISTRY].modules.has(key);
  }

  /** Removes and returns the module under `key` (pop). */
  pop<Key extends keyof Modules & string>(key: Key): Modules[Key] {
    const module = this.get(key);
    delete (this as Record<string, unknown>)[key];
    return module;
  }

  /** Adds every (key, module) pair of a record, Map or iterable of pairs. */
  update(modules: Record<string, Module> | Iterable<[string, Module]>): this {
    const entries = Symbol.iterator in modules ? modules : Object.entries(modules);
    for (const [key, module] of entries as Iterable<[string, Module]>) this.set(key, module);
    return this;
  }

  keys(): string[] {
    return [...this[REGISTRY].modules.keys()];
  }

  values(): Module[] {
    return this.entries().map(([, module]) => module);
  }

  entries(): [string, Module][] {
    return [...this[REGISTRY].modules].filter(
      (entry): entry is [string, Module] => entry[1] !== null,
    );
  }

  /** Iterates over the keys, as a Python dict does. */
  [Symbol.iterator](): Iterator<string> {
    return this.keys()[Symbol.iterator]();
  }

  private describeKeys(): string {
    return this.length === 0
      ? 'none'
      : this.keys()
          .map((k) => `'${k}'`)
          .join(', ');
  }
}
