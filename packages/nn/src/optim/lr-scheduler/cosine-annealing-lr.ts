import type { Optimizer } from '../optimizer';
import { checkNumber, checkOptimizer, readOptions } from './options';
import { groupsOf, LRScheduler } from './scheduler';

export interface CosineAnnealingLROptions {
  /** Epochs of half a cosine period (PyTorch's T_max). */
  tMax: number;
  /** The lowest learning rate (eta_min). */
  etaMin: number;
  lastEpoch: number;
}

/**
 * Anneals each group's learning rate from its base rate to `etaMin` along a cosine over
 * `tMax` epochs, then back up (torch.optim.lr_scheduler.CosineAnnealingLR). As PyTorch
 * 1.13, step() uses the recursive form, so it composes with other changes to the rate.
 *
 * @example
 * const scheduler = new CosineAnnealingLR(optimizer, { tMax: 200 }); // or (optimizer, 200)
 */
export class CosineAnnealingLR extends LRScheduler {
  tMax: number;
  etaMin: number;

  constructor(
    optimizer: Optimizer<object>,
    options: Partial<CosineAnnealingLROptions> & Pick<CosineAnnealingLROptions, 'tMax'>,
  );
  constructor(optimizer: Optimizer<object>, tMax: number, etaMin?: number, lastEpoch?: number);
  constructor(optimizer: Optimizer<object>, ...args: unknown[]) {
    const op = 'CosineAnnealingLR';
    checkOptimizer(op, optimizer);
    const { tMax, etaMin, lastEpoch } = readOptions(op, args, {
      tMax: undefined as number | undefined,
      etaMin: 0,
      lastEpoch: -1,
    });
    checkNumber(op, 'tMax', tMax, { integer: true, min: 1 });
    checkNumber(op, 'etaMin', etaMin);
    super(op, optimizer, lastEpoch);
    this.tMax = tMax!;
    this.etaMin = etaMin;
    this.initialStep();
  }

  protected override getLr(): number[] {
    const { lastEpoch, tMax, etaMin } = this;
    const groups = groupsOf(this.optimizer);
    if (lastEpoch === 0) return groups.map((group) => group.lr);
    if (this.stepCount === 1 && lastEpoch > 0)
      return this.baseLrs.map(
        (base) => etaMin + ((base - etaMin) * (1 + Math.cos((lastEpoch * Math.PI) / tMax))) / 2,
      );
    if ((lastEpoch - 1 - tMax) % (2 * tMax) === 0)
      return groups.map(
        (group, i) => group.lr + ((this.baseLrs[i] - etaMin) * (1 - Math.cos(Math.PI / tMax))) / 2,
      );
    return groups.map(
      (group) =>
        ((1 + Math.cos((Math.PI * lastEpoch) / tMax)) /
          (1 + Math.cos((Math.PI * (lastEpoch - 1)) / tMax))) *
          (group.lr - etaMin) +
        etaMin,
    );
  }

  protected override closedFormLr(): number[] {
    const { lastEpoch, tMax, etaMin } = this;
    return this.baseLrs.map(
      (base) => etaMin + ((base - etaMin) * (1 + Math.cos((Math.PI * lastEpoch) / tMax))) / 2,
    );
  }
}
