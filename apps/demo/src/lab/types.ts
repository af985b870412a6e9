import type { InitSpec } from '@x/init';

export type Activation = 'tanh' | 'relu';
export const ACTIVATIONS: readonly Activation[] = ['tanh', 'relu'];

/** LSUV is data-dependent, so it is not an @x/init spec; the lab runs @x/init's lsuv_ for it. */
export interface LsuvSpec {
  readonly name: 'lsuv';
}

/** How one layer's weight is initialised: any @x/init spec, or LSUV. */
export type LayerInit = InitSpec | LsuvSpec;

/** Everything that decides a lab run; the same config gives the same numbers on a backend. */
export interface LabConfig {
  readonly seed: number;
  /** Hidden layers (each Linear + activation); an output Linear to 2 classes follows. */
  readonly depth: number;
  readonly width: number;
  readonly activation: Activation;
  /**
   * One initialiser per hidden layer (length `depth`); the output layer takes the last one.
   * Biases start at zero.
   */
  readonly inits: readonly LayerInit[];
  /** Points per spiral; both spirals together are the batch for measuring and training. */
  readonly pointsPerClass: number;
  readonly steps: number;
  readonly learningRate: number;
  readonly momentum: number;
}

/** A config without its initialisers: what every preset of one comparison shares. */
export type LabSettings = Omit<LabConfig, 'inits'>;

/** Measures of one hidden layer (numbered from 1) at initialisation, on the whole batch. */
export interface LayerRow {
  readonly run: string;
  readonly layer: number;
  /** Std of the layer's output (after the activation). */
  readonly activationStd: number;
  /** Std of the cross-entropy loss's gradient with respect to the layer's weight. */
  readonly gradientStd: number;
}

export interface LossRow {
  readonly run: string;
  readonly step: number;
  readonly loss: number;
}

export interface LabResult {
  readonly run: string;
  readonly config: LabConfig;
  readonly layers: LayerRow[];
  /** Loss before each update: step 0 is the loss at initialisation. */
  readonly losses: LossRow[];
  /** Training accuracy after the last step. */
  readonly accuracy: number;
}
