import type { Optimizer } from '../optimizer';
import { checkNumber, checkOptimizer, readOptions } from './options';
import { groupsOf, LRScheduler } from './scheduler';

export interface LinearLROptions {
  /** The factor of the base rate at epoch 0, in [0, 1]. */
  startFactor: number;
  /** The factor reached after totalIters epochs, in [0, 1]. */
  endFactor: number;
  totalIters: number;
  lastEpoch: number;
}

/**
 * Scales each group's learning rate by a factor going linearly from `startFactor` to
 * `endFactor` over `totalIters` epochs (torch.optim.lr_scheduler.LinearLR), in PyTorch
 * 1.13's recursive form. Defaults: startFactor 1/3, endFactor 1, totalIters 5.
 *
 * @example
 * const warmup = new LinearLR(optimizer, { startFactor: 0.1, totalIters: 10 });
 */
export class LinearLR extends LRScheduler {
  startFactor: number;
  endFactor: number;
  totalIters: number;

  constructor(optimizer: Optimizer<object>, options?: Partial<LinearLROptions>);
  constructor(
    optimizer: Optimizer<object>,
    startFactor?: number,
    endFactor?: number,
    totalIters?: number,
    lastEpoch?: number,
  );
  constructor(optimizer: Optimizer<object>, ...args: unknown[]) {
    const op = 'LinearLR';
    checkOptimizer(op, optimizer);
    const { startFactor, endFactor, totalIters, lastEpoch } = readOptions(op, args, {
      startFactor: 1 / 3,
      endFactor: 1,
      totalIters: 5,
      lastEpoch: -1,
    });
    checkNumber(op, 'startFactor', startFactor, { min: 0, max: 1 });
    checkNumber(op, 'endFactor', endFactor, { min: 0, max: 1 });
    checkNumber(op, 'totalIters', totalIters, { integer: true, min: 1 });
    super(op, optimizer, lastEpoch);
    this.startFactor = startFactor;
    this.endFactor = endFactor;
    this.totalIters = totalIters;
    this.initialStep();
  }

  protected override getLr(): number[] {
    const { lastEpoch, startFactor, endFactor, totalIters } = this;
    const groups = groupsOf(this.optimizer);
    if (lastEpoch === 0) return groups.map((group) => group.lr * startFactor);
    if (lastEpoch > totalIters) return groups.map((group) => group.lr);
    return groups.map(
      (group) =>
        group.lr *
        (1 +
          (endFactor - startFactor) /
            (totalIters * startFactor + (lastEpoch - 1) * (endFactor - startFactor))),
    );
  }

  protected override closedFormLr(): number[] {
    const { lastEpoch, startFactor, endFactor, totalIters } = this;
    return this.baseLrs.map(
      (base) =>
        base *
        (startFactor + ((endFactor - startFactor) * Math.min(totalIters, lastEpoch)) / totalIters),
    );
  }
}
