// torch.nn.utils.parametrizations.spectral_norm: the weight divided by its largest singular
// value, estimated by power iteration on the buffers `_u` and `_v` of the parametrization.
import { noGrad } from '@x/autograd';
import { ArgumentError, empty, IndexError, Tensor } from '@x/tensor';
import { describe } from '../format';
import { Module } from '../module';
import { registerParametrization } from './parametrize';

/** F.normalize(input, p=2, dim=0, eps): input / max(||input||, eps). */
function normalize(input: Tensor, eps: number): Tensor {
  return input.div(input.square().sum(0, { keepdim: true }).sqrt().clamp({ min: eps }));
}

/** The parametrization spectralNorm registers (PyTorch's _SpectralNorm). */
export class SpectralNorm extends Module {
  /** The dim of the weight that becomes the rows of the matrix whose norm is taken. */
  readonly dim: number;
  readonly eps: number;
  /** Power iterations per forward in training mode (only for weights of 2 or more dims). */
  readonly nPowerIterations: number;
  declare _u: Tensor;
  declare _v: Tensor;

  constructor(weight: Tensor, nPowerIterations = 1, dim = 0, eps = 1e-12) {
    super();
    const ndim = weight.ndim;
    if (!Number.isInteger(dim) || dim >= ndim || dim < -ndim) {
      throw new IndexError(
        `spectralNorm: Dimension out of range (expected to be in range of [-${ndim}, ${ndim - 1}] but got ${describe(dim)})`,
      );
    }
    if (!Number.isInteger(nPowerIterations) || nPowerIterations <= 0) {
      throw new ArgumentError(
        `spectralNorm: Expected nPowerIterations to be positive, but got nPowerIterations=${describe(nPowerIterations)}`,
      );
    }
    this.dim = dim >= 0 ? dim : dim + ndim;
    this.eps = eps;
    this.nPowerIterations = nPowerIterations;
    if (ndim > 1) {
      const weightMat = this.reshapeWeightToMatrix(weight);
      const [h, w] = weightMat.shape;
      // Drawn in this order from the default generator, as PyTorch does.
      const u = empty([h], { backend: weight.backend }).normal_(0, 1);
      const v = empty([w], { backend: weight.backend }).normal_(0, 1);
      this.registerBuffer('_u', normalize(u, eps));
      this.registerBuffer('_v', normalize(v, eps));
      // Start from reasonable u and v.
      this.powerMethod(weightMat, 15);
    }
  }

  override _getName(): string {
    return '_SpectralNorm';
  }

  private reshapeWeightToMatrix(weight: Tensor): Tensor {
    const dims = [...Array(weight.ndim).keys()];
    const front =
      this.dim === 0 ? weight : weight.permute([this.dim, ...dims.filter((d) => d !== this.dim)]);
    return front.flatten(1);
  }

  /** Updates `_u` and `_v` in place, so their identity (and any alias of them) is kept. */
  private powerMethod(weightMat: Tensor, iterations: number): void {
    noGrad(() => {
      for (let i = 0; i < iterations; i++) {
        this._u.copy_(normalize(weightMat.matmul(this._v), this.eps));
        this._v.copy_(normalize(weightMat.t().matmul(this._u), this.eps));
      }
    });
  }

  override forward(weight: Tensor): Tensor {
    if (weight.ndim === 1) return normalize(weight, this.eps);
    const weightMat = this.reshapeWeightToMatrix(weight);
    if (this.training) this.powerMethod(weightMat, this.nPowerIterations);
    // Copies, so a later forward's in-place update cannot invalidate this one's graph.
    const u = this._u.clone();
    const v = this._v.clone();
    const sigma = u.matmul(weightMat.matmul(v));
    return weight.div(sigma);
  }

  /** Any value is accepted as the weight; its norm is divided out on the next read. */
  rightInverse(value: Tensor): Tensor {
    return value;
  }
}

export interface SpectralNormOptions {
  /** Power iterations per forward in training mode (default 1). */
  nPowerIterations?: number;
  /** Added to norms for stability (default 1e-12). */
  eps?: number;
  /** The dim that indexes the output (default 0). */
  dim?: number | null;
}

/**
 * Divides `module[name]` by its spectral norm (largest singular value), estimated with
 * power iteration: one step per forward in training mode, none in eval mode
 * (torch.nn.utils.parametrizations.spectral_norm). The weight moves to
 * `parametrizations.weight.original`; the vectors are the buffers
 * `parametrizations.weight.0._u` and `._v`, drawn from the default generator as PyTorch
 * draws them, so the same seed gives PyTorch's values. Takes PyTorch's positional
 * `(module, name, nPowerIterations, eps, dim)` or `(module, name, options)`.
 *
 * @example
 * manualSeed(0);
 * const layer = spectralNorm(new Linear(20, 40));
 * [...layer.namedBuffers()].map(([n]) => n); // ['parametrizations.weight.0._u', 'parametrizations.weight.0._v']
 */
export function spectralNorm<M extends Module>(
  module: M,
  name = 'weight',
  nPowerIterations: number | SpectralNormOptions = 1,
  eps = 1e-12,
  dim: number | null = null,
): M {
  const options: SpectralNormOptions =
    typeof nPowerIterations === 'object' && nPowerIterations !== null
      ? nPowerIterations
      : { nPowerIterations, eps, dim };
  if (typeof name !== 'string') {
    throw new ArgumentError(`spectralNorm: name must be a string, got ${describe(name)}`);
  }
  const weight = (module as unknown as Record<string, unknown>)[name];
  if (!(weight instanceof Tensor)) {
    throw new ArgumentError(
      `spectralNorm: Module '${module._getName()}' has no parameter or buffer with name '${name}'`,
    );
  }
  if (typeof (options.eps ?? 0) !== 'number') {
    throw new ArgumentError(`spectralNorm: eps must be a number, got ${describe(options.eps)}`);
  }
  const parametrization = new SpectralNorm(
    weight,
    options.nPowerIterations ?? 1,
    options.dim ?? 0,
    options.eps ?? 1e-12,
  );
  return registerParametrization(module, name, parametrization);
}
