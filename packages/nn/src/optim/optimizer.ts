import { enableGrad, noGrad } from '@x/autograd';
import { ArgumentError, keep, Tensor, tidy } from '@x/tensor';
import { describe } from '../format';
import { resetGrad } from '../parameter';

/** One optimiser's per-parameter state: PyTorch's keys ('momentum_buffer', 'exp_avg', 'step', ...). */
export type ParamState = Record<string, Tensor | number | null>;

/** A group of parameters sharing hyperparameters; options left out take the defaults. */
export type ParamGroupInput<Options> = Partial<Options> & { params: Iterable<Tensor> };

export type ParamGroup<Options> = Options & { params: Tensor[] };

/** What stateDict() returns: parameters referred to by their index across all groups. */
export interface OptimizerStateDict<Options> {
  state: Map<number, ParamState>;
  paramGroups: (Options & { params: number[] })[];
}

/**
 * The base of SGD, Adam, AdamW, RMSprop and Adagrad (torch.optim.Optimizer): parameter
 * groups with their hyperparameters, per-parameter state, zeroGrad(), step() and state
 * dicts. Subclasses define `updateGroup`, which runs under noGrad and writes through `.data`.
 */
export abstract class Optimizer<Options extends object> {
  readonly defaults: Options;
  readonly paramGroups: ParamGroup<Options>[] = [];
  /** Per-parameter state, filled by the first step() that sees the parameter's gradient. */
  state = new Map<Tensor, ParamState>();

  constructor(params: Iterable<Tensor> | Iterable<ParamGroupInput<Options>>, defaults: Options) {
    this.defaults = defaults;
    if (params instanceof Tensor) {
      throw new ArgumentError(
        `${this.constructor.name}: params should be an iterable of Tensors or of parameter groups, got a single Tensor`,
      );
    }
    if (
      params === null ||
      typeof params !== 'object' ||
      typeof (params as Iterable<unknown>)[Symbol.iterator] !== 'function'
    ) {
      throw new ArgumentError(
        `${this.constructor.name}: params should be an iterable of Tensors or of parameter groups, got ${describe(params)}`,
      );
    }
    const items = [...params];
    if (items.length === 0)
      throw new ArgumentError(`${this.constructor.name}: optimizer got an empty parameter list`);
    const groups = (
      items[0] instanceof Tensor ? [{ params: items }] : items
    ) as ParamGroupInput<Options>[];
    for (const group of groups) this.addParamGroup(group);
  }

  /** Adds a group; its missing options take the defaults (add_param_group). */
  addParamGroup(group: ParamGroupInput<Options>): void {
    const op = `${this.constructor.name}.addParamGroup`;
    const given: unknown = group?.params;
    if (
      !(given instanceof Tensor) &&
      (given === null ||
        typeof given !== 'object' ||
        typeof (given as Iterable<unknown>)[Symbol.iterator] !== 'function')
    ) {
      throw new ArgumentError(
        `${op}: params must be Tensors or groups { params: Tensor[] }, got ${describe(group)}`,
      );
    }
    if (group.params instanceof Set) {
      throw new ArgumentError(
        `${op}: parameters must be in an ordered collection (an array), not a Set`,
      );
    }
    const params = group.params instanceof Tensor ? [group.params] : [...group.params];
    for (const param of params) {
      if (!(param instanceof Tensor))
        throw new ArgumentError(
          `${op}: optimizer can only optimize Tensors, got ${describe(param)}`,
        );
      if (!param.isLeaf) throw new ArgumentError(`${op}: can't optimize a non-leaf Tensor`);
    }
    const taken = new Set(this.paramGroups.flatMap((g) => g.params));
    if (params.some((param) => taken.has(param))) {
      throw new ArgumentError(`${op}: some parameters appear in more than one parameter group`);
    }
    const options = {
      ...this.defaults,
      ...group,
      params: [...new Set(params)],
    } as ParamGroup<Options>;
    this.checkOptions(options);
    this.paramGroups.push(options);
  }

  /** Throws an ArgumentError for hyperparameters outside their domain. */
  protected abstract checkOptions(options: Options): void;

  /** Updates one group's parameters from their gradients (inside noGrad). */
  protected abstract updateGroup(group: ParamGroup<Options>): void;

