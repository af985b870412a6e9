import { keep, type Tensor, zerosLike } from '@x/tensor';
import {
  checkNonNegative,
  Optimizer,
  type ParamGroup,
  type ParamGroupInput,
  type ParamState,
} from './optimizer';

export interface RMSpropOptions {
  lr: number;
  /** Smoothing constant of the running average of squared gradients. */
  alpha: number;
  eps: number;
  weightDecay: number;
  momentum: number;
  /** Normalise by the estimated variance of the gradient instead of its second moment. */
  centered: boolean;
  /** Ascend the objective instead of descending it. */
  maximize: boolean;
}

/**
 * One RMSprop update in PyTorch 1.13's order (_single_tensor_rmsprop): with
 * g = grad + wd·p, v = α·v + (1 − α)·g², avg = √(v − ḡ²) + ε when centered
 * (ḡ = α·ḡ + (1 − α)·g) else √v + ε; then buf = momentum·buf + g / avg, p -= lr·buf, or
 * without momentum p -= lr·g / avg.
 */
function rmspropUpdate(param: Tensor, state: ParamState, group: ParamGroup<RMSpropOptions>): void {
  const { lr, alpha, eps, weightDecay, momentum, centered, maximize } = group;
  if (state.step === undefined) {
    state.step = 0;
    state.square_avg = keep(zerosLike(param.detach()));
    if (momentum > 0) state.momentum_buffer = keep(zerosLike(param.detach()));
    if (centered) state.grad_avg = keep(zerosLike(param.detach()));
  }
  state.step = (state.step as number) + 1;
  let grad = maximize ? param.grad!.detach().neg() : param.grad!.detach();
  if (weightDecay !== 0) grad = grad.add(param.detach(), { alpha: weightDecay });
  const squareAvg = state.square_avg as Tensor;
  squareAvg.mul_(alpha).add_(grad.mul(grad), { alpha: 1 - alpha });
  let avg: Tensor;
  if (centered) {
    const gradAvg = state.grad_avg as Tensor;
    gradAvg.mul_(alpha).add_(grad, { alpha: 1 - alpha });
    avg = squareAvg.sub(gradAvg.mul(gradAvg)).sqrt();
  } else {
    avg = squareAvg.sqrt();
  }
  avg = avg.add(eps);
  if (momentum > 0) {
    const buffer = state.momentum_buffer as Tensor;
    buffer.mul_(momentum).add_(grad.div(avg));
    param.data.add_(buffer, { alpha: -lr });
  } else {
    param.data.add_(grad.div(avg), { alpha: -lr });
  }
}

/**
 * RMSprop (torch.optim.RMSprop, PyTorch 1.13's formulas), with optional momentum, centring
 * and L2 weight decay. Defaults: lr 1e-2, alpha 0.99, eps 1e-8, weightDecay 0, momentum 0.
 * State per parameter: 'step', 'square_avg', and 'momentum_buffer' / 'grad_avg' when used.
 *
 * @example
 * const optimizer = new RMSprop(net.parameters(), { lr: 0.01, momentum: 0.9 });
 * optimizer.zeroGrad();
 * loss.backward();
 * optimizer.step();
 */
export class RMSprop extends Optimizer<RMSpropOptions> {
  constructor(
    params: Iterable<Tensor> | Iterable<ParamGroupInput<RMSpropOptions>>,
    options: Partial<RMSpropOptions> = {},
  ) {
    super(params, {
      lr: 1e-2,
      alpha: 0.99,
      eps: 1e-8,
      weightDecay: 0,
      momentum: 0,
      centered: false,
      maximize: false,
      ...options,
    });
  }

  protected override checkOptions(options: RMSpropOptions): void {
    checkNonNegative('RMSprop', 'lr', 'learning rate', options.lr);
    checkNonNegative('RMSprop', 'eps', 'epsilon value', options.eps);
    checkNonNegative('RMSprop', 'momentum', 'momentum value', options.momentum);
    checkNonNegative('RMSprop', 'weightDecay', 'weight_decay value', options.weightDecay);
    checkNonNegative('RMSprop', 'alpha', 'alpha value', options.alpha);
  }

  protected override updateGroup(group: ParamGroup<RMSpropOptions>): void {
    for (const param of group.params) {
      if (param.grad !== null) rmspropUpdate(param, this.stateOf(param), group);
    }
  }
}
