import type { Optimizer } from '../optimizer';
import { checkNumber, checkOptimizer, readOptions } from './options';
import { groupsOf, LRScheduler } from './scheduler';

export interface StepLROptions {
  /** Epochs between decays. */
  stepSize: number;
  gamma: number;
  lastEpoch: number;
}

/**
 * Multiplies each group's learning rate by `gamma` every `stepSize` epochs
 * (torch.optim.lr_scheduler.StepLR). Defaults: gamma 0.1.
 *
 * @example
 * const scheduler = new StepLR(optimizer, { stepSize: 30, gamma: 0.1 }); // or (optimizer, 30, 0.1)
 * optimizer.step();
 * scheduler.step();
 */
export class StepLR extends LRScheduler {
  stepSize: number;
  gamma: number;

  constructor(
    optimizer: Optimizer<object>,
    options: Partial<StepLROptions> & Pick<StepLROptions, 'stepSize'>,
  );
  constructor(optimizer: Optimizer<object>, stepSize: number, gamma?: number, lastEpoch?: number);
  constructor(optimizer: Optimizer<object>, ...args: unknown[]) {
    const op = 'StepLR';
    checkOptimizer(op, optimizer);
    const { stepSize, gamma, lastEpoch } = readOptions(op, args, {
      stepSize: undefined as number | undefined,
      gamma: 0.1,
      lastEpoch: -1,
    });
    checkNumber(op, 'stepSize', stepSize, { integer: true, min: 1 });
    checkNumber(op, 'gamma', gamma);
    super(op, optimizer, lastEpoch);
    this.stepSize = stepSize!;
    this.gamma = gamma;
    this.initialStep();
  }

  protected override getLr(): number[] {
    const groups = groupsOf(this.optimizer);
    if (this.lastEpoch === 0 || this.lastEpoch % this.stepSize !== 0)
      return groups.map((group) => group.lr);
    return groups.map((group) => group.lr * this.gamma);
  }

  protected override closedFormLr(): number[] {
    return this.baseLrs.map(
      (base) => base * this.gamma ** Math.floor(this.lastEpoch / this.stepSize),
    );
  }
}
