import type { Activation, LabConfig, LabSettings, LayerInit } from './types';

/** A named way to initialise every layer alike. */
export interface Preset {
  readonly label: string;
  readonly init: (activation: Activation) => LayerInit;
}

/**
 * The initialisers the lab compares. Kaiming's gain follows the activation (√2 for ReLU,
 * 5/3 for tanh), as its PyTorch docs advise; Xavier keeps Glorot's gain of 1.
 */
export const PRESETS: readonly Preset[] = [
  { label: 'normal(0, 0.01)', init: () => ({ name: 'normal', mean: 0, std: 0.01 }) },
  { label: 'constant(0.01)', init: () => ({ name: 'constant', value: 0.01 }) },
  { label: 'xavier_uniform', init: () => ({ name: 'xavier_uniform' }) },
  { label: 'xavier_normal', init: () => ({ name: 'xavier_normal' }) },
  {
    label: 'kaiming_uniform',
    init: (activation) => ({ name: 'kaiming_uniform', nonlinearity: activation }),
  },
  {
    label: 'kaiming_normal',
    init: (activation) => ({ name: 'kaiming_normal', nonlinearity: activation }),
  },
  { label: 'orthogonal', init: () => ({ name: 'orthogonal' }) },
  { label: 'lsuv', init: () => ({ name: 'lsuv' }) },
];

export function findPreset(label: string): Preset | undefined {
  return PRESETS.find((preset) => preset.label === label || preset.label.split('(')[0] === label);
}

/** The config that initialises every layer with `preset`. */
export function presetConfig(settings: LabSettings, preset: Preset): LabConfig {
  const init = preset.init(settings.activation);
  return { ...settings, inits: Array.from({ length: settings.depth }, () => init) };
}

/**
 * Defaults: Glorot & Bengio's 10 hidden layers of 256, on 128 points, for 200 full-batch SGD
 * steps; about ten seconds an initialiser on a laptop's CPU.
 */
export const DEFAULT_SETTINGS: LabSettings = {
  seed: 0,
  depth: 10,
  width: 256,
  activation: 'tanh',
  pointsPerClass: 64,
  steps: 200,
  learningRate: 0.02,
  momentum: 0.9,
};
