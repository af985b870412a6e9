import { calculateFanInAndFanOut, kaimingUniform_, uniform_ } from '@x/init';
import {
  ArgumentError,
  type Backend,
  cat,
  empty,
  ShapeError,
  stack,
  type Tensor,
  zeros,
} from '@x/tensor';
import { pyTuple } from '../format';
import { Module } from '../module';
import { checkConstructorOptions } from '../options';
import { Parameter } from '../parameter';

type Pair = [number, number];
export type Conv2dPadding = number | readonly [number, number] | 'valid' | 'same';

export interface Conv2dOptions {
  stride?: number | readonly [number, number];
  /** Zeros added on both sides, or 'valid' (none) or 'same' (output size = input size, stride 1). */
  padding?: Conv2dPadding;
  dilation?: number | readonly [number, number];
  groups?: number;
  bias?: boolean;
  backend?: Backend;
}

function pair(op: string, name: string, value: number | readonly number[], min: number): Pair {
  const values = typeof value === 'number' ? [value, value] : [...value];
  if (values.length !== 2 || values.some((v) => !Number.isInteger(v) || v < min)) {
    throw new ArgumentError(
      `${op}: ${name} must be an integer >= ${min} or a pair of them, got ${JSON.stringify(value)}`,
    );
  }
  return values as Pair;
}

/** Zeros on each side of dim `dim`: `before` in front, `after` behind. */
function padDim(input: Tensor, dim: number, before: number, after: number): Tensor {
  if (before === 0 && after === 0) return input;
  const part = (size: number) =>
    zeros(
      input.shape.map((s, d) => (d === dim ? size : s)),
      { backend: input.backend },
    );
  return cat(
    [...(before > 0 ? [part(before)] : []), input, ...(after > 0 ? [part(after)] : [])],
    dim,
  );
}

interface Conv2dConfig {
  stride: Pair;
  /** [top, bottom, left, right] */
  padding: [number, number, number, number];
  dilation: Pair;
  groups: number;
}

/**
 * A 2-D cross-correlation of a [N, C, H, W] (or [C, H, W]) input with a
 * [outChannels, C / groups, kH, kW] weight (torch.nn.functional.conv2d), computed as im2col
 * (strided slices of the padded input, stacked) and one batched matmul per group, all
 * differentiable tensor ops.
 */
function conv2d(input: Tensor, weight: Tensor, bias: Tensor | null, config: Conv2dConfig): Tensor {
  if (input.ndim === 3) return conv2d(input.unsqueeze(0), weight, bias, config).squeeze(0);
  const [outChannels, groupChannels, kh, kw] = weight.shape;
  const { stride, dilation, groups, padding } = config;
  if (input.ndim !== 4 || input.shape[1] !== groupChannels * groups) {
    throw new ShapeError(
      `Conv2d: Given groups=${groups}, weight of size [${weight.shape.join(', ')}], expected input` +
        `[${input.shape.join(', ')}] to have ${groupChannels * groups} channels, but got ${input.shape[1]} channels instead`,
    );
  }
  const padded = padDim(padDim(input, 2, padding[0], padding[1]), 3, padding[2], padding[3]);
  const [batch, channels, height, width] = padded.shape;
  const outHeight = Math.floor((height - dilation[0] * (kh - 1) - 1) / stride[0]) + 1;
  const outWidth = Math.floor((width - dilation[1] * (kw - 1) - 1) / stride[1]) + 1;
  if (outHeight <= 0 || outWidth <= 0) {
    throw new ShapeError(
      `Conv2d: Calculated padded input size per channel: (${height} x ${width}). Kernel size: ` +
        `(${dilation[0] * (kh - 1) + 1} x ${dilation[1] * (kw - 1) + 1}). Kernel size can't be greater than actual input size`,
    );
  }
  const patches: Tensor[] = [];
  for (let i = 0; i < kh; i++) {
    for (let j = 0; j < kw; j++) {
      const top = i * dilation[0];
      const left = j * dilation[1];
      patches.push(
        padded
          .slice(2, top, top + stride[0] * (outHeight - 1) + 1, stride[0])
          .slice(3, left, left + stride[1] * (outWidth - 1) + 1, stride[1]),
      );
    }
  }
  // [N, C, kh·kw, outH, outW] -> [N, groups, C/groups·kh·kw, outH·outW], the weight's layout.
  const columns = stack(patches, 2).reshape([
    batch,
    groups,
    (channels / groups) * kh * kw,
    outHeight * outWidth,
  ]);
  const kernels = weight.reshape([groups, outChannels / groups, groupChannels * kh * kw]);
  const output = kernels.matmul(columns).reshape([batch, outChannels, outHeight, outWidth]);
  return bias === null ? output : output.add(bias.reshape([outChannels, 1, 1]));
}

