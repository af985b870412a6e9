import { ArgumentError, keep, type Tensor, zerosLike } from '@x/tensor';
import {
  checkNonNegative,
  Optimizer,
  type ParamGroup,
  type ParamGroupInput,
  type ParamState,
} from './optimizer';

export interface AdamOptions {
  lr: number;
  betas: readonly [number, number];
  eps: number;
  weightDecay: number;
  /** Normalise by the largest second moment seen so far (AMSGrad). */
  amsgrad: boolean;
  /** Ascend the objective instead of descending it. */
  maximize: boolean;
}

type AdamInput = Iterable<Tensor> | Iterable<ParamGroupInput<AdamOptions>>;

function checkAdamOptions(op: string, options: AdamOptions): void {
  checkNonNegative(op, 'lr', 'learning rate', options.lr);
  checkNonNegative(op, 'eps', 'epsilon value', options.eps);
  options.betas.forEach((beta, i) => {
    if (typeof beta !== 'number' || !(beta >= 0 && beta < 1)) {
      throw new ArgumentError(
        `${op}: Invalid beta parameter at index ${i}: ${beta} (betas must lie in [0, 1))`,
      );
    }
  });
  checkNonNegative(op, 'weightDecay', 'weight_decay value', options.weightDecay);
}

/**
 * One Adam update of `param` in PyTorch 1.13's order (_single_tensor_adam / adamw):
 * moments m = β1·m + (1 − β1)·g, v = β2·v + (1 − β2)·g·g, then
 * p -= lr / (1 − β1^t) · m / (√v / √(1 − β2^t) + ε), with v replaced by its running
 * maximum under AMSGrad. `decoupled` applies weight decay as AdamW does, p *= 1 − lr·wd;
 * otherwise it is added to the gradient as L2.
 */
function adamUpdate(
  param: Tensor,
  state: ParamState,
  group: ParamGroup<AdamOptions>,
  decoupled: boolean,
): void {
  const {
    lr,
    betas: [beta1, beta2],
    eps,
    weightDecay,
    amsgrad,
    maximize,
  } = group;
  if (state.step === undefined) {
    state.step = 0;
    state.exp_avg = keep(zerosLike(param.detach()));
    state.exp_avg_sq = keep(zerosLike(param.detach()));
    if (amsgrad) state.max_exp_avg_sq = keep(zerosLike(param.detach()));
  }
  let grad = maximize ? param.grad!.detach().neg() : param.grad!.detach();
  const step = (state.step as number) + 1;
  state.step = step;
  if (decoupled) param.data.mul_(1 - lr * weightDecay);
  else if (weightDecay !== 0) grad = grad.add(param.detach(), { alpha: weightDecay });
  const expAvg = state.exp_avg as Tensor;
  const expAvgSq = state.exp_avg_sq as Tensor;
  expAvg.mul_(beta1).add_(grad, { alpha: 1 - beta1 });
  expAvgSq.mul_(beta2).add_(grad.mul(1 - beta2).mul(grad));
  const stepSize = lr / (1 - beta1 ** step);
  const correction2Sqrt = Math.sqrt(1 - beta2 ** step);
  let second = expAvgSq;
  if (amsgrad) {
    const running = state.max_exp_avg_sq as Tensor;
    running.copy_(running.maximum(expAvgSq));
    second = running;
  }
  const denominator = second.sqrt().div(correction2Sqrt).add_(eps);
  param.data.add_(expAvg.mul(-stepSize).div(denominator));
}

/**
 * Adam (torch.optim.Adam, PyTorch 1.13's formulas), with optional L2 weight decay and
 * AMSGrad. Defaults: lr 1e-3, betas [0.9, 0.999], eps 1e-8, weightDecay 0.
 *
 * @example
 * const optimizer = new Adam(net.parameters(), { lr: 0.01 });
 * loss.backward();
 * optimizer.step();
 */
export class Adam extends Optimizer<AdamOptions> {
  constructor(params: AdamInput, options: Partial<AdamOptions> = {}) {
    super(params, {
      lr: 1e-3,
      betas: [0.9, 0.999],
      eps: 1e-8,
      weightDecay: 0,
      amsgrad: false,
      maximize: false,
      ...options,
    });
  }

  protected override checkOptions(options: AdamOptions): void {
    checkAdamOptions(this.constructor.name, options);
  }

  protected override updateGroup(group: ParamGroup<AdamOptions>): void {
    for (const param of group.params) {
      if (param.grad !== null) adamUpdate(param, this.stateOf(param), group, this.decoupled());
    }
  }

  /** Whether weight decay is decoupled from the gradient (AdamW). */
  protected decoupled(): boolean {
    return false;
  }
}

/**
 * AdamW (torch.optim.AdamW): Adam with decoupled weight decay, p *= 1 − lr·wd before the
 * update. Defaults as Adam's but weightDecay 1e-2.
 *
 * @example
 * const optimizer = new AdamW(net.parameters(), { lr: 1e-3, weightDecay: 0.01 });
 */
export class AdamW extends Adam {
  constructor(params: AdamInput, options: Partial<AdamOptions> = {}) {
    super(params, { weightDecay: 1e-2, ...options });
  }

  protected override decoupled(): boolean {
    return true;
  }
}
