// Type tests: `tsc --noEmit` (the package's typecheck) compiles this file and fails on any
// line below that stops compiling, or on an `@ts-expect-error` line that starts to. Vitest
// does not run it (nothing here executes).
import { expectTypeOf } from 'vitest';
import {
  LazyLinear,
  Linear,
  type Module,
  ModuleList,
  type Parameter,
  ReLU,
  Sequential,
} from '../src';

declare const flag: boolean;
const net = new Sequential(new Linear(4, 8), new ReLU(), new Linear(8, 1, { bias: false }));

// net[i] and at(i) type each position, without casts or `!`.
expectTypeOf(net[0].weight).toEqualTypeOf<Parameter>();
expectTypeOf(net[0].bias.shape).toEqualTypeOf<readonly number[]>();
expectTypeOf(net[1]).toEqualTypeOf<ReLU>();
expectTypeOf(net[-1]).toEqualTypeOf<Linear<false>>();
expectTypeOf(net[-1].bias).toEqualTypeOf<null>();
expectTypeOf(net.at(0).bias).toEqualTypeOf<Parameter>();
// @ts-expect-error ReLU has no weight
net[1].weight;
// @ts-expect-error the last layer has no bias
net[2].bias.shape;

// A Sequential whose layers are not known statically gives Modules.
const layers: Module[] = [new Linear(2, 2), new ReLU()];
const built = new Sequential(...layers);
expectTypeOf(built[0]).toEqualTypeOf<Module>();
const anyNet: Sequential = net;
expectTypeOf(anyNet[5]).toEqualTypeOf<Module>();
// @ts-expect-error a Module may have no weight
anyNet[0].weight;

// ModuleList types each entry as its item type.
const list = new ModuleList([new Linear(3, 3), new Linear(3, 3)]);
expectTypeOf(list[-1].bias.shape).toEqualTypeOf<readonly number[]>();

// Linear's bias: a Parameter unless the constructor was told `bias: false`.
expectTypeOf(new Linear(4, 8).bias.shape).toEqualTypeOf<readonly number[]>();
expectTypeOf(new Linear(4, 8, { bias: true }).bias).toEqualTypeOf<Parameter>();
expectTypeOf(new Linear(4, 8, {}).bias).toEqualTypeOf<Parameter>();
expectTypeOf(new Linear(4, 8, { bias: false }).bias).toEqualTypeOf<null>();
expectTypeOf(new Linear(4, 8, { bias: flag }).bias).toEqualTypeOf<Parameter | null>();
// @ts-expect-error no bias to read a shape from
new Linear(4, 8, { bias: false }).bias.shape;
// @ts-expect-error a bias known only at run time may be null
new Linear(4, 8, { bias: flag }).bias.shape;
// @ts-expect-error a Linear without bias is not a Linear with one
const biased: Linear = new Linear(4, 8, { bias: false });

// instanceof narrows a Module to a Linear whose bias may be null.
declare const module: Module;
if (module instanceof Linear) expectTypeOf(module.bias).toEqualTypeOf<Parameter | null>();

// A LazyLinear's bias exists only after the first forward().
expectTypeOf(new LazyLinear(8).bias).toEqualTypeOf<Parameter | null>();

export { biased };
