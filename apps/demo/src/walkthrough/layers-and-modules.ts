import { LazyLinear, Module, ReLU, Sequential } from '@x/nn';
import { rand, relu, type Tensor, where } from '@x/tensor';
import { formatShape, type Transcript } from './transcript';

/** d2l 6.1.2: a module written by hand: its layers as fields, its forward as a method. */
export class MLP extends Module {
  hidden = new LazyLinear(256);
  out = new LazyLinear(10);
  override forward(X: Tensor): Tensor {
    return this.out.forward(relu(this.hidden.forward(X)));
  }
}

/** d2l 6.1.3: Sequential rebuilt from addModule and children(). */
class MySequential extends Module {
  constructor(...modules: Module[]) {
    super();
    for (const [index, module] of modules.entries()) this.addModule(String(index), module);
  }
  override forward(X: Tensor): Tensor {
    for (const module of this.children()) X = module.forward(X);
    return X;
  }
}

/** d2l 6.1.4: a constant (not a Parameter), a layer used twice, and control flow. */
class FixedHiddenMLP extends Module {
  randWeight = rand([20, 20]);
  linear = new LazyLinear(20);
  override forward(input: Tensor): Tensor {
    let X = this.linear.forward(input);
    X = relu(X.matmul(this.randWeight).add(1));
    X = this.linear.forward(X);
    // d2l's `while X.abs().sum() > 1: X /= 2` reads the sum on the host, which a GPU tensor
    // only allows asynchronously; halving while the sum is above 1 (at most 64 times, more
    // than a float32 sum needs) keeps forward synchronous on every backend, with the same bits.
    for (let i = 0; i < 64; i++) X = where(X.abs().sum().gt(1), X.div(2), X);
    return X.sum();
  }
}

/** d2l 6.1.4: modules nested inside modules. */
class NestMLP extends Module {
  net = new Sequential(new LazyLinear(64), new ReLU(), new LazyLinear(32), new ReLU());
  linear = new LazyLinear(16);
  override forward(X: Tensor): Tensor {
    return this.linear.forward(this.net.forward(X));
  }
}

/** d2l 6.1: layers and modules, from Sequential to modules written by hand. */
export async function layersAndModules(t: Transcript, X20: Tensor): Promise<void> {
  t.heading('Layers and modules');
  t.step('const seq = new Sequential(new LazyLinear(256), new ReLU(), new LazyLinear(10))');
  const seq = new Sequential(new LazyLinear(256), new ReLU(), new LazyLinear(10));
  t.step('seq.forward(X20).shape');
  t.out(formatShape(seq.forward(X20).shape));
  t.step('const mlp = new MLP()');
  const mlp = new MLP();
  t.step('mlp.forward(X20).shape');
  t.out(formatShape(mlp.forward(X20).shape));
  t.step('String(mlp)');
  t.out(String(mlp));
  t.step('const mySeq = new MySequential(new LazyLinear(256), new ReLU(), new LazyLinear(10))');
  const mySeq = new MySequential(new LazyLinear(256), new ReLU(), new LazyLinear(10));
  t.step('mySeq.forward(X20).shape');
  t.out(formatShape(mySeq.forward(X20).shape));
  t.step('const fixed = new FixedHiddenMLP()');
  const fixed = new FixedHiddenMLP();
  t.step('fixed.forward(X20)');
  await t.tensor(fixed.forward(X20));
  t.step('fixed.namedParameters()');
  t.namedShapes(fixed.namedParameters());
  t.step(
    'const chimera = new Sequential(new NestMLP(), new ReLU(), new LazyLinear(20), new FixedHiddenMLP())',
  );
  const chimera = new Sequential(
    new NestMLP(),
    new ReLU(),
    new LazyLinear(20),
    new FixedHiddenMLP(),
  );
  t.step('chimera.forward(X20)');
  await t.tensor(chimera.forward(X20));
  t.step('String(chimera)');
  t.out(String(chimera));
}
