import {
  ArgumentError,
  checkOptions,
  checkTensor,
  DTypeError,
  IndexError,
  ShapeError,
  sameShape,
  show,
  type Tensor,
  where,
} from '@x/tensor';
import { describe } from '../format';
import { Module } from '../module';
import { checkConstructorOptions } from '../options';
import { checkReduction, type Reduction, reduce } from './reduction';

export interface CrossEntropyOptions {
  /** A rescaling weight per class, shape [C]. */
  weight?: Tensor;
  /** Targets equal to this class index add nothing, not even to the mean's count (default -100). */
  ignoreIndex?: number;
  reduction?: Reduction;
  /** Mixes the target with the uniform distribution: (1 − ε)·target + ε/C (default 0). */
  labelSmoothing?: number;
}

/**
 * torch.nn.functional.cross_entropy: log_softmax over the class dim (dim 1, or 0 for an
 * unbatched [C] input) followed by the negative log likelihood. `target` holds int32 class
 * indices shaped like the input without its class dim (PyTorch: int64), or float32 class
 * probabilities shaped like the input. 'mean' divides by the summed target weights.
 *
 * @example
 * crossEntropy(tensor([[2, 0, 0]]), tensor([0], { dtype: 'int32' })); // tensor(0.2395)
 */
export function crossEntropy(
  input: Tensor,
  target: Tensor,
  options: CrossEntropyOptions = {},
): Tensor {
  checkTensor('crossEntropy', 'input', input);
  checkTensor('crossEntropy', 'target', target);
  options = checkOptions('crossEntropy', options);
  if (options.weight !== undefined) checkTensor('crossEntropy', 'weight', options.weight);
  const reduction = checkReduction('crossEntropy', options.reduction ?? 'mean');
  const smoothing = options.labelSmoothing ?? 0;
  if (typeof smoothing !== 'number' || !(smoothing >= 0 && smoothing <= 1)) {
    throw new ArgumentError(
      `crossEntropy: labelSmoothing must be between 0.0 and 1.0, got ${describe(smoothing)}`,
    );
  }
  if (input.ndim === 0)
    throw new ShapeError('crossEntropy: input must have at least 1 dimension (the classes)');
  const classDim = input.ndim === 1 ? 0 : 1;
  const classes = input.shape[classDim];
  const weight = options.weight;
  if (weight !== undefined && (weight.ndim !== 1 || weight.shape[0] !== classes)) {
    throw new ShapeError(
      `crossEntropy: weight should have shape [${classes}] (one per class), got ${show(weight.shape)}`,
    );
  }
  // The weight as a [C, 1, ...] tensor that broadcasts along the class dim.
  const weightAlongClasses = weight?.reshape([
    classes,
    ...input.shape.slice(classDim + 1).map(() => 1),
  ]);
  const logProbs = input.logSoftmax(classDim);

  const indexShape = input.shape.filter((_, d) => d !== classDim);
  if (target.dtype === 'float32') {
    if (!sameShape(target.shape, input.shape)) {
      if (sameShape(target.shape, indexShape)) {
        throw new DTypeError(
          `crossEntropy: target of shape ${show(target.shape)} holds class indices as float32; ` +
            "create it with { dtype: 'int32' } (e.g. tensor([0, 2], { dtype: 'int32' }), or labels.int()), " +
            `or pass class probabilities of the input's shape ${show(input.shape)}`,
        );
      }
      throw new ShapeError(
        `crossEntropy: probability targets must have the input's shape ${show(input.shape)}, got ${show(target.shape)}`,
      );
    }
    const smoothed = smoothing > 0 ? target.mul(1 - smoothing).add(smoothing / classes) : target;
    const weighted = weightAlongClasses === undefined ? smoothed : smoothed.mul(weightAlongClasses);
    const losses = logProbs.mul(weighted).sum(classDim).neg();
    if (reduction === 'mean') return losses.sum().div(input.numel() / classes);
    return reduce(losses, reduction);
  }
  if (target.dtype !== 'int32') {
    throw new DTypeError(
      `crossEntropy: target must be int32 class indices or float32 probabilities, got ${target.dtype}`,
    );
  }
  if (!sameShape(target.shape, indexShape)) {
    throw new ShapeError(
      `crossEntropy: expected target of shape ${show(indexShape)} for input of shape ${show(input.shape)}, ` +
        `got ${show(target.shape)}`,
    );
  }
  const ignoreIndex = options.ignoreIndex ?? -100;
  const ignored = target.eq(ignoreIndex);
  const safeTarget = where(ignored, 0, target);
  checkTargets(safeTarget, classes);
  const picked = logProbs.gather(classDim, safeTarget.unsqueeze(classDim)).squeeze(classDim);
  const kept = ignored.logicalNot().float();
  const targetWeights =
    weight === undefined
      ? kept
      : weight
          .indexSelect(0, safeTarget.reshape([-1]))
          .reshape(target.shape)
          .mul(kept);
  const nll = picked.mul(targetWeights).neg();
  const normalise = (losses: Tensor) =>
    reduction === 'mean' ? losses.sum().div(targetWeights.sum()) : reduce(losses, reduction);
  if (smoothing === 0) return normalise(nll);
  // PyTorch's label smoothing on class indices: the uniform part is −Σ_c w_c·log p_c.
  const uniform = (weightAlongClasses === undefined ? logProbs : logProbs.mul(weightAlongClasses))
    .sum(classDim)
    .neg();
  const uniformKept = uniform.mul(kept);
  return normalise(nll)
    .mul(1 - smoothing)
    .add(normalise(uniformKept).mul(smoothing / classes));
}

/** PyTorch's "Target 5 is out of bounds." where the values can be read synchronously. */
function checkTargets(target: Tensor, classes: number): void {
  if (target.backend.readSync === undefined || target.numel() === 0) return;
  for (const value of target.toArraySync()) {
    if (value < 0 || value >= classes) {
      throw new IndexError(`crossEntropy: Target ${value} is out of bounds (${classes} classes).`);
    }
  }
}

/**
 * Cross entropy as a module (torch.nn.CrossEntropyLoss); see crossEntropy.
 *
 * @example
 * const loss = new CrossEntropyLoss({ labelSmoothing: 0.1 });
 * loss.forward(logits, labels).backward();
 */
export class CrossEntropyLoss extends Module {
  readonly ignoreIndex: number;
  readonly reduction: Reduction;
  readonly labelSmoothing: number;
  /** The class weights, a buffer (so in stateDict()) as in PyTorch; null when not given. */
  declare weight: Tensor | null;

  constructor(options: CrossEntropyOptions = {}) {
    super();
    checkConstructorOptions('CrossEntropyLoss', options, [
      'weight',
      'ignoreIndex',
      'reduction',
      'labelSmoothing',
    ]);
    this.reduction = checkReduction('CrossEntropyLoss', options.reduction ?? 'mean');
    this.ignoreIndex = options.ignoreIndex ?? -100;
    this.labelSmoothing = options.labelSmoothing ?? 0;
    this.registerBuffer('weight', options.weight ?? null);
  }

  override forward(input: Tensor, target: Tensor): Tensor {
    return crossEntropy(input, target, {
      weight: this.weight ?? undefined,
      ignoreIndex: this.ignoreIndex,
      reduction: this.reduction,
      labelSmoothing: this.labelSmoothing,
    });
  }
}
