import { manualSeed, tensor } from '@x/tensor';
import { describe, expect, test } from 'vitest';
import { gradcheck } from '../src';
import { leaf } from './helpers';

describe('softmax, logSoftmax, logsumexp, var and std keep correct gradients when computed stably', () => {
  test('gradcheck at logits around 1000, where an unshifted exp would overflow float32', async () => {
    manualSeed(7);
    const logits = leaf([3, 4], 'transposed', (values) => values.add(1000));
    const result = await gradcheck(
      (a) => [a.softmax(1), a.logSoftmax(0), a.logsumexp(1)],
      [logits],
      { eps: 1e-2 },
    );
    expect(result.ok).toBe(true);
  });

  test('gradcheck of var and std, whose deviations are rescaled by an untracked max', async () => {
    manualSeed(8);
    const result = await gradcheck(
      (a) => [a.var(1), a.std(0, { keepdim: true }), a.std(), a.var([0, 1], { correction: 0 })],
      [leaf([3, 4], 'sliced')],
    );
    expect(result.ok).toBe(true);
  });

  test('the gradient of logSoftmax at equal logits of 1e6 is the closed form 1/2 − onehot', () => {
    const logits = tensor([1e6, 1e6]).requiresGrad_();
    logits.logSoftmax(0).get(0).backward();
    expect([...(logits.grad?.toArraySync() ?? [])]).toEqual([0.5, -0.5]);
  });
});
