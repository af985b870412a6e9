import { ArgumentError, type Tensor } from '@x/tensor';
import { describe } from '../format';
import { Module } from '../module';
import { isModule, REGISTRY } from '../registration';
import { entryAt } from './index-check';

type Reverse<T extends readonly unknown[]> = T extends readonly [infer Head, ...infer Rest]
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

/**
 * Runs its modules one after the other, each on the previous one's output
 * (torch.nn.Sequential). The layer types are kept, so `at(0)` of
 * `new Sequential(new Linear(4, 8), new ReLU())` is a `Linear`. Children are named '0', '1',
 * ...; the same module may appear twice (its parameters are then tied).
 *
 * @example
 * const net = new Sequential(new Linear(4, 8), new ReLU(), new Linear(8, 1));
 * net.forward(rand([2, 4])).shape; // [2, 1]
 * net.at(0).weight.shape;          // [8, 4]
 * net.at(-1).outFeatures;          // 1
 */
export class Sequential<const Layers extends Module[] = Module[]> extends Module {
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
  slice(start = 0, end = this.length): Sequential {
    const out = new Sequential<Module[]>();
    for (const [name, module] of [...this[REGISTRY].modules].slice(start, end))
      out.registerModule(name, module);
    return out;
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
