import { load, saveAsync } from '@x/nn';
import { arange, randn, type Tensor, zeros } from '@x/tensor';
import { MLP } from './layers-and-modules';
import type { Transcript } from './transcript';

/**
 * d2l 6.6: tensors, lists, dictionaries and a model's parameters saved and loaded. saveAsync()
 * returns the file's bytes from any backend (save() does the same synchronously on the CPU);
 * write them with fs.writeFileSync or offer them as a download; load() takes them back.
 */
export async function fileIo(t: Transcript): Promise<void> {
  t.heading('File I/O');
  t.step('const x = arange(4)');
  const x = arange(4);
  t.step('const x2 = load<Tensor>(await saveAsync(x))');
  const x2 = load<Tensor>(await saveAsync(x));
  t.step('x2');
  await t.tensor(x2);
  t.step('const y = zeros([4])');
  const y = zeros([4]);
  t.step('const [x3, y3] = load<Tensor[]>(await saveAsync([x, y]))');
  const [x3, y3] = load<Tensor[]>(await saveAsync([x, y]));
  t.step('[x3, y3]');
  await t.value([x3, y3]);
  t.step('const mydict = load(await saveAsync({ x, y }))');
  const mydict = load(await saveAsync({ x, y }));
  t.step('mydict');
  await t.value(mydict);

  t.step('const mlp = new MLP()');
  const mlp = new MLP();
  t.step('const X = randn([2, 20])');
  const X = randn([2, 20]);
  t.step('const Y = mlp.forward(X)');
  const Y = mlp.forward(X);
  t.step('const params = await saveAsync(mlp.stateDict())');
  const params = await saveAsync(mlp.stateDict());
  t.step('const clone = new MLP()');
  const clone = new MLP();
  t.step('clone.loadStateDict(load(params))');
  clone.loadStateDict(load(params));
  t.step('clone.eval()');
  clone.eval();
  t.step('clone.forward(X).eq(Y)');
  await t.tensor(clone.forward(X).eq(Y));
}
