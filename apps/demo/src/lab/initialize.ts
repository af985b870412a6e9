import { noGrad } from '@x/autograd';
import { fromSpec, lsuv_ } from '@x/init';
import type { Sequential } from '@x/nn';
import type { Generator, Tensor } from '@x/tensor';
import { linearLayers, type Trace, tracedForward } from './model';
import type { LabConfig, LayerInit } from './types';

/** The initialiser of Linear layer `index`; the output layer (index depth) takes the last. */
export function layerInit(config: LabConfig, index: number): LayerInit {
  return config.inits[Math.min(index, config.inits.length - 1)];
}

/**
 * Initialises every Linear of `net` as `config.inits` says, biases to zero, drawing from
 * `generator`. Layers marked LSUV are then set by @x/init's lsuv_ on `batch`, in order, after
 * every other layer is in place (LSUV scales a layer by the variance of what it outputs,
 * which depends on the layers before it).
 */
export async function initialize(
  net: Sequential,
  config: LabConfig,
  batch: Tensor,
  generator: Generator,
): Promise<void> {
  const linears = linearLayers(net);
  noGrad(() => {
    linears.forEach((linear, index) => {
      linear.bias?.zero_();
      const init = layerInit(config, index);
      if (init.name !== 'lsuv') fromSpec(init)(linear.weight, { generator });
    });
  });
  const lsuvLayers = linears.filter((_, index) => layerInit(config, index).name === 'lsuv');
  if (lsuvLayers.length === 0) return;
  let trace: Trace | undefined;
  await lsuv_(
    () => {
      trace = tracedForward(net, batch);
    },
    lsuvLayers.map((linear) => ({
      weight: linear.weight,
      output: () => trace!.preActivations[linears.indexOf(linear)],
    })),
    { generator },
  );
}
