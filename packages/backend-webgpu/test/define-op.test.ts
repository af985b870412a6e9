import { defineGradient, gradcheck } from '@x/autograd';
import { type Backend, cpu, defineUnaryOp, primitives as p, type Tensor, tensor } from '@x/tensor';
import { describe, expect, test } from 'vitest';
import { webgpu } from '../src';
import { hasWebGPU, reportMissingWebGPU } from './gpu-available';

// The tensor README's "Adding an op", as written there: one declaration, one gradient line.
const softsign = defineUnaryOp({
  name: 'softsign',
  rule: 'float',
  expr: p.div(p.a, p.add(1, p.abs(p.a))),
});
defineGradient('softsign', (grad, { input }) => grad.div(input.abs().add(1).square()));

const valuesOf = async (t: Tensor) => Array.from(await t.toArray());

/** softsign(x) = x / (1 + |x|) at points where it is a dyadic fraction, so exact in float32. */
const POINTS = [-7, -3, -1, 0, 1, 3, 7];
const VALUES = [-0.875, -0.75, -0.5, 0, 0.5, 0.75, 0.875];

function softsignTests(getBackend: () => Backend | Promise<Backend>): void {
  test('forward: closed-form values, float32 for integer input, a non-contiguous view', async () => {
    const backend = await getBackend();
    const out = softsign(tensor(POINTS, { backend }));
    expect(out.dtype).toBe('float32');
    expect(await valuesOf(out)).toEqual(VALUES);
    const ints = softsign(tensor(POINTS, { dtype: 'int32', backend }));
    expect(ints.dtype).toBe('float32');
    expect(await valuesOf(ints)).toEqual(VALUES);
    const grid = tensor([POINTS.slice(0, 3), POINTS.slice(4, 7)], { backend }).t();
    expect(await valuesOf(softsign(grid))).toEqual([0, 4, 1, 5, 2, 6].map((i) => VALUES[i]));
  });

  test('backward: the one-line gradient against numerical gradients (gradcheck)', async () => {
    const backend = await getBackend();
    const input = tensor(
      [
        [-2.5, -0.75, 0.3],
        [0.9, 1.7, 4],
      ],
      { backend, requiresGrad: true },
    );
    const result = await gradcheck((x) => softsign(x), [input]);
    expect(result.ok).toBe(true);
    const out = softsign(input);
    expect(out.gradFn?.name).toBe('SoftsignBackward0');
    out.sum().backward();
    // d/dx x / (1 + |x|) = 1 / (1 + |x|)^2
    const expected = [-2.5, -0.75, 0.3, 0.9, 1.7, 4].map((x) => 1 / (1 + Math.abs(x)) ** 2);
    const got = await valuesOf(input.grad as Tensor);
    got.forEach((g, i) => {
      expect(g).toBeCloseTo(expected[i], 6);
    });
  });
}

describe('an op declared with defineUnaryOp and defineGradient, on the CPU', () => {
  softsignTests(() => cpu);
});

reportMissingWebGPU('defineUnaryOp on WebGPU');
if (hasWebGPU) {
  describe('an op declared with defineUnaryOp and defineGradient, on WebGPU', () => {
    softsignTests(() => webgpu());
  });
}
