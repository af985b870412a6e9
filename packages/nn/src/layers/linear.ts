import { calculateFanInAndFanOut, kaimingUniform_, uniform_ } from '@x/init';
import { ArgumentError, type Backend, empty, type Tensor } from '@x/tensor';
import { describe, pyBool } from '../format';
import { Module } from '../module';
import { Parameter } from '../parameter';

export interface LinearOptions {
  /** Learn an additive bias (default true). */
  bias?: boolean;
  /** Where the parameters live (the default backend otherwise). */
  backend?: Backend;
}

export function checkFeatures(op: string, name: string, value: number): void {
  if (!Number.isInteger(value) || value < 0) {
    throw new ArgumentError(
      `${op}: ${name} must be a non-negative integer, got ${describe(value)}`,
    );
  }
}

/**
 * y = x Wᵀ + b over the last dim (torch.nn.Linear). `weight` is [outFeatures, inFeatures],
 * initialised as PyTorch does, so manualSeed(s) gives PyTorch's weights.
 *
 * @example
 * const layer = new Linear(4, 8);
 * layer.forward(rand([2, 4])).shape; // [2, 8]
 */
export class Linear extends Module {
  inFeatures: number;
  outFeatures: number;
  weight: Parameter;
  bias!: Parameter | null;

  constructor(inFeatures: number, outFeatures: number, options: LinearOptions = {}) {
    super();
    checkFeatures('Linear', 'inFeatures', inFeatures);
    checkFeatures('Linear', 'outFeatures', outFeatures);
    this.inFeatures = inFeatures;
    this.outFeatures = outFeatures;
    const backend = options.backend;
    this.weight = new Parameter(empty([outFeatures, inFeatures], { backend }));
    if (options.bias ?? true) this.bias = new Parameter(empty([outFeatures], { backend }));
    else this.registerParameter('bias', null);
    this.resetParameters();
  }

  /**
   * PyTorch's default init: weight from kaiming uniform with a = √5, i.e.
   * U(−1/√inFeatures, 1/√inFeatures), then bias from the same range, in that order.
   */
  resetParameters(): void {
    kaimingUniform_(this.weight, { a: Math.sqrt(5) });
    if (this.bias !== null) {
      const [fanIn] = calculateFanInAndFanOut(this.weight);
      const bound = fanIn > 0 ? 1 / Math.sqrt(fanIn) : 0;
      uniform_(this.bias, { a: -bound, b: bound });
    }
  }

  /** A 2-D input runs as one addmm (grad_fn AddmmBackward0), others as matmul + add. */
  override forward(input: Tensor): Tensor {
    const weightT = this.weight.t();
    if (input.ndim === 2 && this.bias !== null) return this.bias.addmm(input, weightT);
    const output = input.matmul(weightT);
    return this.bias === null ? output : output.add(this.bias);
  }

  override extraRepr(): string {
    return `in_features=${this.inFeatures}, out_features=${this.outFeatures}, bias=${pyBool(this.bias !== null)}`;
  }
}
