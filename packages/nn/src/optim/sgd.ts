import { ArgumentError, keep, type Tensor } from '@x/tensor';
import { checkNonNegative, Optimizer, type ParamGroup, type ParamGroupInput } from './optimizer';

export interface SGDOptions {
  lr: number;
  momentum: number;
  dampening: number;
  weightDecay: number;
  nesterov: boolean;
  /** Ascend the objective instead of descending it. */
  maximize: boolean;
}

/**
 * Stochastic gradient descent with optional momentum, dampening, L2 weight decay and
 * Nesterov momentum, PyTorch 1.13's update (torch.optim.SGD): with g = grad + wd·p,
 * buf = g on the first step, then buf = momentum·buf + (1 − dampening)·g;
 * p -= lr · (nesterov ? g + momentum·buf : buf).
 *
 * @example
 * const optimizer = new SGD(net.parameters(), { lr: 0.1, momentum: 0.9 });
 * optimizer.zeroGrad();
 * loss.backward();
 * optimizer.step();
 */
export class SGD extends Optimizer<SGDOptions> {
  constructor(
    params: Iterable<Tensor> | Iterable<ParamGroupInput<SGDOptions>>,
    options: Partial<SGDOptions> & { lr: number },
  ) {
    super(params, {
      momentum: 0,
      dampening: 0,
      weightDecay: 0,
      nesterov: false,
      maximize: false,
      ...options,
    });
  }

  protected override checkOptions(options: SGDOptions): void {
    checkNonNegative('SGD', 'lr', 'learning rate', options.lr);
    checkNonNegative('SGD', 'momentum', 'momentum value', options.momentum);
    checkNonNegative('SGD', 'weightDecay', 'weight_decay value', options.weightDecay);
    if (options.nesterov && (options.momentum <= 0 || options.dampening !== 0)) {
      throw new ArgumentError('SGD: Nesterov momentum requires a momentum and zero dampening');
    }
  }

  protected override updateGroup(group: ParamGroup<SGDOptions>): void {
    const { lr, momentum, dampening, weightDecay, nesterov, maximize } = group;
    for (const param of group.params) {
      if (param.grad === null) continue;
      let step = maximize ? param.grad.detach().neg() : param.grad.detach();
      if (weightDecay !== 0) step = step.add(param.detach(), { alpha: weightDecay });
      // As in PyTorch, the state holds momentum_buffer even without momentum (as null).
      const state = this.stateOf(param);
      let buffer = (state.momentum_buffer ?? null) as Tensor | null;
      if (momentum !== 0) {
        if (buffer === null) buffer = keep(step.clone());
        else buffer.mul_(momentum).add_(step, { alpha: 1 - dampening });
        step = nesterov ? step.add(buffer, { alpha: momentum }) : buffer;
      }
      state.momentum_buffer = buffer;
      param.data.add_(step, { alpha: -lr });
    }
  }
}
