import { ArgumentError } from '@x/tensor';
import type { Optimizer } from '../optimizer';
import { checkNumber, checkOptimizer, readOptions } from './options';
import { groupsOf, LRScheduler } from './scheduler';

export interface MultiStepLROptions {
  /** Epochs at which to decay; a repeated epoch decays once per occurrence. */
  milestones: number[];
  gamma: number;
  lastEpoch: number;
}

/**
 * Multiplies each group's learning rate by `gamma` at each milestone epoch
 * (torch.optim.lr_scheduler.MultiStepLR). Defaults: gamma 0.1.
 *
 * @example
 * const scheduler = new MultiStepLR(optimizer, { milestones: [30, 80], gamma: 0.1 });
 */
export class MultiStepLR extends LRScheduler {
  /** Sorted, repeats kept (PyTorch keeps a Counter). */
  milestones: number[];
  gamma: number;

  constructor(
    optimizer: Optimizer<object>,
    options: Partial<MultiStepLROptions> & Pick<MultiStepLROptions, 'milestones'>,
  );
  constructor(
    optimizer: Optimizer<object>,
    milestones: number[],
    gamma?: number,
    lastEpoch?: number,
  );
  constructor(optimizer: Optimizer<object>, ...args: unknown[]) {
    const op = 'MultiStepLR';
    checkOptimizer(op, optimizer);
    const { milestones, gamma, lastEpoch } = readOptions(op, args, {
      milestones: undefined as number[] | undefined,
      gamma: 0.1,
      lastEpoch: -1,
    });
    if (!Array.isArray(milestones))
      throw new ArgumentError(`${op}: milestones must be a list of epochs`);
    for (const milestone of milestones)
      checkNumber(op, 'each milestone', milestone, { integer: true });
    checkNumber(op, 'gamma', gamma);
    super(op, optimizer, lastEpoch);
    this.milestones = [...milestones].sort((a, b) => a - b);
    this.gamma = gamma;
    this.initialStep();
  }

  protected override getLr(): number[] {
    const groups = groupsOf(this.optimizer);
    const hits = this.milestones.filter((m) => m === this.lastEpoch).length;
    if (hits === 0) return groups.map((group) => group.lr);
    return groups.map((group) => group.lr * this.gamma ** hits);
  }

  protected override closedFormLr(): number[] {
    const passed = this.milestones.filter((m) => m <= this.lastEpoch).length;
    return this.baseLrs.map((base) => base * this.gamma ** passed);
  }
}