  /**
   * One update of every parameter that has a gradient. `closure`, if given, recomputes
   * and returns the loss (with gradients recorded) before the update.
   */
  step(closure?: () => Tensor): Tensor | undefined {
    const loss = closure === undefined ? undefined : enableGrad(closure);
    // tidy: the update's temporaries are freed at once; state tensors are kept by stateOf's users.
    noGrad(() => {
      for (const group of this.paramGroups) tidy(() => this.updateGroup(group));
    });
    return loss;
  }

  /** The state of `param`, created empty on first use. */
  protected stateOf(param: Tensor): ParamState {
    let state = this.state.get(param);
    if (state === undefined) this.state.set(param, (state = {}));
    return state;
  }

  /** Resets the gradients of every optimised parameter: to null by default, or to zeros. */
  zeroGrad(options: { setToNone?: boolean } = {}): void {
    for (const group of this.paramGroups) {
      for (const param of group.params) {
        resetGrad(param, options.setToNone ?? true);
      }
    }
  }

  /**
   * Hyperparameters and state, parameters replaced by their index (state_dict). The
   * tensors are the live state, as in PyTorch; loadStateDict copies them.
   */
  stateDict(): OptimizerStateDict<Options> {
    const index = new Map<Tensor, number>();
    const paramGroups = this.paramGroups.map((group) => {
      const { params, ...options } = group;
      for (const param of params) if (!index.has(param)) index.set(param, index.size);
      return {
        ...(options as unknown as Options),
        params: params.map((param) => index.get(param)!),
      };
    });
    const state = new Map<number, ParamState>();
    for (const [param, values] of this.state)
      if (index.has(param)) state.set(index.get(param)!, { ...values });
    return { state, paramGroups };
  }

  /**
   * Restores hyperparameters and state saved by stateDict() into an optimiser over
   * parameters of the same shapes (load_state_dict). Everything is checked before
   * anything changes; state tensors are copied onto their parameter's backend.
   */
  loadStateDict(saved: OptimizerStateDict<Options>): void {
    const op = `${this.constructor.name}.loadStateDict`;
    if (saved.paramGroups.length !== this.paramGroups.length) {
      throw new ArgumentError(
        `${op}: loaded state dict has a different number of parameter groups`,
      );
    }
    saved.paramGroups.forEach((group, i) => {
      if (group.params.length !== this.paramGroups[i].params.length) {
        throw new ArgumentError(
          `${op}: loaded state dict contains a parameter group that doesn't match the size of optimizer's group`,
        );
      }
    });
    const byIndex = new Map<number, Tensor>();
    saved.paramGroups.forEach((group, g) => {
      group.params.forEach((id, k) => {
        byIndex.set(id, this.paramGroups[g].params[k]);
      });
    });
    const state = new Map<Tensor, ParamState>();
    for (const [id, values] of saved.state) {
      const param = byIndex.get(id);
      if (param === undefined)
        throw new ArgumentError(
          `${op}: state for parameter ${id} matches no parameter of the groups`,
        );
      const copy: ParamState = {};
      for (const [key, value] of Object.entries(values)) {
        if (value instanceof Tensor && value.shape.join() !== param.shape.join()) {
          throw new ArgumentError(
            `${op}: state '${key}' of parameter ${id} has shape [${value.shape}], the parameter has [${param.shape}]`,
          );
        }
        copy[key] =
          value instanceof Tensor ? keep(value.detach().to(param.backend).clone()) : value;
      }
      state.set(param, copy);
    }
    const groups = saved.paramGroups.map((group, g) => {
      const options = {
        ...this.defaults,
        ...group,
        params: this.paramGroups[g].params,
      } as ParamGroup<Options>;
      this.checkOptions(options);
      return options;
    });
    this.paramGroups.splice(0, this.paramGroups.length, ...groups);
    this.state = state;
  }
}

/** PyTorch's "Invalid ... value" checks, one place for every optimiser. */
export function checkNonNegative(op: string, name: string, label: string, value: number): void {
  if (typeof value !== 'number' || !(value >= 0))
    throw new ArgumentError(`${op}: Invalid ${label}: ${describe(value)} (${name} must be >= 0)`);
}
