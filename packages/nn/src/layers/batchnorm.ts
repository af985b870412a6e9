import { noGrad } from '@x/autograd';
import { ones_, zeros_ } from '@x/init';
import {
  ArgumentError,
  type Backend,
  empty,
  ShapeError,
  type Tensor,
  tensor,
  zeros,
} from '@x/tensor';
import { pyBool, pyFloat } from '../format';
import { Module } from '../module';
import { checkConstructorOptions } from '../options';
import { Parameter } from '../parameter';

export interface BatchNormOptions {
  eps?: number;
  /** Weight of the new batch in the running stats; null for a cumulative average. */
  momentum?: number | null;
  /** Learn a per-channel scale (weight) and shift (bias), default true. */
  affine?: boolean;
  /** Keep running_mean / running_var for eval mode, default true. */
  trackRunningStats?: boolean;
  backend?: Backend;
}

/**
 * Normalises each channel of a [N, C] or [N, C, L] input over the batch (and length)
 * (torch.nn.BatchNorm1d). In training it uses the batch's biased variance and updates the
 * buffers running_mean, running_var (with the unbiased variance) and num_batches_tracked
 * (int32; PyTorch: int64); in eval mode it uses the running stats.
 *
 * @example
 * const bn = new BatchNorm1d(3);
 * bn.forward(randn([8, 3]));   // each column ~ mean 0, variance 1
 * bn.running_mean;            // moved 10% towards the batch mean
 */
export class BatchNorm1d extends Module {
  readonly numFeatures: number;
  readonly eps: number;
  readonly momentum: number | null;
  readonly affine: boolean;
  readonly trackRunningStats: boolean;
  weight!: Parameter | null;
  bias!: Parameter | null;
  declare running_mean: Tensor | null;
  declare running_var: Tensor | null;
  declare num_batches_tracked: Tensor | null;

  constructor(numFeatures: number, options: BatchNormOptions = {}) {
    super();
    checkConstructorOptions('BatchNorm1d', options, [
      'eps',
      'momentum',
      'affine',
      'trackRunningStats',
      'backend',
    ]);
    if (!Number.isInteger(numFeatures) || numFeatures <= 0) {
      throw new ArgumentError(
        `BatchNorm1d: numFeatures must be a positive integer, got ${numFeatures}`,
      );
    }
    this.numFeatures = numFeatures;
    this.eps = options.eps ?? 1e-5;
    this.momentum = options.momentum === undefined ? 0.1 : options.momentum;
    this.affine = options.affine ?? true;
    this.trackRunningStats = options.trackRunningStats ?? true;
    const backend = options.backend;
    if (this.affine) {
      this.weight = new Parameter(empty([numFeatures], { backend }));
      this.bias = new Parameter(empty([numFeatures], { backend }));
    } else {
      this.registerParameter('weight', null);
      this.registerParameter('bias', null);
    }
    const track = this.trackRunningStats;
    this.registerBuffer('running_mean', track ? zeros([numFeatures], { backend }) : null);
    this.registerBuffer('running_var', track ? zeros([numFeatures], { backend }).fill_(1) : null);
    this.registerBuffer(
      'num_batches_tracked',
      track ? tensor(0, { dtype: 'int32', backend }) : null,
    );
    this.resetParameters();
  }

  /**
   * A state dict without num_batches_tracked (older PyTorch files) loads with the count 0,
   * as torch.nn.BatchNorm's `_load_from_state_dict` does for a plain dict.
   */
  override _missingStateValue(name: string): number | undefined {
    return name === 'num_batches_tracked' && this.trackRunningStats ? 0 : undefined;
  }

  /** Running stats back to mean 0, variance 1, no batches seen. */
  resetRunningStats(): void {
    if (!this.trackRunningStats) return;
    this.running_mean!.zero_();
    this.running_var!.fill_(1);
    this.num_batches_tracked!.zero_();
  }

  /** Running stats reset, weight to ones and bias to zeros. */
  resetParameters(): void {
    this.resetRunningStats();
    if (this.weight !== null && this.bias !== null) {
      ones_(this.weight);
      zeros_(this.bias);
    }
  }

  override forward(input: Tensor): Tensor {
    if (input.ndim !== 2 && input.ndim !== 3) {
      throw new ShapeError(`BatchNorm1d: expected 2D or 3D input (got ${input.ndim}D input)`);
    }
    if (input.shape[1] !== this.numFeatures) {
      throw new ShapeError(
        `BatchNorm1d: expected input with ${this.numFeatures} channels at dim 1, got shape [${input.shape.join(', ')}]`,
      );
    }
    const dims = input.ndim === 2 ? [0] : [0, 2];
    // Broadcasts a per-channel [C] tensor against the input.
    const perChannel = (t: Tensor) => (input.ndim === 2 ? t : t.unsqueeze(-1));
    const useBatchStats = this.training || !this.trackRunningStats;
    let mean: Tensor;
    let variance: Tensor;
    if (useBatchStats) {
      const count = input.numel() / this.numFeatures;
      if (count <= 1 && this.training) {
        throw new ShapeError(
          `BatchNorm1d: expected more than 1 value per channel when training, got input size [${input.shape.join(', ')}]`,
        );
      }
      mean = input.mean(dims);
      variance = input.var(dims, { correction: 0 });
      if (this.training && this.trackRunningStats) this.updateRunningStats(mean, variance, count);
    } else {
      mean = this.running_mean!;
      variance = this.running_var!;
    }
    let output = input.sub(perChannel(mean)).div(perChannel(variance.add(this.eps).sqrt()));
    if (this.weight !== null && this.bias !== null)
      output = output.mul(perChannel(this.weight)).add(perChannel(this.bias));
    return output;
  }

  private updateRunningStats(mean: Tensor, variance: Tensor, count: number): void {
    noGrad(() => {
      this.num_batches_tracked!.add_(1);
      // momentum null: the cumulative average, factor 1 / num_batches_tracked, computed where
      // the count lives (a GPU's values cannot be read synchronously).
      const factor = this.momentum ?? this.num_batches_tracked!.float().reciprocal();
      const keep = typeof factor === 'number' ? 1 - factor : factor.neg().add(1);
      const unbiased = variance.mul(count / (count - 1));
      this.running_mean!.mul_(keep).add_(mean.mul(factor));
      this.running_var!.mul_(keep).add_(unbiased.mul(factor));
    });
  }

  override extraRepr(): string {
    const momentum = this.momentum === null ? 'None' : pyFloat(this.momentum);
    return (
      `${this.numFeatures}, eps=${pyFloat(this.eps)}, momentum=${momentum}, ` +
      `affine=${pyBool(this.affine)}, track_running_stats=${pyBool(this.trackRunningStats)}`
    );
  }
}
