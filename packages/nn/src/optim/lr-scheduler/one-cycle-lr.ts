import { ArgumentError } from '@x/tensor';
import type { Optimizer } from '../optimizer';
import { checkNumber, checkOptimizer, perGroup, readOptions } from './options';
import { groupsOf, LRScheduler } from './scheduler';

export interface OneCycleLROptions {
  /** The peak learning rate: one for all groups, or one per group. */
  maxLr: number | number[];
  /** Steps of the whole cycle; or give epochs and stepsPerEpoch. */
  totalSteps: number | null;
  epochs: number | null;
  stepsPerEpoch: number | null;
  /** The fraction of the cycle spent increasing the rate. */
  pctStart: number;
  annealStrategy: 'cos' | 'linear';
  /** Cycle momentum (SGD, RMSprop) or beta1 (Adam) inversely to the rate. */
  cycleMomentum: boolean;
  baseMomentum: number | number[];
  maxMomentum: number | number[];
  /** The initial rate is maxLr / divFactor. */
  divFactor: number;
  /** The final rate is the initial rate / finalDivFactor. */
  finalDivFactor: number;
  /** A third phase annihilates the rate after the symmetric warm-up and cool-down. */
  threePhase: boolean;
  lastEpoch: number;
}

interface Phase {
  endStep: number;
  startLr: string;
  endLr: string;
  startMomentum: string;
  endMomentum: string;
}

/**
 * The 1cycle policy (torch.optim.lr_scheduler.OneCycleLR, PyTorch 1.13): the rate rises
 * from maxLr / divFactor to maxLr over pctStart of the steps, then anneals to
 * initial / finalDivFactor, while momentum (or Adam's beta1) cycles the other way. Step it
 * after every batch. Adds 'initialLr', 'maxLr', 'minLr', 'maxMomentum' and 'baseMomentum'
 * to each parameter group, as PyTorch does.
 *
 * @example
 * const scheduler = new OneCycleLR(optimizer, { maxLr: 0.1, totalSteps: 1000 });
 */
export class OneCycleLR extends LRScheduler {
  totalSteps: number;
  phases: Phase[];
  annealStrategy: 'cos' | 'linear';
  cycleMomentum: boolean;
  /** Whether momentum is Adam's beta1 rather than a 'momentum' option. */
  useBeta1: boolean;

