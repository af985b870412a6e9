import * as init from '@x/init';
import { Linear, type Module, type ReLU, type Sequential } from '@x/nn';
import { formatShape, type Transcript } from './transcript';

type Net = Sequential<[Linear, ReLU, Linear]>;

/** d2l 6.3.1: built-in initialisers applied with Module.apply. */
export async function builtInInit(t: Transcript, net: Net): Promise<void> {
  t.heading('Built-in initialisation');
  t.step('net.apply(initNormal)');
  net.apply((m: Module) => {
    if (m instanceof Linear) {
      init.normal_(m.weight, { mean: 0, std: 0.01 });
      init.zeros_(m.bias!);
    }
  });
  await showFirstRow(t, net);
  t.step('net.apply(initConstant)');
  net.apply((m: Module) => {
    if (m instanceof Linear) {
      init.constant_(m.weight, 1);
      init.zeros_(m.bias!);
    }
  });
  await showFirstRow(t, net);
  t.step('net[0].apply(initXavier)');
  net[0].apply((m: Module) => {
    if (m instanceof Linear) init.xavierUniform_(m.weight);
  });
  t.step('net[2].apply(init42)');
  net[2].apply((m: Module) => {
    if (m instanceof Linear) init.constant_(m.weight, 42);
  });
  t.step('net[0].weight.data.get(0)');
  await t.tensor(net[0].weight.data.get(0));
  t.step('net[2].weight.data');
  await t.tensor(net[2].weight.data);
}

async function showFirstRow(t: Transcript, net: Net): Promise<void> {
  t.step('net[0].weight.data.get(0)');
  await t.tensor(net[0].weight.data.get(0));
  t.step('net[0].bias.data.get(0)');
  await t.tensor(net[0].bias.data.get(0));
}

/** d2l 6.3.1.3: a custom initialiser, then editing parameters directly. */
export async function customInit(t: Transcript, net: Net): Promise<void> {
  t.heading('Custom initialisation');
  t.step('net.apply(myInit)');
  net.apply((m: Module) => {
    if (!(m instanceof Linear)) return;
    const [name, param] = [...m.namedParameters()][0];
    t.out(`Init ${name} ${formatShape(param.shape)}`);
    // U(-10, 10), then keep only the entries with |w| >= 5.
    init.uniform_(m.weight, { a: -10, b: 10 });
    const w = m.weight.data;
    w.mul_(w.abs().ge(5));
  });
  t.step("net[0].weight.get(':2')");
  await t.tensor(net[0].weight.get(':2'));
  t.step('net[0].weight.data.add_(1)');
  net[0].weight.data.add_(1);
  t.step('net[0].weight.data.set([0, 0], 42)');
  net[0].weight.data.set([0, 0], 42);
  t.step('net[0].weight.data.get(0)');
  await t.tensor(net[0].weight.data.get(0));
}
