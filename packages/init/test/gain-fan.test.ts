import { ArgumentError, empty, ShapeError, tensor } from '@x/tensor';
import { describe, expect, it } from 'vitest';
import { calculateFanInAndFanOut, calculateGain, NONLINEARITIES, type Nonlinearity } from '../src';
import { torch } from './fixtures';

describe('calculateGain', () => {
  it('equals torch.nn.init.calculate_gain for every nonlinearity and several slopes', () => {
    for (const { nonlinearity, param, value } of torch.gains) {
      expect(calculateGain(nonlinearity as Nonlinearity, param)).toBe(value);
    }
    expect(torch.gains.map((g) => g.nonlinearity)).toEqual(
      expect.arrayContaining([...NONLINEARITIES]),
    );
  });

  it('uses the closed forms', () => {
    expect(calculateGain('tanh')).toBe(5 / 3);
    expect(calculateGain('relu')).toBe(Math.SQRT2);
    expect(calculateGain('leaky_relu')).toBe(Math.sqrt(2 / (1 + 0.01 ** 2)));
    expect(calculateGain('selu')).toBe(0.75);
  });

  it('rejects an unknown nonlinearity and a slope that is not a number', () => {
    expect(() => calculateGain('gelu' as Nonlinearity)).toThrow(ArgumentError);
    expect(() => calculateGain('gelu' as Nonlinearity)).toThrow(
      /calculateGain: Unsupported nonlinearity 'gelu'/,
    );
    expect(() => calculateGain('leaky_relu', true as unknown as number)).toThrow(
      /negative_slope true not a valid number/,
    );
    expect(() => calculateGain('leaky_relu', Number.NaN)).toThrow(ArgumentError);
  });
});

describe('calculateFanInAndFanOut', () => {
  it("equals PyTorch's _calculate_fan_in_and_fan_out for a table of shapes", () => {
    for (const { shape, fans } of torch.fans)
      expect(calculateFanInAndFanOut(empty(shape))).toEqual(fans);
  });

  it('reads [out, in, ...kernel]: fan_in = in × kernel, fan_out = out × kernel', () => {
    expect(calculateFanInAndFanOut(empty([16, 3, 3, 3]))).toEqual([27, 144]);
    expect(calculateFanInAndFanOut(empty([8, 4]))).toEqual([4, 8]);
  });

  it('rejects fewer than 2 dimensions with PyTorch’s message', () => {
    for (const t of [tensor([1, 2, 3]), tensor(1)]) {
      expect(() => calculateFanInAndFanOut(t)).toThrow(ShapeError);
      expect(() => calculateFanInAndFanOut(t)).toThrow(
        /Fan in and fan out can not be computed for tensor with fewer than 2 dimensions, got shape \[/,
      );
    }
  });
});