/**
 * 2-D convolution (torch.nn.Conv2d) with PyTorch's default init: weight from kaiming
 * uniform with a = √5, bias from U(−1/√fanIn, 1/√fanIn), fanIn = C/groups·kH·kW.
 *
 * @example
 * const conv = new Conv2d(1, 6, 5, { padding: 2 });
 * conv.forward(rand([8, 1, 28, 28])).shape; // [8, 6, 28, 28]
 */
export class Conv2d extends Module {
  readonly inChannels: number;
  readonly outChannels: number;
  readonly kernelSize: Pair;
  readonly stride: Pair;
  readonly padding: Pair | 'valid' | 'same';
  readonly dilation: Pair;
  readonly groups: number;
  weight: Parameter;
  bias!: Parameter | null;

  constructor(
    inChannels: number,
    outChannels: number,
    kernelSize: number | readonly [number, number],
    options: Conv2dOptions = {},
  ) {
    super();
    checkConstructorOptions('Conv2d', options, [
      'stride',
      'padding',
      'dilation',
      'groups',
      'bias',
      'backend',
    ]);
    const op = 'Conv2d';
    const groups = options.groups ?? 1;
    if (!Number.isInteger(groups) || groups <= 0)
      throw new ArgumentError(`${op}: groups must be a positive integer, got ${groups}`);
    for (const [name, value] of [
      ['inChannels', inChannels],
      ['outChannels', outChannels],
    ] as const) {
      if (!Number.isInteger(value) || value <= 0)
        throw new ArgumentError(`${op}: ${name} must be a positive integer, got ${value}`);
      if (value % groups !== 0)
        throw new ArgumentError(
          `${op}: ${name} must be divisible by groups (${groups}), got ${value}`,
        );
    }
    this.inChannels = inChannels;
    this.outChannels = outChannels;
    this.kernelSize = pair(op, 'kernelSize', kernelSize, 1);
    this.stride = pair(op, 'stride', options.stride ?? 1, 1);
    this.dilation = pair(op, 'dilation', options.dilation ?? 1, 1);
    this.groups = groups;
    const padding = options.padding ?? 0;
    if (padding === 'same' && this.stride.some((s) => s !== 1)) {
      throw new ArgumentError(`${op}: padding='same' is not supported for strided convolutions`);
    }
    this.padding =
      padding === 'same' || padding === 'valid' ? padding : pair(op, 'padding', padding, 0);
    const backend = options.backend;
    this.weight = new Parameter(
      empty([outChannels, inChannels / groups, ...this.kernelSize], { backend }),
    );
    if (options.bias ?? true) this.bias = new Parameter(empty([outChannels], { backend }));
    else this.registerParameter('bias', null);
    this.resetParameters();
  }

  /** PyTorch's default init (_ConvNd.reset_parameters): weight, then bias. */
  resetParameters(): void {
    kaimingUniform_(this.weight, { a: Math.sqrt(5) });
    if (this.bias !== null) {
      const [fanIn] = calculateFanInAndFanOut(this.weight);
      if (fanIn !== 0) uniform_(this.bias, { a: -1 / Math.sqrt(fanIn), b: 1 / Math.sqrt(fanIn) });
    }
  }

  /** Zeros on [top, bottom, left, right]; 'same' puts the odd one at the bottom/right. */
  private paddingSides(): [number, number, number, number] {
    if (this.padding === 'valid') return [0, 0, 0, 0];
    if (this.padding === 'same') {
      const [totalH, totalW] = this.kernelSize.map((k, d) => this.dilation[d] * (k - 1));
      return [
        Math.floor(totalH / 2),
        totalH - Math.floor(totalH / 2),
        Math.floor(totalW / 2),
        totalW - Math.floor(totalW / 2),
      ];
    }
    const [h, w] = this.padding;
    return [h, h, w, w];
  }

  override forward(input: Tensor): Tensor {
    return conv2d(input, this.weight, this.bias, {
      stride: this.stride,
      padding: this.paddingSides(),
      dilation: this.dilation,
      groups: this.groups,
    });
  }

  override extraRepr(): string {
    let text = `${this.inChannels}, ${this.outChannels}, kernel_size=${pyTuple(this.kernelSize)}, stride=${pyTuple(this.stride)}`;
    if (typeof this.padding === 'string') text += `, padding=${this.padding}`;
    else if (this.padding.some((p) => p !== 0)) text += `, padding=${pyTuple(this.padding)}`;
    if (this.dilation.some((d) => d !== 1)) text += `, dilation=${pyTuple(this.dilation)}`;
    if (this.groups !== 1) text += `, groups=${this.groups}`;
    if (this.bias === null) text += ', bias=False';
    return text;
  }
}
