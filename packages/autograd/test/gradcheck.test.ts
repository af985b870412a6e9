import { ArgumentError, manualSeed, rand, type Tensor, tensor } from '@x/tensor';
import { describe, expect, test } from 'vitest';
import { GradcheckError, gradcheck } from '../src';
import { leaf } from './helpers';

/** x * x with the second factor cut from the graph: autograd says x, the truth is 2x. */
const halfGradient = (x: Tensor) => x.mul(x.detach());

describe('gradcheck', () => {
  test('passes a correct gradient and reports how close its worst element came', async () => {
    manualSeed(0);
    const result = await gradcheck((x) => x.tanh().sum(1), [leaf([3, 4], 'transposed')]);
    expect(result.ok).toBe(true);
    expect(result.checked).toBe(12);
    expect(result.worst?.ratio).toBeLessThan(1);
    expect(Math.abs((result.worst?.analytic ?? 0) - (result.worst?.numeric ?? 1))).toBeLessThan(
      1e-3,
    );
  });

  test('catches a wrong gradient and names the worst element', async () => {
    manualSeed(1);
    const x = leaf([2, 3]);
    const failure = await gradcheck(halfGradient, [x]).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(GradcheckError);
    const { result, message } = failure as GradcheckError;
    const worst = result.worst!;
    expect(result.ok).toBe(false);
    expect(worst.inputIndex).toBe(0);
    expect(worst.position).toEqual([Math.floor(worst.elementIndex / 3), worst.elementIndex % 3]);
    // The numerical derivative of v * x^2 is twice the analytic one here.
    expect(worst.numeric / worst.analytic).toBeCloseTo(2, 2);
    expect(message).toContain(`for input 0 at element ${worst.elementIndex}`);
    expect(message).toContain(`analytic ${worst.analytic}, numerical ${worst.numeric}`);
  });

  test('points at the input whose gradient is wrong, and can report instead of throwing', async () => {
    manualSeed(2);
    const fn = (a: Tensor, b: Tensor) => a.mul(2).add(halfGradient(b).sum());
    const result = await gradcheck(fn, [leaf([3]), leaf([2, 2], 'sliced')], {
      raiseException: false,
    });
    expect(result.ok).toBe(false);
    expect(result.worst?.inputIndex).toBe(1);
    expect(result.checked).toBe(7);
  });

  test('an output cut from the graph but still depending on the input fails', async () => {
    manualSeed(3);
    const result = await gradcheck((x) => x.detach().exp(), [leaf([3])], { raiseException: false });
    expect(result.ok).toBe(false);
    expect(result.worst?.analytic).toBe(0);
  });

  test('tolerances decide: a relative error of about 1e-3 passes rtol 1e-2 and fails rtol 1e-4', async () => {
    const x = tensor([1, 2, 3], { requiresGrad: true });
    // Analytic 1 + 0.001x, numerical 1 + 0.002x.
    const fn = (t: Tensor) => t.mul(t.detach().mul(0.001).add(1));
    expect((await gradcheck(fn, [x], { atol: 0, rtol: 1e-2 })).ok).toBe(true);
    const strict = await gradcheck(fn, [x], { atol: 0, rtol: 1e-4, raiseException: false });
    expect(strict.ok).toBe(false);
  });

  test('inputs that need no grad are passed through unperturbed, int outputs ignored', async () => {
    const x = tensor([0.5, -1.5, 2], { requiresGrad: true });
    const scale = tensor([1, 2, 3]);
    const result = await gradcheck((t, s) => [t.mul(s).sin(), t.argmax()], [x, scale]);
    expect(result.ok).toBe(true);
    expect(result.checked).toBe(3);
  });

  test('leaves the library generators alone', async () => {
    manualSeed(7);
    const expected = rand([2]).tolistSync();
    manualSeed(7);
    await gradcheck((t) => t.exp(), [tensor([1, 2], { requiresGrad: true })]);
    expect(rand([2]).tolistSync()).toEqual(expected);
  });

  test('bad arguments are refused before any work', async () => {
    const x = tensor([1], { requiresGrad: true });
    await expect(gradcheck((t) => t, [tensor([1])])).rejects.toThrow(
      'gradcheck: at least one input must require grad',
    );
    await expect(gradcheck((t) => t, [x], { eps: 0 })).rejects.toThrow(ArgumentError);
    await expect(gradcheck((t) => t, [x], { atol: -1 })).rejects.toThrow(
      'gradcheck: atol must be a non-negative finite number, got -1',
    );
    await expect(gradcheck((t) => t, 'x' as unknown as Tensor[])).rejects.toThrow(ArgumentError);
    await expect(gradcheck(() => 3 as unknown as Tensor, [x])).rejects.toThrow(
      'gradcheck: fn must return a tensor or an array of tensors, got 3 at 0',
    );
  });
});
