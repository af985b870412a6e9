import { ArgumentError, type Tensor } from '@x/tensor';
import { describe } from '../format';
import { Module } from '../module';
import { isModule, REGISTRY } from '../registration';
import { entryAt, INDEXED } from './index-check';
import type { Sequential as IndexedSequential } from './sequential';

export type Reverse<T extends readonly unknown[]> = T extends readonly [infer Head, ...infer Rest]
  ? [...Reverse<Rest>, Head]
  : [];

/** The type of `layers[index]`, negative indices counting from the end; Module when unknown. */
export type LayerAt<
  Layers extends readonly Module[],
  Index extends number,
> = `${Index}` extends keyof Layers
  ? Layers[Index]
  : `${Index}` extends `-${infer Back extends number}`
    ? `${Back}` extends keyof [never, ...Reverse<Layers>]
      ? [never, ...Reverse<Layers>][Back]
      : Module
    : Module;

/** `net[i]` of any Sequential (see withIndexing); sequential.ts types known positions. */
// biome-ignore lint/correctness/noUnusedVariables: merged declarations share type parameters
export interface Sequential<Layers extends Module[] = Module[]> {
  readonly [index: number]: Module;
}

/**
 * The class behind `Sequential` (see sequential.ts, which adds the types of `net[i]`). It
 * keeps the name Sequential so that modules print as PyTorch's do.
 */
// biome-ignore lint/suspicious/noUnsafeDeclarationMerging: the interface only adds net[i]
export class Sequential<const Layers extends Module[] = Module[]> extends Module {
  /** @internal `net[i]` is the module at position i (see withIndexing). */
  static readonly [INDEXED] = true;

  constructor(...layers: Layers) {
    super();
    layers.forEach((layer, index) => {
      if (!isModule(layer)) {
        throw new ArgumentError(
          `Sequential: modules must be Modules, got ${describe(layer)} at position ${index}`,
        );
      }
      this.registerModule(String(index), layer);
    });
  }

  /** The number of modules. */
  get length(): number {
    return this[REGISTRY].modules.size;
  }

  /** The modules, in order (a new array). */
  get layers(): Layers {
    return [...this] as Layers;
  }

  /**
   * The module at `index`; negative indices count from the end (net[i]). Its type comes
   * from the receiver's `this`, so Layers stays covariant: a Sequential of given layers
   * can still be passed where a `Sequential` is expected.
   */
  at<Own extends Module[], Index extends number>(
    this: Sequential<Own>,
    index: Index,
  ): LayerAt<Own, Index> {
    return entryAt(this, index, 'Sequential.at')[1] as LayerAt<Own, Index>;
  }

  /**
   * A new Sequential of the modules in [start, end), keeping their names, as PyTorch's
   * `net[1:3]` does; the modules themselves are shared, not copied.
   */
  slice(start = 0, end = this.length): IndexedSequential {
    const out = new Sequential<Module[]>();
    for (const [name, module] of [...this[REGISTRY].modules].slice(start, end))
      out.registerModule(name, module);
    return out as IndexedSequential;
  }

  /** Adds `module` at the end under the name String(length); returns this. */
  append(module: Module): this {
    this.registerModule(String(this.length), module);
    return this;
  }

  *[Symbol.iterator](): Iterator<Module> {
    for (const module of this[REGISTRY].modules.values()) if (module !== null) yield module;
  }

  override forward(input: Tensor): Tensor {
    let output = input;
    for (const module of this) output = module.forward(output);
    return output;
  }
}
