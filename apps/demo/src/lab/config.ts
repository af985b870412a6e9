import { fromSpec } from '@x/init';
import { ACTIVATIONS, type LabConfig } from './types';

/** A lab setting out of range; the message names the setting, the range and the value. */
export class LabConfigError extends Error {
  override name = 'LabConfigError';
}

const LIMITS = {
  depth: [1, 100],
  width: [1, 4096],
  pointsPerClass: [2, 100_000],
  steps: [0, 100_000],
} as const;

/** Throws a LabConfigError for the first setting that is out of range. */
export function checkConfig(config: LabConfig): void {
  for (const [key, [low, high]] of Object.entries(LIMITS)) {
    const value = config[key as keyof typeof LIMITS];
    if (!Number.isInteger(value) || value < low || value > high) {
      throw new LabConfigError(`${key} must be an integer in [${low}, ${high}], got ${value}`);
    }
  }
  if (!Number.isSafeInteger(config.seed) || config.seed < 0) {
    throw new LabConfigError(`seed must be a non-negative integer, got ${config.seed}`);
  }
  if (!ACTIVATIONS.includes(config.activation)) {
    throw new LabConfigError(
      `activation must be one of ${ACTIVATIONS.join(', ')}, got ${config.activation}`,
    );
  }
  if (!(config.learningRate > 0) || !Number.isFinite(config.learningRate)) {
    throw new LabConfigError(`learningRate must be a positive number, got ${config.learningRate}`);
  }
  if (!(config.momentum >= 0 && config.momentum < 1)) {
    throw new LabConfigError(`momentum must be in [0, 1), got ${config.momentum}`);
  }
  if (config.inits.length !== config.depth) {
    throw new LabConfigError(
      `inits must name one initialiser per hidden layer (${config.depth}), got ${config.inits.length}`,
    );
  }
  // fromSpec checks each spec's name and parameters before any layer is built.
  for (const init of config.inits) if (init.name !== 'lsuv') fromSpec(init);
}
