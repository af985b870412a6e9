import { ArgumentError, type Tensor } from '@x/tensor';

export type Reduction = 'mean' | 'sum' | 'none';

export function checkReduction(op: string, reduction: unknown): Reduction {
  if (reduction !== 'mean' && reduction !== 'sum' && reduction !== 'none') {
    throw new ArgumentError(
      `${op}: reduction must be 'mean', 'sum' or 'none', got ${String(reduction)}`,
    );
  }
  return reduction;
}

/** Applies a 'mean' / 'sum' / 'none' reduction to per-element losses. */
export function reduce(losses: Tensor, reduction: Reduction): Tensor {
  if (reduction === 'none') return losses;
  return reduction === 'sum' ? losses.sum() : losses.mean();
}
