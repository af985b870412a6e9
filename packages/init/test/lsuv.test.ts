import { ArgumentError, manualSeed, randn, type Tensor, tensor, zeros } from '@x/tensor';
import { describe, expect, it } from 'vitest';
import { type LsuvLayer, lsuv_, normal_ } from '../src';

/** A deep stack of linear layers (plain tensors) with an optional tanh after each. */
function stack(depth: number, width: number, activation: 'tanh' | 'linear') {
  const weights = Array.from({ length: depth }, () => zeros([width, width]));
  const input = randn([512, width]);
  const outputs: Tensor[] = [];
  const forward = () => {
    let hidden = input;
    weights.forEach((weight, i) => {
      outputs[i] = hidden.matmul(weight.t());
      hidden = activation === 'tanh' ? outputs[i].tanh() : outputs[i];
    });
  };
  const layers: LsuvLayer[] = weights.map((weight, i) => ({ weight, output: () => outputs[i] }));
  const variances = () => {
    forward();
    return outputs.map((output) => output.var().item());
  };
  return { weights, forward, layers, variances };
}

describe('lsuv_', () => {
  for (const activation of ['tanh', 'linear'] as const) {
    it(`gives every layer of a 12-deep ${activation} stack unit output variance within the tolerance`, async () => {
      manualSeed(0);
      const net = stack(12, 32, activation);
      const tolerance = 0.05;
      const results = await lsuv_(net.forward, net.layers, { tolerance });
      expect(results).toHaveLength(12);
      for (const result of results) expect(result.converged).toBe(true);
      for (const variance of net.variances())
        expect(Math.abs(variance - 1)).toBeLessThan(tolerance);
    });
  }

  it('without the orthogonal start, rescales whatever init the weights had', async () => {
    manualSeed(1);
    const net = stack(6, 16, 'tanh');
    for (const weight of net.weights) normal_(weight, { std: 0.01 });
    const before = net.variances();
    expect(before.every((v) => v < 0.1)).toBe(true);
    const results = await lsuv_(net.forward, net.layers, { orthogonal: false, tolerance: 0.01 });
    expect(results.every((r) => r.iterations >= 1)).toBe(true);
    for (const variance of net.variances()) expect(Math.abs(variance - 1)).toBeLessThan(0.01);
  });

  it('stops after maxIterations and reports the layer as not converged', async () => {
    manualSeed(2);
    const net = stack(2, 8, 'tanh');
    const results = await lsuv_(net.forward, net.layers, { maxIterations: 0 });
    expect(results.map((r) => r.iterations)).toEqual([0, 0]);
    expect(results[0].variance).toBeCloseTo(net.variances()[0], 5);
  });

  it('accepts an asynchronous forward', async () => {
    manualSeed(3);
    const net = stack(3, 8, 'linear');
    const results = await lsuv_(async () => net.forward(), net.layers);
    expect(results.every((r) => r.converged)).toBe(true);
  });

  it('rejects bad arguments before changing any weight', async () => {
    manualSeed(4);
    const net = stack(2, 4, 'tanh');
    const before = net.weights.map((w) => w.tolistSync());
    await expect(lsuv_(net.forward, net.layers, { tolerance: 0 })).rejects.toThrow(
      /lsuv_: tolerance must be > 0/,
    );
    await expect(lsuv_(net.forward, net.layers, { maxIterations: 1.5 })).rejects.toThrow(
      ArgumentError,
    );
    await expect(
      lsuv_(net.forward, [{ weight: zeros([3]), output: () => zeros([3]) }]),
    ).rejects.toThrow(
      /lsuv_: layers\[0\]\.weight: Only tensors with 2 or more dimensions are supported/,
    );
    await expect(lsuv_(net.forward, [{ weight: net.weights[0] } as LsuvLayer])).rejects.toThrow(
      /must be \{ weight, output\(\) \}/,
    );
    expect(net.weights.map((w) => w.tolistSync())).toEqual(before);
  });

  it('restores every weight when a layer output does not vary', async () => {
    manualSeed(5);
    const net = stack(2, 4, 'tanh');
    const dead = tensor([
      [0, 0],
      [0, 0],
    ]);
    const layers = [net.layers[0], { weight: net.weights[1], output: () => dead }];
    const before = net.weights.map((w) => w.tolistSync());
    await expect(lsuv_(net.forward, layers)).rejects.toThrow(
      /lsuv_: layers\[1\]\.output\(\) has variance 0/,
    );
    expect(net.weights.map((w) => w.tolistSync())).toEqual(before);
  });
});