  constructor(
    optimizer: Optimizer<object>,
    options: Partial<OneCycleLROptions> & Pick<OneCycleLROptions, 'maxLr'>,
  );
  constructor(
    optimizer: Optimizer<object>,
    maxLr: number | number[],
    totalSteps?: number | null,
    epochs?: number | null,
    stepsPerEpoch?: number | null,
    pctStart?: number,
    annealStrategy?: 'cos' | 'linear',
    cycleMomentum?: boolean,
    baseMomentum?: number | number[],
    maxMomentum?: number | number[],
    divFactor?: number,
    finalDivFactor?: number,
    threePhase?: boolean,
    lastEpoch?: number,
  );
  constructor(optimizer: Optimizer<object>, ...args: unknown[]) {
    const op = 'OneCycleLR';
    checkOptimizer(op, optimizer);
    const o = readOptions<OneCycleLROptions>(op, args, {
      maxLr: undefined as unknown as number,
      totalSteps: null,
      epochs: null,
      stepsPerEpoch: null,
      pctStart: 0.3,
      annealStrategy: 'cos',
      cycleMomentum: true,
      baseMomentum: 0.85,
      maxMomentum: 0.95,
      divFactor: 25,
      finalDivFactor: 1e4,
      threePhase: false,
      lastEpoch: -1,
    });
    let totalSteps: number;
    if (o.totalSteps !== null) {
      checkNumber(op, 'totalSteps', o.totalSteps, { integer: true, min: 1 });
      totalSteps = o.totalSteps;
    } else if (o.epochs !== null || o.stepsPerEpoch !== null) {
      checkNumber(op, 'epochs', o.epochs, { integer: true, min: 1 });
      checkNumber(op, 'stepsPerEpoch', o.stepsPerEpoch, { integer: true, min: 1 });
      totalSteps = o.epochs! * o.stepsPerEpoch!;
    } else {
      throw new ArgumentError(
        `${op}: You must define either totalSteps OR (epochs AND stepsPerEpoch)`,
      );
    }
    checkNumber(op, 'pctStart', o.pctStart, { min: 0, max: 1 });
    if (o.annealStrategy !== 'cos' && o.annealStrategy !== 'linear')
      throw new ArgumentError(
        `${op}: annealStrategy must be 'cos' or 'linear', got ${JSON.stringify(o.annealStrategy)}`,
      );
    checkNumber(op, 'divFactor', o.divFactor);
    checkNumber(op, 'finalDivFactor', o.finalDivFactor);
    const groups = groupsOf(optimizer);
    const maxLrs = perGroup(op, 'maxLr', o.maxLr, groups.length);
    const defaults = optimizer.defaults as Record<string, unknown>;
    const useBeta1 = 'betas' in defaults;
    let maxMomentums: number[] = [];
    let baseMomentums: number[] = [];
    if (o.cycleMomentum) {
      if (!('momentum' in defaults) && !useBeta1)
        throw new ArgumentError(
          `${op}: optimizer must support momentum with the cycleMomentum option enabled (${optimizer.constructor.name} has neither momentum nor betas)`,
        );
      maxMomentums = perGroup(op, 'maxMomentum', o.maxMomentum, groups.length);
      baseMomentums = perGroup(op, 'baseMomentum', o.baseMomentum, groups.length);
    }
    if (o.lastEpoch === -1) {
      groups.forEach((group, i) => {
        group.initialLr = maxLrs[i] / o.divFactor;
        group.maxLr = maxLrs[i];
        group.minLr = (group.initialLr as number) / o.finalDivFactor;
        if (!o.cycleMomentum) return;
        if (useBeta1) group.betas = [maxMomentums[i], ...(group.betas as number[]).slice(1)];
        else group.momentum = maxMomentums[i];
        group.maxMomentum = maxMomentums[i];
        group.baseMomentum = baseMomentums[i];
      });
    }
    super(op, optimizer, o.lastEpoch);
    const rise = o.pctStart * totalSteps - 1;
    this.totalSteps = totalSteps;
    this.phases = o.threePhase
      ? [
          phase(rise, 'initialLr', 'maxLr', 'maxMomentum', 'baseMomentum'),
          phase(
            2 * o.pctStart * totalSteps - 2,
            'maxLr',
            'initialLr',
            'baseMomentum',
            'maxMomentum',
          ),
          phase(totalSteps - 1, 'initialLr', 'minLr', 'maxMomentum', 'maxMomentum'),
        ]
      : [
          phase(rise, 'initialLr', 'maxLr', 'maxMomentum', 'baseMomentum'),
          phase(totalSteps - 1, 'maxLr', 'minLr', 'baseMomentum', 'maxMomentum'),
        ];
    this.annealStrategy = o.annealStrategy;
    this.cycleMomentum = o.cycleMomentum;
    this.useBeta1 = useBeta1;
    this.initialStep();
  }

  private anneal(start: number, end: number, pct: number): number {
    if (this.annealStrategy === 'linear') return (end - start) * pct + start;
    return end + ((start - end) / 2) * (Math.cos(Math.PI * pct) + 1);
  }

  protected override getLr(): number[] {
    const step = this.lastEpoch;
    if (step > this.totalSteps)
      throw new ArgumentError(
        `OneCycleLR.step: Tried to step ${step + 1} times. The specified number of total steps is ${this.totalSteps}`,
      );
    return groupsOf(this.optimizer).map((group) => {
      let start = 0;
      let lr = 0;
      for (const [i, phase] of this.phases.entries()) {
        if (step <= phase.endStep || i === this.phases.length - 1) {
          const pct = (step - start) / (phase.endStep - start);
          lr = this.anneal(group[phase.startLr] as number, group[phase.endLr] as number, pct);
          if (this.cycleMomentum) {
            const momentum = this.anneal(
              group[phase.startMomentum] as number,
              group[phase.endMomentum] as number,
              pct,
            );
            if (this.useBeta1) group.betas = [momentum, ...(group.betas as number[]).slice(1)];
            else group.momentum = momentum;
          }
          break;
        }
        start = phase.endStep;
      }
      return lr;
    });
  }
}

function phase(
  endStep: number,
  startLr: string,
  endLr: string,
  startMomentum: string,
  endMomentum: string,
): Phase {
  return { endStep, startLr, endLr, startMomentum, endMomentum };
}
