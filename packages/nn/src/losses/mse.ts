import { checkOptions, checkTensor, ShapeError, type Tensor } from '@x/tensor';
import { Module } from '../module';
import { checkConstructorOptions } from '../options';
import { checkReduction, type Reduction, reduce } from './reduction';

/**
 * The squared error (input − target)², averaged by default (torch.nn.functional.mse_loss).
 * Shapes must match exactly (PyTorch only warns before broadcasting).
 *
 * @example
 * mseLoss(tensor([1, 2]), tensor([1, 4])); // tensor(2.)
 */
export function mseLoss(
  input: Tensor,
  target: Tensor,
  options: { reduction?: Reduction } = {},
): Tensor {
  checkTensor('mseLoss', 'input', input);
  checkTensor('mseLoss', 'target', target);
  const reduction = checkReduction('mseLoss', checkOptions('mseLoss', options).reduction ?? 'mean');
  if (
    input.shape.length !== target.shape.length ||
    input.shape.some((s, i) => s !== target.shape[i])
  ) {
    throw new ShapeError(
      `mseLoss: target size [${target.shape.join(', ')}] must be the same as input size [${input.shape.join(', ')}]`,
    );
  }
  const difference = input.sub(target);
  return reduce(difference.mul(difference), reduction);
}

/**
 * The mean squared error as a module (torch.nn.MSELoss).
 *
 * @example
 * const loss = new MSELoss();
 * loss.forward(prediction, target).backward();
 */
export class MSELoss extends Module {
  readonly reduction: Reduction;

  constructor(options: { reduction?: Reduction } = {}) {
    super();
    checkConstructorOptions('MSELoss', options, ['reduction']);
    this.reduction = checkReduction('MSELoss', options.reduction ?? 'mean');
  }

  override forward(input: Tensor, target: Tensor): Tensor {
    return mseLoss(input, target, { reduction: this.reduction });
  }
}
