import { ArgumentError, type Tensor } from '@x/tensor';
import { pyFloat } from '../format';
import { Module } from '../module';
import { checkConstructorOptions } from '../options';

function inplaceRepr(inplace: boolean): string {
  return inplace ? 'inplace=True' : '';
}

/**
 * max(0, x) elementwise (torch.nn.ReLU); `inplace` overwrites the input.
 *
 * @example
 * new ReLU().forward(tensor([-1, 2])); // tensor([0., 2.])
 */
export class ReLU extends Module {
  readonly inplace: boolean;

  constructor(options: { inplace?: boolean } = {}) {
    super();
    checkConstructorOptions('ReLU', options, ['inplace']);
    this.inplace = options.inplace ?? false;
  }

  override forward(input: Tensor): Tensor {
    return this.inplace ? input.relu_() : input.relu();
  }

  override extraRepr(): string {
    return inplaceRepr(this.inplace);
  }
}

/**
 * x for x ≥ 0, negativeSlope·x otherwise (torch.nn.LeakyReLU).
 *
 * @example
 * new LeakyReLU(0.1).forward(tensor([-1, 2])); // tensor([-0.1000,  2.0000])
 */
export class LeakyReLU extends Module {
  readonly negativeSlope: number;
  readonly inplace: boolean;

  constructor(negativeSlope = 0.01, options: { inplace?: boolean } = {}) {
    super();
    checkConstructorOptions('LeakyReLU', options, ['inplace']);
    this.negativeSlope = negativeSlope;
    this.inplace = options.inplace ?? false;
  }

  override forward(input: Tensor): Tensor {
    const output = input.leakyRelu(this.negativeSlope);
    return this.inplace ? input.copy_(output) : output;
  }

  override extraRepr(): string {
    return `negative_slope=${pyFloat(this.negativeSlope)}${this.inplace ? ', inplace=True' : ''}`;
  }
}

/**
 * 1 / (1 + e^−x) (torch.nn.Sigmoid).
 *
 * @example
 * new Sigmoid().forward(zeros([2])); // tensor([0.5000, 0.5000])
 */
export class Sigmoid extends Module {
  override forward(input: Tensor): Tensor {
    return input.sigmoid();
  }
}

/**
 * tanh(x) (torch.nn.Tanh).
 *
 * @example
 * new Tanh().forward(zeros([2])); // tensor([0., 0.])
 */
export class Tanh extends Module {
  override forward(input: Tensor): Tensor {
    return input.tanh();
  }
}

export type GeluApproximate = 'none' | 'tanh';

/**
 * x·Φ(x) with Φ the standard normal CDF, through erf (torch.nn.GELU); `approximate: 'tanh'`
 * uses 0.5·x·(1 + tanh(√(2/π)·(x + 0.044715·x³))). Built from differentiable ops, so its
 * grad_fn is the last of them (PyTorch: GeluBackward0).
 *
 * @example
 * new GELU().forward(tensor([1])); // tensor([0.8413])
 */
export class GELU extends Module {
  readonly approximate: GeluApproximate;

  constructor(options: { approximate?: GeluApproximate } = {}) {
    super();
    checkConstructorOptions('GELU', options, ['approximate']);
    const approximate = options.approximate ?? 'none';
    if (approximate !== 'none' && approximate !== 'tanh') {
      throw new ArgumentError(`GELU: approximate must be 'none' or 'tanh', got '${approximate}'`);
    }
    this.approximate = approximate;
  }

  override forward(input: Tensor): Tensor {
    if (this.approximate === 'tanh') {
      const inner = input.add(input.pow(3).mul(0.044715)).mul(Math.sqrt(2 / Math.PI));
      return input.mul(0.5).mul(inner.tanh().add(1));
    }
    return input.mul(0.5).mul(input.mul(Math.SQRT1_2).erf().add(1));
  }

  override extraRepr(): string {
    return `approximate='${this.approximate}'`;
  }
}
