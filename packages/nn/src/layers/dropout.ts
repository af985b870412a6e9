import { ArgumentError, emptyLike, type Generator, type Tensor } from '@x/tensor';
import { describe, pyBool, pyFloat } from '../format';
import { Module } from '../module';
import { checkConstructorOptions } from '../options';

export interface DropoutOptions {
  /** Overwrite the input instead of returning a new tensor. */
  inplace?: boolean;
  /** The stream for the mask; the default generator otherwise. */
  generator?: Generator;
}

/**
 * In training, zeroes each element with probability p and scales the rest by 1/(1−p); in
 * eval mode, the identity (torch.nn.Dropout). The mask is `bernoulli_(1 − p)` divided by
 * 1 − p, as PyTorch's CPU path draws it, so the same seed drops the same elements.
 *
 * @example
 * const drop = new Dropout(0.5);
 * drop.forward(ones([4])); // e.g. tensor([2., 0., 2., 2.])
 * drop.eval().forward(ones([4])); // tensor([1., 1., 1., 1.])
 */
export class Dropout extends Module {
  readonly p: number;
  readonly inplace: boolean;
  private readonly generator: Generator | undefined;

  constructor(p = 0.5, options: DropoutOptions = {}) {
    super();
    checkConstructorOptions('Dropout', options, ['inplace', 'generator']);
    if (typeof p !== 'number' || !(p >= 0 && p <= 1)) {
      throw new ArgumentError(
        `Dropout: dropout probability has to be between 0 and 1, but got ${describe(p)} for p`,
      );
    }
    this.p = p;
    this.inplace = options.inplace ?? false;
    this.generator = options.generator;
  }

  override forward(input: Tensor): Tensor {
    if (!this.training || this.p === 0) return input;
    const scale = this.p === 1 ? emptyLike(input).zero_() : this.mask(input);
    return this.inplace ? input.mul_(scale) : input.mul(scale);
  }

  private mask(input: Tensor): Tensor {
    const keep = 1 - this.p;
    return emptyLike(input).bernoulli_(keep, { generator: this.generator }).div_(keep);
  }

  override extraRepr(): string {
    return `p=${pyFloat(this.p)}, inplace=${pyBool(this.inplace)}`;
  }
}
