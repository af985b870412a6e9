import { noGrad } from '@x/autograd';
import { CrossEntropyLoss, type Sequential } from '@x/nn';
import type { Tensor } from '@x/tensor';
import { linearLayers, tracedForward } from './model';
import type { LayerRow } from './types';

/** A scalar tensor's value, on any backend (a GPU value is read asynchronously). */
export function readScalar(value: Tensor): Promise<number> {
  return value.itemAsync();
}

/**
 * One forward and backward pass of `net` on the whole batch, as initialised: for each
 * hidden layer, the std of its output and of the loss's gradient with respect to its weight.
 * Gradients are cleared again afterwards.
 */
export async function measureLayers(
  net: Sequential,
  inputs: Tensor,
  labels: Tensor,
  run: string,
): Promise<LayerRow[]> {
  net.zeroGrad();
  const trace = tracedForward(net, inputs);
  new CrossEntropyLoss().forward(trace.logits, labels).backward();
  const linears = linearLayers(net);
  const rows: LayerRow[] = [];
  for (const [index, activation] of trace.activations.entries()) {
    const [activationStd, gradientStd] = noGrad(() => [
      activation.std(),
      linears[index].weight.grad!.std(),
    ]);
    rows.push({
      run,
      layer: index + 1,
      activationStd: await readScalar(activationStd),
      gradientStd: await readScalar(gradientStd),
    });
  }
  net.zeroGrad();
  return rows;
}
