import { noGrad } from '@x/autograd';
import { normal_ } from '@x/init';
import { ArgumentError, type Backend, DTypeError, empty, type Tensor, where } from '@x/tensor';
import { describe } from '../format';
import { Module } from '../module';
import { checkConstructorOptions } from '../options';
import { Parameter } from '../parameter';

export interface EmbeddingOptions {
  /** An index whose row starts at zero and gets no gradient (negative counts from the end). */
  paddingIdx?: number;
  backend?: Backend;
}

/**
 * A lookup table: int32 indices of any shape give their rows of `weight`
 * [numEmbeddings, embeddingDim], appended as a last dim (torch.nn.Embedding). The weight
 * starts as N(0, 1) draws; the padding row, if any, as zeros.
 *
 * @example
 * const embed = new Embedding(10, 3);
 * embed.forward(tensor([[1, 2], [4, 9]], { dtype: 'int32' })).shape; // [2, 2, 3]
 */
export class Embedding extends Module {
  readonly numEmbeddings: number;
  readonly embeddingDim: number;
  readonly paddingIdx: number | null;
  weight: Parameter;

  constructor(numEmbeddings: number, embeddingDim: number, options: EmbeddingOptions = {}) {
    super();
    checkConstructorOptions('Embedding', options, ['paddingIdx', 'backend']);
    for (const [name, value] of [
      ['numEmbeddings', numEmbeddings],
      ['embeddingDim', embeddingDim],
    ] as const) {
      if (!Number.isInteger(value) || value < 0) {
        throw new ArgumentError(
          `Embedding: ${name} must be a non-negative integer, got ${describe(value)}`,
        );
      }
    }
    this.numEmbeddings = numEmbeddings;
    this.embeddingDim = embeddingDim;
    this.paddingIdx = null;
    const padding = options.paddingIdx;
    if (padding !== undefined) {
      if (!Number.isInteger(padding) || padding < -numEmbeddings || padding >= numEmbeddings) {
        throw new ArgumentError(
          `Embedding: paddingIdx must be within numEmbeddings (${numEmbeddings}), got ${padding}`,
        );
      }
      this.paddingIdx = padding < 0 ? padding + numEmbeddings : padding;
    }
    this.weight = new Parameter(empty([numEmbeddings, embeddingDim], { backend: options.backend }));
    this.resetParameters();
  }

  /** N(0, 1) draws, then the padding row to zeros. */
  resetParameters(): void {
    normal_(this.weight);
    if (this.paddingIdx !== null) noGrad(() => this.weight.select(0, this.paddingIdx!).zero_());
  }

  override forward(input: Tensor): Tensor {
    if (input.dtype !== 'int32') {
      throw new DTypeError(`Embedding: indices must be an int32 tensor, got ${input.dtype}`);
    }
    const rows = this.weight
      .indexSelect(0, input.reshape([-1]))
      .reshape([...input.shape, this.embeddingDim]);
    if (this.paddingIdx === null) return rows;
    // Same values, but the padding row's gradient is cut, as PyTorch's embedding backward does.
    return where(input.ne(this.paddingIdx).unsqueeze(-1), rows, rows.detach());
  }

  override extraRepr(): string {
    const padding = this.paddingIdx === null ? '' : `, padding_idx=${this.paddingIdx}`;
    return `${this.numEmbeddings}, ${this.embeddingDim}${padding}`;
  }
}
