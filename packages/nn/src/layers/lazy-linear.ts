import { type Backend, empty, ShapeError, type Tensor } from '@x/tensor';
import { UninitializedParameterError } from '../errors';
import { pyBool } from '../format';
import { Module } from '../module';
import { Parameter } from '../parameter';
import { checkFeatures, Linear, type LinearOptions } from './linear';

/** What a LazyLinear needs until it becomes a Linear (kept off the object, which then is one). */
const pending = new WeakMap<LazyLinear, { bias: boolean; backend: Backend | undefined }>();

function uninitialized(what: string): UninitializedParameterError {
  return new UninitializedParameterError(
    `LazyLinear: ${what} before the first forward(): its parameters have no shape until ` +
      'forward() infers in_features from the input; call forward() with a batch first',
  );
}

/**
 * A Linear whose inFeatures is read from the first input (torch.nn.LazyLinear). The first
 * forward() creates and initialises its parameters, as PyTorch does at that moment, and
 * turns the object into a Linear (PyTorch swaps `__class__`): afterwards `instanceof Linear`
 * holds and it prints as `Linear(...)`. Touching its parameters before that throws.
 *
 * @example
 * const net = new Sequential(new LazyLinear(8), new ReLU(), new LazyLinear(1));
 * net.forward(rand([2, 4]));
 * net.at(0).weight.shape; // [8, 4]
 */
export class LazyLinear extends Module {
  /** 0 until the first forward(), as PyTorch prints it. */
  inFeatures = 0;
  outFeatures: number;

  constructor(outFeatures: number, options: LinearOptions = {}) {
    super();
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

  /** @internal Listing, saving, loading or moving parameters that do not exist yet fails. */
  override _ownParameters(op: string): never {
    throw uninitialized(`${op} reached its parameters`);
  }

  /** Creates the parameters for `input`'s last dim, becomes a Linear, and runs it. */
  override forward(input: Tensor): Tensor {
    if (input.ndim === 0) {
      throw new ShapeError(
        'LazyLinear: forward expects an input with at least 1 dimension, got a 0-d tensor',
      );
    }
    const { bias, backend } = pending.get(this)!;
    const inFeatures = input.shape[input.ndim - 1];
    const weight = new Parameter(
      empty([this.outFeatures, inFeatures], { backend: backend ?? input.backend }),
    );
    const biasParam = bias
      ? new Parameter(empty([this.outFeatures], { backend: backend ?? input.backend }))
      : null;
    pending.delete(this);
    Object.setPrototypeOf(this, Linear.prototype);
    const linear = this as unknown as Linear;
    linear.inFeatures = inFeatures;
    linear.weight = weight;
    if (biasParam === null) linear.registerParameter('bias', null);
    else linear.bias = biasParam;
    linear.resetParameters();
    return linear.forward(input);
  }

  override extraRepr(): string {
    return `in_features=0, out_features=${this.outFeatures}, bias=${pyBool(pending.get(this)!.bias)}`;
  }
}
