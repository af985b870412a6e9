import { ArgumentError, div, stack, type Tensor, tensor, tidy } from '@x/tensor';
import { NonFiniteNormError } from '../errors';
import { describe } from '../format';
import { checkNoExtra, parameterList } from './check-arguments';

/** torch.norm(x, p) of a flat tensor: max |x| for inf, min for -inf, non-zeros counted for 0. */
function vectorNorm(values: Tensor, p: number): Tensor {
  const magnitudes = values.abs();
  if (p === Infinity) return magnitudes.max();
  if (p === -Infinity) return magnitudes.min();
  if (p === 0) return magnitudes.ne(0).float().sum();
  if (p === 1) return magnitudes.sum();
  if (p === 2) return magnitudes.mul(magnitudes).sum().sqrt();
  return magnitudes
    .pow(p)
    .sum()
    .pow(1 / p);
}

function normTypeOf(op: string, normType: unknown): number {
  if (normType === 'inf') return Infinity;
  if (normType === '-inf') return -Infinity;
  if (typeof normType !== 'number' || Number.isNaN(normType))
    throw new ArgumentError(
      `${op}: normType must be a number (Infinity or 'inf' for the max norm), got ${describe(normType)}`,
    );
  return normType;
}

/**
 * Scales the gradients of `parameters` in place so that their joint norm (the norm of the
 * vector of every gradient) is at most `maxNorm`, and returns that norm before clipping as a
 * 0-d tensor (torch.nn.utils.clip_grad_norm_, PyTorch 1.13): each gradient is multiplied by
 * min(1, maxNorm / (total + 1e-6)). Parameters without a gradient are skipped. With
 * `errorIfNonfinite`, a NaN or infinite norm throws a NonFiniteNormError before anything
 * changes (reading the norm, so on GPU use it on synchronous backends only).
 *
 * @example
 * loss.backward();
 * const norm = clipGradNorm_(net.parameters(), 1.0); // or (..., 1.0, Infinity)
 * optimizer.step();
 */
export function clipGradNorm_(
  parameters: Tensor | Iterable<Tensor>,
  maxNorm: number,
  normType: number | 'inf' | '-inf' = 2,
  errorIfNonfinite = false,
  ...extra: never[]
): Tensor {
  const op = 'clipGradNorm_';
  checkNoExtra(op, 4, extra);
  const params = parameterList(op, parameters);
  if (typeof maxNorm !== 'number' || Number.isNaN(maxNorm))
    throw new ArgumentError(`${op}: maxNorm must be a number, got ${describe(maxNorm)}`);
  const p = normTypeOf(op, normType);
  if (typeof errorIfNonfinite !== 'boolean')
    throw new ArgumentError(
      `${op}: errorIfNonfinite must be a boolean, got ${describe(errorIfNonfinite)}`,
    );
  const grads = params.flatMap((param) => (param.grad === null ? [] : [param.grad.detach()]));
  if (grads.length === 0) return tensor(0);
  const total = tidy(() =>
    vectorNorm(stack(grads.map((grad) => vectorNorm(grad.flatten(), p))), p),
  );
  if (errorIfNonfinite && !Number.isFinite(total.item())) {
    throw new NonFiniteNormError(
      `${op}: The total norm of order ${p} for gradients from \`parameters\` is non-finite, so it cannot be clipped. To disable this error and scale the gradients by the non-finite norm anyway, set errorIfNonfinite to false`,
    );
  }
  tidy(() => {
    // Scaling by a coefficient clamped to 1, even when nothing is clipped, avoids reading the norm.
    const coefficient = div(maxNorm, total.add(1e-6)).clamp({ max: 1 });
    for (const grad of grads) grad.mul_(coefficient.to(grad.backend));
  });
  return total;
}

/**
 * Clamps every gradient of `parameters` into [-clipValue, clipValue] in place
 * (torch.nn.utils.clip_grad_value_). Parameters without a gradient are skipped.
 *
 * @example
 * loss.backward();
 * clipGradValue_(net.parameters(), 0.5);
 */
export function clipGradValue_(
  parameters: Tensor | Iterable<Tensor>,
  clipValue: number,
  ...extra: never[]
): void {
  const op = 'clipGradValue_';
  checkNoExtra(op, 2, extra);
  const params = parameterList(op, parameters);
  if (typeof clipValue !== 'number' || Number.isNaN(clipValue))
    throw new ArgumentError(`${op}: clipValue must be a number, got ${describe(clipValue)}`);
  for (const param of params) param.grad?.detach().clamp_({ min: -clipValue, max: clipValue });
}
