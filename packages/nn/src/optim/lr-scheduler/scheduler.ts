import { ArgumentError } from '@x/tensor';
import type { Optimizer } from '../optimizer';
import { checkNumber } from './options';

/** A parameter group as schedulers see it: 'lr' plus the keys they add ('initialLr', ...). */
export type ScheduledGroup = Record<string, unknown> & { lr: number };

/** What a scheduler's stateDict() holds: its own fields, as PyTorch's `__dict__`. */
export type SchedulerStateDict = Record<string, unknown>;

/** The optimiser's groups, typed for reading and writing scheduler keys. */
export function groupsOf(optimizer: Optimizer<object>): ScheduledGroup[] {
  return optimizer.paramGroups as unknown as ScheduledGroup[];
}

/** The fields of `owner` that make its state: every own field but the optimiser and functions. */
export function stateOf(owner: object, skip: readonly string[] = []): SchedulerStateDict {
  const state: SchedulerStateDict = {};
  for (const [key, value] of Object.entries(owner)) {
    if (key === 'optimizer' || skip.includes(key) || typeof value === 'function') continue;
    state[key] = structuredClone(value);
  }
  return state;
}

function kindOf(value: unknown): string {
  return value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value;
}

/**
 * Restores fields saved by stateOf. The saved keys and their kinds must be exactly the
 * scheduler's own (checked before anything changes); values are copied.
 */
export function loadStateOf(
  op: string,
  owner: object,
  saved: SchedulerStateDict,
  skip: readonly string[] = [],
): void {
  if (typeof saved !== 'object' || saved === null)
    throw new ArgumentError(`${op}: expected a state dict object, got ${kindOf(saved)}`);
  const own = stateOf(owner, skip);
  const entries = saved instanceof Map ? [...saved] : Object.entries(saved);
  const names = new Set(entries.map(([key]) => key));
  for (const key of Object.keys(own)) {
    if (!names.has(key)) throw new ArgumentError(`${op}: the state dict lacks '${key}'`);
  }
  for (const [key, value] of entries) {
    if (!(key in own)) throw new ArgumentError(`${op}: unexpected key '${key}' in the state dict`);
    // best/lastLr may be null before the first step; any other change of kind is an error.
    const [want, got] = [kindOf(own[key]), kindOf(value)];
    if (want !== got && want !== 'null' && got !== 'null')
      throw new ArgumentError(`${op}: '${key}' must be ${want}, got ${got}`);
  }
  for (const [key, value] of entries)
    (owner as Record<string, unknown>)[key] = structuredClone(value);
}

/**
 * The base of the epoch-driven schedulers (torch.optim.lr_scheduler._LRScheduler, 1.13):
 * records each group's 'initialLr' (the base learning rate), then each step() advances
 * `lastEpoch` and writes `getLr()` into the groups. Every scheduler takes PyTorch's
 * arguments positionally, in PyTorch's order, or as an options object. Subclasses set
 * their fields, then call initialStep() at the end of their constructor, as PyTorch's does.
 */
export abstract class LRScheduler {
  readonly optimizer: Optimizer<object>;
  baseLrs: number[];
  lastEpoch: number;
  /** PyTorch's `_step_count`: how many times step() ran, the initial step included. */
  stepCount = 0;
  /** PyTorch's `_last_lr`. */
  lastLr: number[] = [];

  constructor(op: string, optimizer: Optimizer<object>, lastEpoch: number) {
    checkNumber(op, 'lastEpoch', lastEpoch, { integer: true, min: -1 });
    const groups = groupsOf(optimizer);
    if (lastEpoch === -1) {
      for (const group of groups) if (!('initialLr' in group)) group.initialLr = group.lr;
    } else {
      groups.forEach((group, i) => {
        if (!('initialLr' in group))
          throw new ArgumentError(
            `${op}: param 'initialLr' is not specified in paramGroups[${i}] when resuming an optimizer (lastEpoch ${lastEpoch})`,
          );
      });
    }
    this.optimizer = optimizer;
    this.baseLrs = groups.map((group) => group.initialLr as number);
    this.lastEpoch = lastEpoch;
  }

  /** The chainable form: each group's next learning rate from its current one. */
  protected abstract getLr(): number[];

  /** The closed form at `lastEpoch`, used by step(epoch); schedulers without one use getLr. */
  protected closedFormLr(): number[] {
    return this.getLr();
  }

  /** Restarts the count and takes the first step (`_initial_step`; SequentialLR uses it). */
  initialStep(): void {
    this.stepCount = 0;
    this.step();
  }

  /**
   * Advances one epoch and sets every group's learning rate. Call it after
   * optimizer.step(). `epoch`, deprecated in PyTorch but used by SequentialLR, jumps to
   * that epoch with the closed form.
   */
  step(epoch?: number): void {
    this.stepCount += 1;
    let values: number[];
    if (epoch === undefined) {
      this.lastEpoch += 1;
      values = this.getLr();
    } else {
      checkNumber(`${this.constructor.name}.step`, 'epoch', epoch, { integer: true, min: 0 });
      this.lastEpoch = epoch;
      values = this.closedFormLr();
    }
    const groups = groupsOf(this.optimizer);
    groups.forEach((group, i) => {
      group.lr = values[i];
    });
    this.lastLr = groups.map((group) => group.lr);
  }

  /** The learning rates the last step() set, one per group (get_last_lr). */
  getLastLr(): number[] {
    return [...this.lastLr];
  }

  /** Fields that are not state (functions given to the constructor). */
  protected notState(): string[] {
    return [];
  }

  /** The scheduler's fields (not the optimiser), for save() and loadStateDict (state_dict). */
  stateDict(): SchedulerStateDict {
    return stateOf(this, this.notState());
  }

  /** Restores what stateDict() returned; the optimiser's groups are restored by its own. */
  loadStateDict(saved: SchedulerStateDict): void {
    loadStateOf(`${this.constructor.name}.loadStateDict`, this, saved, this.notState());
  }
}
