import type { Optimizer } from '../optimizer';
import { checkNumber, checkOptimizer, readOptions } from './options';
import { groupsOf, LRScheduler } from './scheduler';

export interface ExponentialLROptions {
  gamma: number;
  lastEpoch: number;
}

/**
 * Multiplies each group's learning rate by `gamma` every epoch
 * (torch.optim.lr_scheduler.ExponentialLR).
 *
 * @example
 * const scheduler = new ExponentialLR(optimizer, { gamma: 0.95 });
 */
export class ExponentialLR extends LRScheduler {
  gamma: number;

  constructor(
    optimizer: Optimizer<object>,
    options: Partial<ExponentialLROptions> & Pick<ExponentialLROptions, 'gamma'>,
  );
  constructor(optimizer: Optimizer<object>, gamma: number, lastEpoch?: number);
  constructor(optimizer: Optimizer<object>, ...args: unknown[]) {
    const op = 'ExponentialLR';
    checkOptimizer(op, optimizer);
    const { gamma, lastEpoch } = readOptions(op, args, {
      gamma: undefined as number | undefined,
      lastEpoch: -1,
    });
    checkNumber(op, 'gamma', gamma);
    super(op, optimizer, lastEpoch);
    this.gamma = gamma!;
    this.initialStep();
  }

  protected override getLr(): number[] {
    const groups = groupsOf(this.optimizer);
    if (this.lastEpoch === 0) return groups.map((group) => group.lr);
    return groups.map((group) => group.lr * this.gamma);
  }

  protected override closedFormLr(): number[] {
    return this.baseLrs.map((base) => base * this.gamma ** this.lastEpoch);
  }
}
