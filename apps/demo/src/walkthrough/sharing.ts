import { LazyLinear, Linear, Module, Parameter, ReLU, Sequential } from '@x/nn';
import { ones, rand, type Tensor } from '@x/tensor';
import type { Transcript } from './transcript';

/** d2l 6.2.3: one module used twice shares its parameters, and their gradients add up. */
export async function tiedParameters(t: Transcript, X: Tensor): Promise<void> {
  t.heading('Tied parameters');
  t.step('const shared = new Linear(8, 8)');
  const shared = new Linear(8, 8);
  t.step(
    'const tied = new Sequential(new Linear(4, 8), new ReLU(), shared, new ReLU(), shared, new ReLU(), new Linear(8, 1))',
  );
  const tied = new Sequential(
    new Linear(4, 8),
    new ReLU(),
    shared,
    new ReLU(),
    shared,
    new ReLU(),
    new Linear(8, 1),
  );
  t.step('tied.forward(X)');
  await t.tensor(tied.forward(X));
  const compareFirstRows = async () => {
    t.step('tied[2].weight.data.get(0).eq(tied[4].weight.data.get(0))');
    await t.tensor(tied[2].weight.data.get(0).eq(tied[4].weight.data.get(0)));
  };
  await compareFirstRows();
  t.step('tied[2].weight.data.set([0, 0], 100)');
  tied[2].weight.data.set([0, 0], 100);
  await compareFirstRows();
  t.step('tied[2].weight === tied[4].weight');
  t.out(String(tied[2].weight === tied[4].weight));
  t.step('tied.namedParameters()');
  t.namedShapes(tied.namedParameters());
  t.step('tied.forward(X).sum().backward()');
  tied.forward(X).sum().backward();
  t.step('tied[2].bias.grad');
  await t.tensor(tied[2].bias.grad!);

  t.heading('Gradients of a tied parameter add up');
  t.step('const scale = new Linear(1, 1, { bias: false })');
  const scale = new Linear(1, 1, { bias: false });
  t.step('scale.weight.data.fill_(3)');
  scale.weight.data.fill_(3);
  // y = w * (w * x) with x = 1: y = 9 and dy/dw = 2 * w * x = 6.
  t.step('const y = new Sequential(scale, scale).forward(ones([1, 1]))');
  const y = new Sequential(scale, scale).forward(ones([1, 1]));
  t.step('y');
  await t.tensor(y);
  t.step('y.backward()');
  y.backward();
  t.step('scale.weight.grad');
  await t.tensor(scale.weight.grad!);
}

/** Only Parameter fields are registered; a plain tensor field is not a parameter. */
class MyModule extends Module {
  weight1 = new Parameter(rand([20, 20]));
  weight2 = rand([20, 20]);
  override forward(x: Tensor): Tensor {
    return x.matmul(this.weight1);
  }
}

export async function registration(t: Transcript): Promise<void> {
  t.heading('Only Parameter fields are registered');
  t.step('const mine = new MyModule()');
  const mine = new MyModule();
  t.step('mine.namedParameters()');
  t.namedShapes(mine.namedParameters());
}

/** d2l 6.4: LazyLinear infers in_features at the first forward call. */
export async function lazyInit(t: Transcript, X: Tensor): Promise<void> {
  t.heading('Lazy initialisation');
  t.step('const lazy = new Sequential(new LazyLinear(8), new ReLU(), new LazyLinear(1))');
  const lazy = new Sequential(new LazyLinear(8), new ReLU(), new LazyLinear(1));
  t.step('String(lazy)');
  t.out(String(lazy));
  // PyTorch holds an UninitializedParameter here; reading our weight before forward() throws.
  t.step('lazy[0].inFeatures');
  t.out(String(lazy[0].inFeatures));
  t.step('lazy.forward(X)');
  await t.tensor(lazy.forward(X));
  t.step('String(lazy)');
  t.out(String(lazy));
  t.step('lazy[0].weight.shape');
  t.out(`[${lazy[0].weight.shape.join(', ')}]`);
}
