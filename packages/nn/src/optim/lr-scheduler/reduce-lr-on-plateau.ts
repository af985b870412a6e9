import { ArgumentError, Tensor } from '@x/tensor';
import { describe } from '../../format';
import type { Optimizer } from '../optimizer';
import { checkNumber, checkOptimizer, perGroup, readOptions } from './options';
import { groupsOf, loadStateOf, type SchedulerStateDict, stateOf } from './scheduler';

export interface ReduceLROnPlateauOptions {
  /** 'min': reduce when the metric stops falling; 'max': when it stops rising. */
  mode: 'min' | 'max';
  /** The rate is multiplied by this (< 1) on a plateau. */
  factor: number;
  /** Epochs without improvement tolerated before reducing. */
  patience: number;
  threshold: number;
  /** 'rel': better means beyond best·(1 ∓ threshold); 'abs': beyond best ∓ threshold. */
  thresholdMode: 'rel' | 'abs';
  /** Epochs to wait after a reduction before counting bad epochs again. */
  cooldown: number;
  /** The lowest rate: one for all groups, or one per group. */
  minLr: number | number[];
  /** Reductions smaller than this are skipped. */
  eps: number;
}

/**
 * Reduces each group's learning rate by `factor` when a metric has stopped improving for
 * `patience` epochs (torch.optim.lr_scheduler.ReduceLROnPlateau, PyTorch 1.13). Defaults:
 * mode 'min', factor 0.1, patience 10, threshold 1e-4 'rel', cooldown 0, minLr 0, eps 1e-8.
 *
 * @example
 * const scheduler = new ReduceLROnPlateau(optimizer, { patience: 5 });
 * for (let epoch = 0; epoch < 100; epoch++) {
 *   train();
 *   scheduler.step(validationLoss());
 * }
 */
export class ReduceLROnPlateau {
  readonly optimizer: Optimizer<object>;
  factor: number;
  minLrs: number[];
  patience: number;
  cooldown: number;
  cooldownCounter = 0;
  mode: 'min' | 'max';
  threshold: number;
  thresholdMode: 'rel' | 'abs';
  /** The best metric so far (starts at the worst value, ±Infinity). */
  best: number;
  numBadEpochs = 0;
  eps: number;
  lastEpoch = 0;
  lastLr: number[];

  constructor(optimizer: Optimizer<object>, options?: Partial<ReduceLROnPlateauOptions>);
  constructor(
    optimizer: Optimizer<object>,
    mode?: 'min' | 'max',
    factor?: number,
    patience?: number,
    threshold?: number,
    thresholdMode?: 'rel' | 'abs',
    cooldown?: number,
    minLr?: number | number[],
    eps?: number,
  );
  constructor(optimizer: Optimizer<object>, ...args: unknown[]) {
    const op = 'ReduceLROnPlateau';
    checkOptimizer(op, optimizer);
    const o = readOptions<ReduceLROnPlateauOptions>(op, args, {
      mode: 'min',
      factor: 0.1,
      patience: 10,
      threshold: 1e-4,
      thresholdMode: 'rel',
      cooldown: 0,
      minLr: 0,
      eps: 1e-8,
    });
    checkNumber(op, 'factor', o.factor);
    if (o.factor >= 1) throw new ArgumentError(`${op}: Factor should be < 1.0, got ${o.factor}`);
    if (o.mode !== 'min' && o.mode !== 'max')
      throw new ArgumentError(`${op}: mode must be 'min' or 'max', got ${describe(o.mode)}`);
    if (o.thresholdMode !== 'rel' && o.thresholdMode !== 'abs')
      throw new ArgumentError(
        `${op}: thresholdMode must be 'rel' or 'abs', got ${describe(o.thresholdMode)}`,
      );
    checkNumber(op, 'patience', o.patience, { integer: true, min: 0 });
    checkNumber(op, 'cooldown', o.cooldown, { integer: true, min: 0 });
    checkNumber(op, 'threshold', o.threshold);
    checkNumber(op, 'eps', o.eps);
    const groups = groupsOf(optimizer);
    this.minLrs = perGroup(op, 'minLr', o.minLr, groups.length);
    this.optimizer = optimizer;
    this.factor = o.factor;
    this.patience = o.patience;
    this.cooldown = o.cooldown;
    this.mode = o.mode;
    this.threshold = o.threshold;
    this.thresholdMode = o.thresholdMode;
    this.best = this.worst();
    this.eps = o.eps;
    this.lastLr = groups.map((group) => group.lr);
  }

  private worst(): number {
    return this.mode === 'min' ? Infinity : -Infinity;
  }

  private isBetter(value: number): boolean {
    const { best, threshold } = this;
    if (this.mode === 'min')
      return this.thresholdMode === 'rel'
        ? value < best * (1 - threshold)
        : value < best - threshold;
    return this.thresholdMode === 'rel' ? value > best * (threshold + 1) : value > best + threshold;
  }

  /** Records one epoch's metric (a number or one-element tensor); reduces the rate on a plateau. */
  step(metric: number | Tensor): void {
    const current = metric instanceof Tensor ? metric.item() : metric;
    if (typeof current !== 'number')
      throw new ArgumentError(
        `ReduceLROnPlateau.step: metric must be a number or a one-element Tensor, got ${describe(metric)}`,
      );
    this.lastEpoch += 1;
    if (this.isBetter(current)) {
      this.best = current;
      this.numBadEpochs = 0;
    } else {
      this.numBadEpochs += 1;
    }
    if (this.cooldownCounter > 0) {
      this.cooldownCounter -= 1;
      this.numBadEpochs = 0; // bad epochs in cooldown do not count
    }
    if (this.numBadEpochs > this.patience) {
      this.reduceLr();
      this.cooldownCounter = this.cooldown;
      this.numBadEpochs = 0;
    }
    this.lastLr = groupsOf(this.optimizer).map((group) => group.lr);
  }

  private reduceLr(): void {
    groupsOf(this.optimizer).forEach((group, i) => {
      const newLr = Math.max(group.lr * this.factor, this.minLrs[i]);
      if (group.lr - newLr > this.eps) group.lr = newLr;
    });
  }

  /** The groups' learning rates after the last step() (or at construction). */
  getLastLr(): number[] {
    return [...this.lastLr];
  }

  stateDict(): SchedulerStateDict {
    return stateOf(this);
  }

  loadStateDict(saved: SchedulerStateDict): void {
    loadStateOf('ReduceLROnPlateau.loadStateDict', this, saved);
  }
}
