import { tensor } from '@x/tensor';
import { describe, expect, test } from 'vitest';
import { crossEntropy } from '../src';

describe('crossEntropy is computed stably (log-softmax shifted by the max)', () => {
  test('equal logits of 1e6 give ln 2, as PyTorch (0.6931), with gradient softmax − onehot', () => {
    const logits = tensor([[1e6, 1e6]]).requiresGrad_();
    const loss = crossEntropy(logits, tensor([0], { dtype: 'int32' }));
    expect(loss.item()).toBe(Math.fround(Math.LN2));
    loss.backward();
    expect([...(logits.grad?.toArraySync() ?? [])]).toEqual([-0.5, 0.5]);
  });

  test('probability targets too', () => {
    const loss = crossEntropy(tensor([[2e7, 2e7]]), tensor([[0.5, 0.5]]));
    expect(loss.item()).toBe(Math.fround(Math.LN2));
  });
});
