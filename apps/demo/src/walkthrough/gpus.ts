import { LazyLinear, Sequential } from '@x/nn';
import { type Backend, cpu, ones, rand, toBackendAsync } from '@x/tensor';
import type { Transcript } from './transcript';

/**
 * d2l 6.7: computing on a device. The walkthrough runs on the backend given with --backend
 * (PyTorch's side of the transcript is its CPU): tensors are created there, copied with
 * .to(backend), and a module moved with .to(backend) before its first forward.
 */
export async function gpus(t: Transcript, backend: Backend): Promise<void> {
  t.heading('GPUs');
  t.step('const G = ones([2, 3])');
  const G = ones([2, 3]);
  t.step('const R = rand([2, 3])');
  const R = rand([2, 3]);
  t.step('R.add(G)');
  await t.tensor(R.add(G));
  t.step('(await toBackendAsync(R, cpu)).add(await toBackendAsync(G, cpu))');
  await t.tensor((await toBackendAsync(R, cpu)).add(await toBackendAsync(G, cpu)));
  t.step('const gpuNet = new Sequential(new LazyLinear(1)).to(backend)');
  const gpuNet = new Sequential(new LazyLinear(1)).to(backend);
  t.step('gpuNet.forward(G)');
  await t.tensor(gpuNet.forward(G));
  t.step('gpuNet[0].weight.backend === G.backend');
  t.out(String(gpuNet[0].weight.backend === G.backend));
}
