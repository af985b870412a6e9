import { type Backend, Generator, manualSeed } from '@x/tensor';
import { checkConfig } from './config';
import { initialize } from './initialize';
import { measureLayers } from './measure';
import { buildMlp } from './model';
import { twoSpirals } from './spirals';
import { type TrainCallbacks, train } from './train';
import type { LabConfig, LabResult, LayerRow } from './types';

export interface RunOptions extends TrainCallbacks {
  /** Where the network is measured and trained. */
  backend: Backend;
  /** The name of this run in tables and plots. */
  run: string;
  /** Called once the per-layer measures at initialisation are known. */
  onLayers?: (rows: LayerRow[]) => void | Promise<void>;
}

/**
 * One lab run: two spirals and an MLP drawn from `config.seed`, initialised on the CPU
 * (so every backend starts from the same weights), then moved to `backend`, measured layer
 * by layer, and trained. Shared by the CLI and the web page.
 *
 * @example
 * const result = await runLab(presetConfig(DEFAULT_SETTINGS, PRESETS[2]), { backend: cpu, run: 'xavier' });
 * result.layers[9].activationStd; result.losses.at(-1)?.loss; result.accuracy;
 */
export async function runLab(config: LabConfig, options: RunOptions): Promise<LabResult> {
  checkConfig(config);
  const { backend, run } = options;
  manualSeed(config.seed);
  const generator = new Generator({ seed: config.seed });
  const data = twoSpirals(config.pointsPerClass, generator);
  const net = buildMlp(config);
  await initialize(net, config, data.inputs, generator);
  net.to(backend);
  const inputs = data.inputs.to(backend);
  const labels = data.labels.to(backend);
  const layers = await measureLayers(net, inputs, labels, run);
  await options.onLayers?.(layers);
  const { losses, accuracy } = await train(net, inputs, labels, config, run, options);
  return { run, config, layers, losses, accuracy };
}
