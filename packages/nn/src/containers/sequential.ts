import type { Module } from '../module';
import { type Reverse, Sequential as SequentialClass } from './sequential-class';

export type { LayerAt } from './sequential-class';

/** The properties `-1`, `-2`, ... of a tuple written backwards behind a placeholder. */
type FromEnd<Back extends readonly unknown[]> = {
  readonly [K in keyof Back as K extends `${number}`
    ? K extends '0'
      ? never
      : `-${K}`
    : never]: Back[K];
};

/**
 * The type of `net[i]`: each position of a known tuple of layers (from either end) has its
 * layer's type; any other number is a Module (as for `at(i)`, whose LayerAt agrees).
 */
export type IndexedLayers<Layers extends readonly Module[]> = {
  readonly [K in keyof Layers as K extends `${number}` ? K : never]: Layers[K];
} & FromEnd<[never, ...Reverse<Layers>]>;

/**
 * Runs its modules one after the other, each on the previous one's output
 * (torch.nn.Sequential). The layer types are kept, so `net[0]` (or `net.at(0)`) of
 * `new Sequential(new Linear(4, 8), new ReLU())` is a `Linear`. Children are named '0', '1',
 * ...; the same module may appear twice (its parameters are then tied). `net[i]` is the
 * module at position i, negative i counting from the end; an index out of range throws an
 * IndexError, as PyTorch's does.
 *
 * @example
 * const net = new Sequential(new Linear(4, 8), new ReLU(), new Linear(8, 1));
 * net.forward(rand([2, 4])).shape; // [2, 1]
 * net[0].weight.shape;             // [8, 4]
 * net[-1].outFeatures;             // 1
 */
export type Sequential<Layers extends Module[] = Module[]> = SequentialClass<Layers> &
  IndexedLayers<Layers>;

/** Sequential's constructor, typed so that its instances have `net[i]`. */
export interface SequentialConstructor {
  new <const Layers extends Module[]>(...layers: Layers): Sequential<Layers>;
  readonly prototype: Sequential;
}

/** {@inheritDoc Sequential} */
export const Sequential: SequentialConstructor = SequentialClass as SequentialConstructor;
