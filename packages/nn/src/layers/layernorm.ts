import { ones_, zeros_ } from '@x/init';
import { ArgumentError, type Backend, empty, ShapeError, type Tensor } from '@x/tensor';
import { describe, pyBool, pyFloat, pyTuple } from '../format';
import { Module } from '../module';
import { checkConstructorOptions } from '../options';
import { Parameter } from '../parameter';

export interface LayerNormOptions {
  eps?: number;
  /** Learn a per-element scale (weight) and shift (bias) of normalizedShape, default true. */
  elementwiseAffine?: boolean;
  backend?: Backend;
}

/**
 * Normalises over the last dims (those of `normalizedShape`) of each sample, with the
 * biased variance, then scales and shifts (torch.nn.LayerNorm). Same in training and eval.
 *
 * @example
 * const norm = new LayerNorm(8);
 * norm.forward(randn([2, 8])); // each row ~ mean 0, variance 1
 */
export class LayerNorm extends Module {
  readonly normalizedShape: readonly number[];
  readonly eps: number;
  readonly elementwiseAffine: boolean;
  weight!: Parameter | null;
  bias!: Parameter | null;

  constructor(normalizedShape: number | readonly number[], options: LayerNormOptions = {}) {
    super();
    checkConstructorOptions('LayerNorm', options, ['eps', 'elementwiseAffine', 'backend']);
    const shape = typeof normalizedShape === 'number' ? [normalizedShape] : normalizedShape;
    if (
      !Array.isArray(shape) ||
      shape.length === 0 ||
      shape.some((size) => !Number.isInteger(size) || size <= 0)
    ) {
      throw new ArgumentError(
        `LayerNorm: normalizedShape must be positive integers, got ${describe(normalizedShape)}`,
      );
    }
    this.normalizedShape = shape;
    this.eps = options.eps ?? 1e-5;
    this.elementwiseAffine = options.elementwiseAffine ?? true;
    if (this.elementwiseAffine) {
      this.weight = new Parameter(empty(shape, { backend: options.backend }));
      this.bias = new Parameter(empty(shape, { backend: options.backend }));
    } else {
      this.registerParameter('weight', null);
      this.registerParameter('bias', null);
    }
    this.resetParameters();
  }

  /** Weight to ones, bias to zeros. */
  resetParameters(): void {
    if (this.weight !== null && this.bias !== null) {
      ones_(this.weight);
      zeros_(this.bias);
    }
  }

  override forward(input: Tensor): Tensor {
    const k = this.normalizedShape.length;
    const trailing = input.shape.slice(input.ndim - k);
    if (input.ndim < k || trailing.some((size, i) => size !== this.normalizedShape[i])) {
      throw new ShapeError(
        `LayerNorm: given normalized_shape=[${this.normalizedShape.join(', ')}], expected input with shape ` +
          `[*, ${this.normalizedShape.join(', ')}], but got input of size [${input.shape.join(', ')}]`,
      );
    }
    const dims = this.normalizedShape.map((_, i) => input.ndim - k + i);
    const mean = input.mean(dims, { keepdim: true });
    const variance = input.var(dims, { correction: 0, keepdim: true });
    const output = input.sub(mean).div(variance.add(this.eps).sqrt());
    if (this.weight === null || this.bias === null) return output;
    return output.mul(this.weight).add(this.bias);
  }

  override extraRepr(): string {
    return (
      `${pyTuple(this.normalizedShape)}, eps=${pyFloat(this.eps)}, ` +
      `elementwise_affine=${pyBool(this.elementwiseAffine)}`
    );
  }
}
