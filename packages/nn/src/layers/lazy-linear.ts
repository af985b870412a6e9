import { type Backend, empty, ShapeError, Tensor } from '@x/tensor';
import { UninitializedParameterError } from '../errors';
import { pyBool } from '../format';
import { type LazyLoad, Module } from '../module';
import { checkConstructorOptions } from '../options';
import { Parameter } from '../parameter';
import { checkFeatures, Linear, type LinearOptions } from './linear';

/** What a LazyLinear needs until it becomes a Linear (kept off the object, which then is one). */
const pending = new WeakMap<LazyLinear, { bias: boolean; backend: Backend | undefined }>();

function uninitialized(what: string): UninitializedParameterError {
  return new UninitializedParameterError(
    `LazyLinear: ${what} before the first forward(): its parameters have no shape until ` +
      'forward() infers in_features from the input (or loadStateDict() from a saved weight); ' +
      'call forward() with a batch first',
  );
}

/**
 * A Linear whose inFeatures is read from the first input (torch.nn.LazyLinear). The first
 * forward() creates and initialises its parameters, as PyTorch does at that moment, and
 * turns the object into a Linear (PyTorch swaps `__class__`): afterwards `instanceof Linear`
 * holds and it prints as `Linear(...)`. Touching its parameters before that throws, except
 * that:
 * - `loadStateDict()` materialises it, inFeatures taken from the saved weight's shape (as
 *   PyTorch's LazyModuleMixin does on load); it is then a Linear holding the loaded values;
 * - `to(backend)` is remembered: the parameters are created on that backend.
 *
 * @example
 * const net = new Sequential(new LazyLinear(8), new ReLU(), new LazyLinear(1));
 * net.forward(rand([2, 4]));
 * net[0].weight.shape; // [8, 4]
 *
 * const restored = new Sequential(new LazyLinear(8), new ReLU(), new LazyLinear(1));
 * restored.loadStateDict(net.stateDict()); // restored[0] is now a Linear(4, 8)
 */
export class LazyLinear extends Module {
  /** 0 until the first forward(), as PyTorch prints it. */
  inFeatures = 0;
  outFeatures: number;

  constructor(outFeatures: number, options: LinearOptions = {}) {
    super();
    checkConstructorOptions('LazyLinear', options, ['bias', 'backend']);
    checkFeatures('LazyLinear', 'outFeatures', outFeatures);
    this.outFeatures = outFeatures;
    pending.set(this, { bias: options.bias ?? true, backend: options.backend });
  }

  get weight(): Parameter {
    throw uninitialized("reading 'weight'");
  }

  get bias(): Parameter | null {
    throw uninitialized("reading 'bias'");
  }

  /** @internal Listing, saving or hooking parameters that do not exist yet fails. */
  override _ownParameters(op: string): never {
    throw uninitialized(`${op} reached its parameters`);
  }

  /**
   * @internal Parameters of the saved weight's inFeatures, adopted once loadStateDict has
   * checked every key. Without a saved weight they are reported missing and nothing changes.
   */
  override _lazyLoad(state: ReadonlyMap<string, unknown>, prefix: string): LazyLoad {
    const saved = state.get(`${prefix}weight`);
    const inFeatures = saved instanceof Tensor && saved.ndim > 0 ? saved.shape[saved.ndim - 1] : 0;
    const parameters = this.createParameters(inFeatures);
    // A module reached twice (tied) is adopted once, by its first name.
    const adopt = state.has(`${prefix}weight`)
      ? () => {
          if (pending.has(this)) this.becomeLinear(inFeatures, parameters);
        }
      : undefined;
    return { parameters, adopt };
  }

  /** @internal Remembers `backend` for the parameters the first forward() creates. */
  override _lazyMove(backend: Backend): () => void {
    return () => {
      pending.get(this)!.backend = backend;
    };
  }

  /** Creates the parameters for `input`'s last dim, becomes a Linear, and runs it. */
  override forward(input: Tensor): Tensor {
    if (input.ndim === 0) {
      throw new ShapeError(
        'LazyLinear: forward expects an input with at least 1 dimension, got a 0-d tensor',
      );
    }
    const inFeatures = input.shape[input.ndim - 1];
    const linear = this.becomeLinear(inFeatures, this.createParameters(inFeatures, input.backend));
    linear.resetParameters();
    return linear.forward(input);
  }

  override extraRepr(): string {
    return `in_features=0, out_features=${this.outFeatures}, bias=${pyBool(pending.get(this)!.bias)}`;
  }

  /** Uninitialised weight (and bias) on the remembered backend, else `fallback`. */
  private createParameters(inFeatures: number, fallback?: Backend): Map<string, Parameter> {
    const { bias, backend: remembered } = pending.get(this)!;
    const backend = remembered ?? fallback;
    const parameters = new Map([
      ['weight', new Parameter(empty([this.outFeatures, inFeatures], { backend }))],
    ]);
    if (bias) parameters.set('bias', new Parameter(empty([this.outFeatures], { backend })));
    return parameters;
  }

  /** Turns this object into a Linear owning `parameters` (PyTorch's cls_to_become). */
  private becomeLinear(inFeatures: number, parameters: Map<string, Parameter>): Linear<boolean> {
    pending.delete(this);
    Object.setPrototypeOf(this, Linear.prototype);
    const linear = this as unknown as Linear<boolean>;
    linear.inFeatures = inFeatures;
    linear.weight = parameters.get('weight')!;
    const bias = parameters.get('bias');
    if (bias === undefined) linear.registerParameter('bias', null);
    else linear.bias = bias;
    return linear;
  }
}
