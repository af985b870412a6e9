import { type Tensor, tensor, zeros } from '@x/tensor';
import { describe, expect, test } from 'vitest';
import { AutogradError, noGrad } from '../src';
import { torchFixture } from './helpers';

const { errors } = torchFixture;
/** PyTorch's message up to its hint, which x replaces with its own. */
const beforeHint = (message: string) => message.slice(0, message.indexOf(' Hint:'));
const x3 = () => tensor([1, 2, 3], { requiresGrad: true });

describe('in-place ops on tensors that require grad', () => {
  test("on a leaf: refused with PyTorch's error, values and version untouched", () => {
    const x = x3();
    expect(() => x.add_(1)).toThrow(AutogradError);
    expect(() => x.mul_(tensor([2, 2, 2]))).toThrow(`mul_: ${errors.leafInPlace}`);
    expect(() => x.zero_()).toThrow(errors.leafInPlace);
    expect(x.tolistSync()).toEqual([1, 2, 3]);
    expect(x.version).toBe(0);
  });

  test('on a leaf inside noGrad: allowed (an optimizer step), and the version moves', () => {
    const x = x3();
    noGrad(() => x.sub_(tensor([1, 1, 1])));
    expect(x.tolistSync()).toEqual([0, 1, 2]);
    expect(x.version).toBe(1);
    expect(x.isLeaf).toBe(true);
  });

  test("on a view of a leaf: refused with PyTorch's error", () => {
    const x = x3();
    expect(() => x.get('0:2').add_(1)).toThrow(errors.viewOfLeafInPlace);
    expect(() => x.unsqueeze(0).get(0, '1:').mul_(2)).toThrow(errors.viewOfLeafInPlace);
    expect(x.tolistSync()).toEqual([1, 2, 3]);
  });

  test('on a view of a non-leaf: refused, saying x does not support it', () => {
    const y = x3().mul(2);
    expect(() => y.get('0:2').mul_(2)).toThrow(
      'mul_: x does not support in-place operations on a view of a tensor that requires grad',
    );
    expect(() => y.set(0, 5)).toThrow('(this tensor is the output of SelectBackward0)');
    expect(y.tolistSync()).toEqual([2, 4, 6]);
  });

  test('on a non-leaf: it takes the result history (rebase) and gradients follow it', () => {
    const x = x3();
    const y = x.mul(2);
    y.add_(1).mul_(x);
    expect(y.gradFn?.name).toBe('MulBackward0');
    expect(y.tolistSync()).toEqual([3, 10, 21]);
    y.sum().backward();
    // d/dx (2x + 1) x = 4x + 1
    expect(x.grad?.tolistSync()).toEqual([5, 9, 13]);
  });

  test('writing tracked values into a tensor that needs no grad makes it a non-leaf', () => {
    const x = x3();
    const z = zeros([3]);
    z.add_(x);
    expect(String(z)).toBe('tensor([1., 2., 3.], grad_fn=<AddBackward0>)');
    expect(z.isLeaf).toBe(false);
    z.mul(x).sum().backward();
    expect(x.grad?.tolistSync()).toEqual([2, 4, 6]);
  });

  test('writing tracked values into a view of a tensor that needs no grad is refused', () => {
    const w = x3();
    const z = zeros([2, 3]);
    expect(() => z.get(0).copy_(w)).toThrow(
      'copy_: x does not support writing values that require grad in place into a view',
    );
    expect(() => z.set(1, w)).toThrow(AutogradError);
    expect(z.tolistSync()).toEqual([
      [0, 0, 0],
      [0, 0, 0],
    ]);
  });

  test('a view taken before its base was changed in place is refused when used', () => {
    const y = x3().mul(2);
    const early = y.get(0);
    y.mul_(3);
    expect(() => early.add(1)).toThrow(
      'add: this view (the output of SelectBackward0) was taken before its base was modified',
    );
    const late = y.get(0);
    expect(late.add(1).item()).toBe(7);
  });
});

describe('tensors saved for backward and changed in place', () => {
  const expectVersionError = (run: () => void, expected: string) => {
    expect(run).toThrow(AutogradError);
    expect(run).toThrow(`backward: ${beforeHint(expected)}`);
  };

  test("a saved output (exp saves its result): PyTorch's message names the node", () => {
    const x = x3();
    const y = x.exp();
    y.add_(1);
    expectVersionError(() => y.sum().backward(), errors.savedOutput);
    expect(x.grad).toBeNull();
  });

  test('a saved input: the message names the op that produced it now', () => {
    const x = x3();
    const a = x.mul(2);
    const b = a.mul(a);
    a.add_(1);
    expectVersionError(() => b.sum().backward(), errors.savedInput);
  });

  test('a leaf changed inside noGrad after it was saved', () => {
    const w = tensor(
      [
        [1, 1, 1],
        [1, 1, 1],
      ],
      { requiresGrad: true },
    );
    const z = w.mul(w).sum();
    noGrad(() => w.add_(1));
    expectVersionError(() => z.backward(), errors.savedLeaf);
    expect(w.grad).toBeNull();
  });

  test('through detach() (which shares the version counter) it is caught too', () => {
    const x = x3();
    const y = x.sigmoid();
    y.detach().zero_();
    expect(() => y.sum().backward()).toThrow(
      'which is output 0 of SigmoidBackward0, is at version 1',
    );
  });

  test('through .data it is not tracked, as in PyTorch', () => {
    const x = x3();
    const y = x.mul(x);
    x.data.mul_(2);
    y.sum().backward();
    expect(x.grad?.tolistSync()).toEqual([4, 8, 12]);
  });

  test('a tensor saved by nothing may change freely', () => {
    const x = x3();
    const y: Tensor = x.add(1);
    const z = y.sum();
    y.mul_(5);
    z.backward();
    expect(x.grad?.tolistSync()).toEqual([1, 1, 1]);
  });
});
