import { Module } from '../module';
import { REGISTRY } from '../registration';
import { entryAt, INDEXED } from './index-check';

/** `list[i]`: the module at position i, negative i counting from the end (see withIndexing). */
export interface ModuleList<Item extends Module = Module> {
  readonly [index: number]: Item;
}

/**
 * An array of modules whose parameters are registered (torch.nn.ModuleList). It has no
 * forward(): the owner decides how to call its entries.
 *
 * @example
 * const layers = new ModuleList([new Linear(4, 4), new Linear(4, 4)]);
 * for (const layer of layers) x = layer.forward(x);
 * layers[-1].outFeatures; // 4
 */
// biome-ignore lint/suspicious/noUnsafeDeclarationMerging: the interface only adds list[i]
export class ModuleList<Item extends Module = Module> extends Module {
  /** @internal `list[i]` is the module at position i (see withIndexing). */
  static readonly [INDEXED] = true;

  constructor(modules: Iterable<Item> = []) {
    super();
    this.extend(modules);
  }

  get length(): number {
    return this[REGISTRY].modules.size;
  }

  /** The module at `index`; negative indices count from the end. */
  at(index: number): Item {
    return entryAt(this, index, 'ModuleList.at')[1] as Item;
  }

  /** A new ModuleList of the modules in [start, end), renumbered from 0 as PyTorch does. */
  slice(start = 0, end = this.length): ModuleList<Item> {
    return new ModuleList([...this].slice(start, end));
  }

  append(module: Item): this {
    this.registerModule(String(this.length), module);
    return this;
  }

  extend(modules: Iterable<Item>): this {
    for (const module of modules) this.append(module);
    return this;
  }

  /** Inserts `module` before `index`, renumbering the entries after it. */
  insert(index: number, module: Item): void {
    const items = [...this];
    const position = index < 0 ? Math.max(items.length + index, 0) : Math.min(index, items.length);
    items.splice(position, 0, module);
    items.forEach((item, i) => {
      this.registerModule(String(i), item);
    });
  }

  *[Symbol.iterator](): Iterator<Item> {
    for (const module of this[REGISTRY].modules.values()) yield module as Item;
  }
}
