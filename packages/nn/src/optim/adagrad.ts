import { fullLike, keep, type Tensor } from '@x/tensor';
import { checkNonNegative, Optimizer, type ParamGroup, type ParamGroupInput } from './optimizer';

export interface AdagradOptions {
  lr: number;
  /** The learning rate at step t is lr / (1 + (t − 1)·lrDecay). */
  lrDecay: number;
  weightDecay: number;
  /** The starting value of every parameter's sum of squared gradients. */
  initialAccumulatorValue: number;
  eps: number;
  /** Ascend the objective instead of descending it. */
  maximize: boolean;
}

/**
 * Adagrad (torch.optim.Adagrad, PyTorch 1.13's _single_tensor_adagrad): with
 * g = grad + wd·p, sum += g², p -= lr / (1 + (t − 1)·lrDecay) · g / (√sum + ε).
 * Defaults: lr 1e-2, lrDecay 0, weightDecay 0, initialAccumulatorValue 0, eps 1e-10. As in
 * PyTorch, every parameter's state ('step' 0, 'sum') exists from construction.
 *
 * @example
 * const optimizer = new Adagrad(net.parameters(), { lr: 0.1, lrDecay: 1e-3 });
 * optimizer.zeroGrad();
 * loss.backward();
 * optimizer.step();
 */
export class Adagrad extends Optimizer<AdagradOptions> {
  constructor(
    params: Iterable<Tensor> | Iterable<ParamGroupInput<AdagradOptions>>,
    options: Partial<AdagradOptions> = {},
  ) {
    super(params, {
      lr: 1e-2,
      lrDecay: 0,
      weightDecay: 0,
      initialAccumulatorValue: 0,
      eps: 1e-10,
      maximize: false,
      ...options,
    });
  }

  /** Adds a group and, as PyTorch's constructor does, its parameters' initial state. */
  override addParamGroup(group: ParamGroupInput<AdagradOptions>): void {
    super.addParamGroup(group);
    const added = this.paramGroups.at(-1)!;
    for (const param of added.params) {
      this.state.set(param, {
        step: 0,
        sum: keep(fullLike(param.detach(), added.initialAccumulatorValue)),
      });
    }
  }

  protected override checkOptions(options: AdagradOptions): void {
    checkNonNegative('Adagrad', 'lr', 'learning rate', options.lr);
    checkNonNegative('Adagrad', 'lrDecay', 'lr_decay value', options.lrDecay);
    checkNonNegative('Adagrad', 'weightDecay', 'weight_decay value', options.weightDecay);
    checkNonNegative(
      'Adagrad',
      'initialAccumulatorValue',
      'initial_accumulator_value value',
      options.initialAccumulatorValue,
    );
    checkNonNegative('Adagrad', 'eps', 'epsilon value', options.eps);
  }

  protected override updateGroup(group: ParamGroup<AdagradOptions>): void {
    const { lr, lrDecay, weightDecay, eps, maximize } = group;
    for (const param of group.params) {
      if (param.grad === null) continue;
      const state = this.stateOf(param);
      const step = (state.step as number) + 1;
      state.step = step;
      let grad = maximize ? param.grad.detach().neg() : param.grad.detach();
      if (weightDecay !== 0) grad = grad.add(param.detach(), { alpha: weightDecay });
      const clr = lr / (1 + (step - 1) * lrDecay);
      const sum = state.sum as Tensor;
      sum.add_(grad.mul(grad));
      param.data.add_(grad.div(sum.sqrt().add(eps)), { alpha: -clr });
    }
  }
}
