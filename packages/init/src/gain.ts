import { ArgumentError, show } from '@x/tensor';
import { rejectExtra } from './arguments';

/** The nonlinearities calculateGain knows, spelled as in PyTorch. */
export const NONLINEARITIES = [
  'linear',
  'conv1d',
  'conv2d',
  'conv3d',
  'conv_transpose1d',
  'conv_transpose2d',
  'conv_transpose3d',
  'sigmoid',
  'tanh',
  'relu',
  'leaky_relu',
  'selu',
] as const;
export type Nonlinearity = (typeof NONLINEARITIES)[number];

/**
 * The recommended gain for a nonlinearity (torch.nn.init.calculate_gain): 1 for linear,
 * conv and sigmoid, 5/3 for tanh, √2 for relu, √(2 / (1 + slope²)) for leaky_relu
 * (`param` is the negative slope, 0.01 by default) and 3/4 for selu.
 *
 * @example
 * calculateGain('leaky_relu', 0.2); // 1.3867504905630728
 */
export function calculateGain(nonlinearity: Nonlinearity, param?: number): number;
export function calculateGain(
  nonlinearity: Nonlinearity,
  param?: number,
  ...extra: unknown[]
): number {
  rejectExtra('calculateGain', extra, 'a nonlinearity and a param');
  return gainFor('calculateGain', nonlinearity, param);
}

/** calculateGain with errors naming `op`, the function that asked. */
export function gainFor(op: string, nonlinearity: Nonlinearity, param: number | undefined): number {
  switch (nonlinearity) {
    case 'linear':
    case 'conv1d':
    case 'conv2d':
    case 'conv3d':
    case 'conv_transpose1d':
    case 'conv_transpose2d':
    case 'conv_transpose3d':
    case 'sigmoid':
      return 1;
    case 'tanh':
      return 5.0 / 3;
    case 'relu':
      return Math.sqrt(2.0);
    case 'leaky_relu': {
      if (param !== undefined && (typeof param !== 'number' || !Number.isFinite(param))) {
        throw new ArgumentError(
          `${op}: negative_slope ${show(param)} not a valid number (param must be a finite number)`,
        );
      }
      const slope = param ?? 0.01;
      return Math.sqrt(2.0 / (1 + slope * slope));
    }
    case 'selu':
      return 3.0 / 4;
    default:
      throw new ArgumentError(
        `${op}: Unsupported nonlinearity ${show(nonlinearity)}; expected one of ${NONLINEARITIES.join(', ')}`,
      );
  }
}
