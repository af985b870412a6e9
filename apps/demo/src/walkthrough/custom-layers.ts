import { LazyLinear, Module, Parameter, Sequential } from '@x/nn';
import { rand, randn, relu, type Tensor, tensor } from '@x/tensor';
import type { Transcript } from './transcript';

/** d2l 6.5.1: a layer without parameters. */
class CenteredLayer extends Module {
  override forward(X: Tensor): Tensor {
    return X.sub(X.mean());
  }
}

/** d2l 6.5.2: a layer with parameters, created as Parameter fields. */
class MyLinear extends Module {
  weight: Parameter;
  bias: Parameter;
  constructor(inUnits: number, units: number) {
    super();
    this.weight = new Parameter(randn([inUnits, units]));
    this.bias = new Parameter(randn([units]));
  }
  override forward(X: Tensor): Tensor {
    return relu(X.matmul(this.weight.data).add(this.bias.data));
  }
}

/** d2l 6.5: custom layers, with and without parameters. */
export async function customLayers(t: Transcript): Promise<void> {
  t.heading('Custom layers');
  t.step('const centered = new CenteredLayer()');
  const centered = new CenteredLayer();
  t.step('centered.forward(tensor([1, 2, 3, 4, 5]))');
  await t.tensor(centered.forward(tensor([1, 2, 3, 4, 5])));
  t.step('const centeredNet = new Sequential(new LazyLinear(128), new CenteredLayer())');
  const centeredNet = new Sequential(new LazyLinear(128), new CenteredLayer());
  // The mean is 0 up to rounding, whose digits differ between summation orders.
  t.step('(await centeredNet.forward(rand([4, 8])).mean().abs().itemAsync()) < 1e-6');
  const mean = await centeredNet
    .forward(rand([4, 8]))
    .mean()
    .abs()
    .itemAsync();
  t.out(String(mean < 1e-6));
  t.step('const myLinear = new MyLinear(5, 3)');
  const myLinear = new MyLinear(5, 3);
  t.step('myLinear.weight');
  await t.tensor(myLinear.weight);
  t.step('myLinear.forward(rand([2, 5]))');
  await t.tensor(myLinear.forward(rand([2, 5])));
  t.step('const myNet = new Sequential(new MyLinear(64, 8), new MyLinear(8, 1))');
  const myNet = new Sequential(new MyLinear(64, 8), new MyLinear(8, 1));
  t.step('myNet.forward(rand([2, 64]))');
  await t.tensor(myNet.forward(rand([2, 64])));
}
