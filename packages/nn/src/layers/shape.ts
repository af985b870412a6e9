import type { Tensor } from '@x/tensor';
import { Module } from '../module';

/**
 * Returns its input unchanged (torch.nn.Identity): a placeholder where a layer is optional.
 *
 * @example
 * new Identity().forward(x) === x; // true
 */
export class Identity extends Module {
  override forward(input: Tensor): Tensor {
    return input;
  }
}

/**
 * Flattens dims startDim..endDim into one (torch.nn.Flatten; by default all but the batch dim).
 *
 * @example
 * new Flatten().forward(rand([2, 3, 4])).shape; // [2, 12]
 */
export class Flatten extends Module {
  readonly startDim: number;
  readonly endDim: number;

  constructor(startDim = 1, endDim = -1) {
    super();
    this.startDim = startDim;
    this.endDim = endDim;
  }

  override forward(input: Tensor): Tensor {
    return input.flatten(this.startDim, this.endDim);
  }

  override extraRepr(): string {
    return `start_dim=${this.startDim}, end_dim=${this.endDim}`;
  }
}
