import { ArgumentError } from '@x/tensor';
import { describe } from '../../format';
import type { Optimizer } from '../optimizer';
import { checkOptimizer, readOptions } from './options';
import { groupsOf, LRScheduler } from './scheduler';

export type LrLambda = (epoch: number) => number;

export interface LambdaLROptions {
  /** The factor of the base learning rate at an epoch: one function, or one per group. */
  lrLambda: LrLambda | LrLambda[];
  lastEpoch: number;
}

/**
 * Sets each group's learning rate to its base rate times `lrLambda(epoch)`
 * (torch.optim.lr_scheduler.LambdaLR). The functions are not part of stateDict().
 *
 * @example
 * const scheduler = new LambdaLR(optimizer, { lrLambda: (epoch) => 0.95 ** epoch });
 * for (let epoch = 0; epoch < 100; epoch++) {
 *   train(); // optimizer.step() inside
 *   scheduler.step();
 * }
 */
export class LambdaLR extends LRScheduler {
  lrLambdas: LrLambda[];

  constructor(
    optimizer: Optimizer<object>,
    options: Partial<LambdaLROptions> & Pick<LambdaLROptions, 'lrLambda'>,
  );
  constructor(optimizer: Optimizer<object>, lrLambda: LrLambda | LrLambda[], lastEpoch?: number);
  constructor(optimizer: Optimizer<object>, ...args: unknown[]) {
    const op = 'LambdaLR';
    checkOptimizer(op, optimizer);
    const { lrLambda, lastEpoch } = readOptions(op, args, {
      lrLambda: undefined as LambdaLROptions['lrLambda'] | undefined,
      lastEpoch: -1,
    });
    const groups = groupsOf(optimizer).length;
    const lambdas = Array.isArray(lrLambda) ? lrLambda : Array(groups).fill(lrLambda);
    if (Array.isArray(lrLambda) && lrLambda.length !== groups)
      throw new ArgumentError(`${op}: Expected ${groups} lr_lambdas, but got ${lrLambda.length}`);
    for (const fn of lambdas) {
      if (typeof fn !== 'function')
        throw new ArgumentError(
          `${op}: lrLambda must be a function of the epoch (or one per group), got ${describe(fn)}`,
        );
    }
    super(op, optimizer, lastEpoch);
    this.lrLambdas = lambdas;
    this.initialStep();
  }

  protected override getLr(): number[] {
    return this.baseLrs.map((base, i) => base * this.lrLambdas[i](this.lastEpoch));
  }

  protected override notState(): string[] {
    return ['lrLambdas'];
  }
}
