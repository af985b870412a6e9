import { Linear, type Module, ReLU, Sequential, Tanh } from '@x/nn';
import type { Tensor } from '@x/tensor';
import type { LabConfig } from './types';

/** Input features (x, y of a spiral point) and classes (which spiral). */
export const INPUT_FEATURES = 2;
export const CLASSES = 2;

/**
 * The lab's deep MLP: `depth` blocks of Linear(·, width) + activation, then Linear(width, 2).
 *
 * @example
 * String(buildMlp({ ...settings, depth: 2, width: 4 }));
 * // Sequential(\n  (0): Linear(in_features=2, out_features=4, bias=True)\n  (1): Tanh() ...
 */
export function buildMlp(config: Pick<LabConfig, 'depth' | 'width' | 'activation'>): Sequential {
  const layers: Module[] = [];
  let inFeatures = INPUT_FEATURES;
  for (let i = 0; i < config.depth; i++) {
    layers.push(new Linear(inFeatures, config.width));
    layers.push(config.activation === 'tanh' ? new Tanh() : new ReLU());
    inFeatures = config.width;
  }
  layers.push(new Linear(inFeatures, CLASSES));
  return new Sequential(...layers);
}

/** The Linear layers in the order data flows through them; the last is the output layer. */
export function linearLayers(net: Sequential): Linear[] {
  return [...net.children()].filter((layer): layer is Linear => layer instanceof Linear);
}

/** Every intermediate of one forward pass. */
export interface Trace {
  /** Each Linear's output, the logits last (depth + 1 tensors). */
  readonly preActivations: Tensor[];
  /** Each hidden layer's output after its activation (depth tensors). */
  readonly activations: Tensor[];
  readonly logits: Tensor;
}

/** Runs `net` layer by layer, keeping what each layer produced. */
export function tracedForward(net: Sequential, input: Tensor): Trace {
  const preActivations: Tensor[] = [];
  const activations: Tensor[] = [];
  let hidden = input;
  for (const layer of net.children()) {
    hidden = layer.forward(hidden);
    (layer instanceof Linear ? preActivations : activations).push(hidden);
  }
  return { preActivations, activations, logits: hidden };
}
