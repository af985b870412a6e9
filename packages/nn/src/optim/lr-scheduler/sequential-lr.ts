import { ArgumentError } from '@x/tensor';
import type { Optimizer } from '../optimizer';
import { checkNumber, checkOptimizer, readOptions } from './options';
import { groupsOf, LRScheduler, loadStateOf, type SchedulerStateDict, stateOf } from './scheduler';

export interface SequentialLROptions {
  /** The schedulers to run one after another, all over `optimizer`. */
  schedulers: LRScheduler[];
  /** The epochs at which the next scheduler takes over (one fewer than schedulers). */
  milestones: number[];
  lastEpoch: number;
}

/**
 * Runs schedulers one after another, switching at the milestone epochs
 * (torch.optim.lr_scheduler.SequentialLR, PyTorch 1.13): at a milestone the next
 * scheduler restarts at its epoch 0.
 *
 * @example
 * const warmup = new LinearLR(optimizer, { startFactor: 0.1, totalIters: 5 });
 * const decay = new ExponentialLR(optimizer, { gamma: 0.9 });
 * const scheduler = new SequentialLR(optimizer, { schedulers: [warmup, decay], milestones: [5] });
 */
export class SequentialLR {
  readonly optimizer: Optimizer<object>;
  schedulers: LRScheduler[];
  milestones: number[];
  lastEpoch: number;
  lastLr: number[];

  constructor(
    optimizer: Optimizer<object>,
    options: Partial<SequentialLROptions> & Pick<SequentialLROptions, 'schedulers' | 'milestones'>,
  );
  constructor(
    optimizer: Optimizer<object>,
    schedulers: LRScheduler[],
    milestones: number[],
    lastEpoch?: number,
  );
  constructor(optimizer: Optimizer<object>, ...args: unknown[]) {
    const op = 'SequentialLR';
    checkOptimizer(op, optimizer);
    const { schedulers, milestones, lastEpoch } = readOptions(op, args, {
      schedulers: undefined as LRScheduler[] | undefined,
      milestones: undefined as number[] | undefined,
      lastEpoch: -1,
    });
    if (!Array.isArray(schedulers) || schedulers.length === 0)
      throw new ArgumentError(`${op}: schedulers must be a non-empty list of schedulers`);
    schedulers.forEach((scheduler, i) => {
      if (!(scheduler instanceof LRScheduler))
        throw new ArgumentError(
          `${op}: schedulers[${i}] must be an epoch scheduler (ReduceLROnPlateau and SequentialLR cannot be chained)`,
        );
      if (scheduler.optimizer !== optimizer)
        throw new ArgumentError(
          `${op}: Sequential Schedulers expects all schedulers to belong to the same optimizer, but got schedulers at index ${i} to be different than the optimizer passed in.`,
        );
    });
    if (!Array.isArray(milestones) || milestones.length !== schedulers.length - 1)
      throw new ArgumentError(
        `${op}: Sequential Schedulers expects number of schedulers provided to be one more than the number of milestone points, but got number of schedulers ${schedulers.length} and the number of milestones to be equal to ${Array.isArray(milestones) ? milestones.length : 'none'}`,
      );
    for (const milestone of milestones)
      checkNumber(op, 'each milestone', milestone, { integer: true });
    checkNumber(op, 'lastEpoch', lastEpoch, { integer: true, min: -1 });
    this.optimizer = optimizer;
    this.schedulers = schedulers;
    this.milestones = [...milestones];
    this.lastEpoch = lastEpoch + 1;
    // Back to the initial rates, and undo the step each scheduler took when it was made.
    for (const group of groupsOf(optimizer)) group.lr = group.initialLr as number;
    for (const scheduler of schedulers) scheduler.lastEpoch -= 1;
    schedulers[0].initialStep();
    this.lastLr = schedulers[0].getLastLr();
  }

  step(): void {
    this.lastEpoch += 1;
    const index = this.milestones.filter((m) => m <= this.lastEpoch).length;
    const scheduler = this.schedulers[index];
    if (index > 0 && this.milestones[index - 1] === this.lastEpoch) scheduler.step(0);
    else scheduler.step();
    this.lastLr = scheduler.getLastLr();
  }

  getLastLr(): number[] {
    return [...this.lastLr];
  }

  /** Its own fields, and each scheduler's state dict under 'schedulers'. */
  stateDict(): SchedulerStateDict {
    return {
      ...stateOf(this, ['schedulers']),
      schedulers: this.schedulers.map((s) => s.stateDict()),
    };
  }

  loadStateDict(saved: SchedulerStateDict): void {
    const op = 'SequentialLR.loadStateDict';
    const { schedulers, ...own } = saved;
    if (!Array.isArray(schedulers) || schedulers.length !== this.schedulers.length)
      throw new ArgumentError(
        `${op}: 'schedulers' must hold ${this.schedulers.length} state dicts`,
      );
    loadStateOf(op, this, own, ['schedulers']);
    schedulers.forEach((state, i) => {
      this.schedulers[i].loadStateDict(state as SchedulerStateDict);
    });
  }
}
