import { calculateFanInAndFanOut, kaimingUniform_, uniform_ } from '@x/init';
import { ArgumentError, type Backend, empty, type Tensor } from '@x/tensor';
import { describe, pyBool } from '../format';
import { Module } from '../module';
import { checkConstructorOptions } from '../options';
import { Parameter } from '../parameter';

export interface LinearOptions<HasBias extends boolean = boolean> {
  /** Learn an additive bias (default true). */
  bias?: HasBias;
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

/** The type of a Linear's bias: a Parameter, or null for `{ bias: false }`. */
export type LinearBias<HasBias extends boolean> = HasBias extends true ? Parameter : null;

/**
 * y = x Wᵀ + b over the last dim (torch.nn.Linear). `weight` is [outFeatures, inFeatures],
 * initialised as PyTorch does, so manualSeed(s) gives PyTorch's weights. The type records
 * whether there is a bias: `new Linear(4, 8).bias` is a Parameter, `new Linear(4, 8,
 * { bias: false }).bias` is null, and a `bias` option only known at run time gives
 * `Parameter | null` (`Linear<boolean>`).
 *
 * @example
 * const layer = new Linear(4, 8);
 * layer.forward(rand([2, 4])).shape; // [2, 8]
 * layer.bias.shape;                  // [8]
 */
export class Linear<HasBias extends boolean = true> extends Module {
  inFeatures: number;
  outFeatures: number;
  weight: Parameter;
  bias!: LinearBias<HasBias>;

  constructor(inFeatures: number, outFeatures: number, options: LinearOptions<HasBias> = {}) {
    super();
    checkConstructorOptions('Linear', options, ['bias', 'backend']);
    checkFeatures('Linear', 'inFeatures', inFeatures);
    checkFeatures('Linear', 'outFeatures', outFeatures);
    this.inFeatures = inFeatures;
    this.outFeatures = outFeatures;
    const backend = options.backend;
    this.weight = new Parameter(empty([outFeatures, inFeatures], { backend }));
    if (options.bias ?? true)
      this.bias = new Parameter(empty([outFeatures], { backend })) as LinearBias<HasBias>;
    else this.registerParameter('bias', null);
    this.resetParameters();
  }

  /**
   * PyTorch's default init: weight from kaiming uniform with a = √5, i.e.
   * U(−1/√inFeatures, 1/√inFeatures), then bias from the same range, in that order.
   */
  resetParameters(): void {
    kaimingUniform_(this.weight, { a: Math.sqrt(5) });
    const bias: Parameter | null = this.bias;
    if (bias !== null) {
      const [fanIn] = calculateFanInAndFanOut(this.weight);
      const bound = fanIn > 0 ? 1 / Math.sqrt(fanIn) : 0;
      uniform_(bias, { a: -bound, b: bound });
    }
  }

  /** A 2-D input runs as one addmm (grad_fn AddmmBackward0), others as matmul + add. */
  override forward(input: Tensor): Tensor {
    const weightT = this.weight.t();
    const bias: Parameter | null = this.bias;
    if (input.ndim === 2 && bias !== null) return bias.addmm(input, weightT);
    const output = input.matmul(weightT);
    return bias === null ? output : output.add(bias);
  }

  override extraRepr(): string {
    return `in_features=${this.inFeatures}, out_features=${this.outFeatures}, bias=${pyBool(this.bias !== null)}`;
  }
}
