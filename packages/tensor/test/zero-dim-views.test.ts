import { describe, expect, test } from 'vitest';
import { tensor } from '../src';

describe('0-d tensors as views', () => {
  test('view, reshape and flatten give all-ones shapes, as torch.tensor(5.).view(1) does', () => {
    const scalar = tensor(5);
    expect(scalar.view(1).tolistSync()).toEqual([5]);
    expect(scalar.reshape(1, 1).tolistSync()).toEqual([[5]]);
    expect(scalar.flatten().shape).toEqual([1]);
    expect(scalar.view(1, 1, 1).strides).toEqual([1, 1, 1]);
    expect(tensor([7]).view([]).item()).toBe(7);
    expect(() => scalar.view(2)).toThrow('view: shape [2] is invalid for input of size 1');
  });
});
