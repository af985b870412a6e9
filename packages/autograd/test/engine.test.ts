import {
  ArgumentError,
  BackendError,
  CpuBackend,
  cpu,
  DTypeError,
  ones,
  ShapeError,
  stack,
  Tensor,
  tensor,
} from '@x/tensor';
import { describe, expect, test, vi } from 'vitest';
import { AutogradError, grad, noGrad } from '../src';
import { torchFixture } from './helpers';

const { errors } = torchFixture;
const x3 = () => tensor([1, 2, 3], { requiresGrad: true });

describe('backward', () => {
  test('a scalar output starts from an implicit 1; a one-element output of any rank too', () => {
    const x = x3();
    x.mul(x).sum().backward();
    expect(x.grad?.tolistSync()).toEqual([2, 4, 6]);
    const y = x3();
    y.sum().reshape(1, 1).backward();
    expect(y.grad?.tolistSync()).toEqual([1, 1, 1]);
  });

  test('gradients of several uses of one tensor, and of several calls, add up', () => {
    const x = x3();
    x.mul(2).add(x.square()).sum().backward();
    expect(x.grad?.tolistSync()).toEqual([4, 6, 8]);
    x.sum().backward();
    expect(x.grad?.tolistSync()).toEqual([5, 7, 9]);
  });

  test('each .grad is a new tensor of its own: no aliasing of the gradient or of each other', () => {
    const a = x3();
    const b = x3();
    const gradient = tensor([1, 1, 1]);
    a.add(b).backward(gradient);
    expect(a.grad).not.toBe(gradient);
    gradient.fill_(5);
    a.grad?.add_(10);
    expect(b.grad?.tolistSync()).toEqual([1, 1, 1]);
    const first = b.grad;
    b.sum().backward();
    expect(b.grad).not.toBe(first);
    expect(first?.tolistSync()).toEqual([1, 1, 1]);
    expect(b.grad?.tolistSync()).toEqual([2, 2, 2]);
    expect(b.grad?.requiresGrad).toBe(false);
  });

  test('a gradient the pass made and nothing else holds becomes .grad uncopied; shared ones are copied', () => {
    const clones = vi.spyOn(Tensor.prototype, 'clone');
    try {
      const w = tensor(
        [
          [1, 2],
          [3, 4],
        ],
        { requiresGrad: true },
      );
      const bias = tensor([0.5, -0.5], { requiresGrad: true });
      // dW = dY @ x.T is a new product; dbias = sum of dY over rows is a new reduction
      w.matmul(tensor([[1], [2]]))
        .add(bias.unsqueeze(1))
        .square()
        .sum()
        .backward();
      expect(clones).not.toHaveBeenCalled();
      expect(w.grad?.tolistSync()).toEqual([
        [11, 22],
        [21, 42],
      ]);
      expect(bias.grad?.tolistSync()).toEqual([11, 21]);
      // One gradient tensor sent to two leaves: the first adopts it, the second gets a copy.
      const [a, b] = [x3(), x3()];
      a.add(b)
        .mul(tensor([1, 2, 3]))
        .sum()
        .backward();
      expect(clones).toHaveBeenCalledTimes(1);
      a.grad?.add_(10);
      expect(b.grad?.tolistSync()).toEqual([1, 2, 3]);
      expect(a.grad?.tolistSync()).toEqual([11, 12, 13]);
      // Two views of one gradient's storage, one per leaf: at most one adopts it.
      const [c, d] = [x3(), tensor([[1, 2, 3]], { requiresGrad: true })];
      c.reshape(1, 3)
        .add(d)
        .mul(tensor([1, 2, 3]))
        .sum()
        .backward();
      c.grad?.add_(10);
      expect(d.grad?.tolistSync()).toEqual([[1, 2, 3]]);
      expect(c.grad?.tolistSync()).toEqual([11, 12, 13]);
      // The caller's gradient reaching a leaf as it is stays the caller's.
      const e = x3();
      const gradient = tensor([1, 1, 1]);
      e.backward(gradient);
      gradient.fill_(7);
      expect(e.grad?.tolistSync()).toEqual([1, 1, 1]);
    } finally {
      clones.mockRestore();
    }
  });

  test("a leaf's gradient lives on the leaf's backend, even when the graph moved", () => {
    const other = new CpuBackend();
    const x = tensor([1, 2], { backend: other, requiresGrad: true });
    x.to(cpu).mul(3).sum().backward();
    expect(x.grad?.backend).toBe(other);
    expect(x.grad?.tolistSync()).toEqual([3, 3]);
  });

  test('backward from a leaf gives it the gradient itself', () => {
    const x = x3();
    x.backward(tensor([4, 5, 6]));
    expect(x.grad?.tolistSync()).toEqual([4, 5, 6]);
  });

  test('retainGraph keeps saved tensors for a second backward', () => {
    const x = x3();
    const y = x.mul(x).sum();
    y.backward(undefined, { retainGraph: true });
    y.backward();
    expect(x.grad?.tolistSync()).toEqual([4, 8, 12]);
  });

  test("a second backward through freed saved tensors throws PyTorch's error and changes no .grad", () => {
    const x = x3();
    const y = x.mul(x).sum();
    y.backward();
    const before = x.grad;
    const message = errors.freed.replace('retain_graph=True', 'retainGraph: true');
    expect(() => y.backward()).toThrow(AutogradError);
    expect(() => y.backward()).toThrow(message);
    expect(x.grad).toBe(before);
    expect(x.grad?.tolistSync()).toEqual([2, 4, 6]);
  });

  test('a graph that saved no tensors can be run twice, as in PyTorch', () => {
    const x = tensor([1, 1, 1], { requiresGrad: true });
    const y = x.add(1).sum();
    y.backward();
    y.backward();
    expect(x.grad?.tolistSync()).toEqual(torchFixture.retain.addTwice);
  });

  test('bad input throws a clear error and leaves every .grad unchanged', () => {
    const x = x3();
    x.sum().backward();
    const cases: [() => void, new (...args: never[]) => Error, string][] = [
      [() => ones([3]).sum().backward(), AutogradError, errors.noGradFn],
      [() => x.mul(2).backward(), ShapeError, errors.implicit],
      [() => x.mul(2).backward(ones([2])), ShapeError, errors.shape],
      [
        () => x.mul(2).backward(tensor([1, 2, 3], { dtype: 'int32' })),
        DTypeError,
        'must be float32',
      ],
      [
        () => x.mul(2).backward(ones([3], { backend: new CpuBackend() })),
        BackendError,
        "is on 'cpu'",
      ],
    ];
    for (const [call, errorClass, message] of cases) {
      expect(call).toThrow(errorClass);
      expect(call).toThrow(message);
      expect(x.grad?.tolistSync()).toEqual([1, 1, 1]);
    }
  });

  test('a 10,000-op chain runs without overflowing the stack', () => {
    const x = tensor([1, 2], { requiresGrad: true });
    let y: Tensor = x;
    for (let i = 0; i < 10_000; i++) y = y.mul(1.0001);
    y.sum().backward();
    const expected = 1.0001 ** 10_000;
    for (const value of x.grad?.toArraySync() ?? []) expect(value).toBeCloseTo(expected, 2);
  });

  test('a graph of 10,000 branches summed, as a chain of adds and as one stack', () => {
    const x = tensor([1, 2], { requiresGrad: true });
    const branches = Array.from({ length: 10_000 }, (_, i) => x.mul(i % 7));
    const expected = Array.from({ length: 10_000 }, (_, i) => i % 7).reduce((a, b) => a + b, 0);
    branches
      .reduce((total, branch) => total.add(branch))
      .sum()
      .backward();
    expect(x.grad?.tolistSync()).toEqual([expected, expected]);
    const [dx] = grad(stack(branches).sum(), x);
    expect(dx?.tolistSync()).toEqual([expected, expected]);
  });
});

describe('grad', () => {
  test('returns d outputs / d inputs without touching .grad', () => {
    const x = x3();
    const [dx] = grad(x.square().sum(), x);
    expect(dx?.tolistSync()).toEqual([2, 4, 6]);
    expect(x.grad).toBeNull();
    // A sum's gradient is an expanded (stride 0) view inside the pass; grad hands out storage.
    const [ones3] = grad(x.sum(), x);
    expect(ones3?.isContiguous()).toBe(true);
    ones3?.add_(tensor([1, 2, 3]));
    expect(ones3?.tolistSync()).toEqual([2, 3, 4]);
  });

  test('with respect to an intermediate tensor and a leaf at once', () => {
    const x = x3();
    const hidden = x.mul(2);
    const out = hidden.square().sum().add(x.sum());
    const [dHidden, dx] = grad(out, [hidden, x]);
    expect(dHidden?.tolistSync()).toEqual([4, 8, 12]);
    expect(dx?.tolistSync()).toEqual([9, 17, 25]);
  });

  test('several outputs weighted by gradOutputs', () => {
    const x = x3();
    const [dx] = grad([x.mul(2), x.square().sum()], [x], {
      gradOutputs: [tensor([1, 0, -1]), null],
    });
    expect(dx?.tolistSync()).toEqual([4, 4, 4]);
  });

  test('allowUnused gives null for an input the outputs do not depend on', () => {
    const x = x3();
    const unused = tensor([1, 2], { requiresGrad: true });
    expect(grad(x.sum(), [x, unused], { allowUnused: true })[1]).toBeNull();
    const message = errors.unused.replace('allow_unused=True', 'allowUnused: true');
    expect(() => grad(x.mul(2).sum(), [x, unused])).toThrow(message);
  });

  test('inputs that need no gradient, outputs that have none, and extra gradients are refused', () => {
    const x = x3();
    expect(() => grad(x.sum(), [ones([2])])).toThrow(errors.notRequired);
    expect(() => grad(ones([2]).sum(), [x])).toThrow(errors.noGradFn);
    expect(() => grad(x.sum(), x, { gradOutputs: [ones([]), ones([])] })).toThrow(ArgumentError);
    expect(() => grad(x.sum(), [3 as unknown as Tensor])).toThrow(ArgumentError);
  });

  test('only the part of the graph that leads to the inputs runs', () => {
    const a = x3();
    const b = x3();
    const loss = a.mul(2).sum().add(b.mul(b).sum());
    loss.backward();
    // b * b's saved tensors are freed; a's branch saved none, so grad can still run it.
    const [da] = grad(loss, a);
    expect(da?.tolistSync()).toEqual([2, 2, 2]);
    expect(() => grad(loss, b)).toThrow('Trying to backward through the graph a second time');
  });

  test('retainGraph lets grad run twice; without it the second call fails', () => {
    const x = x3();
    const y = x.exp().sum();
    const [first] = grad(y, x, { retainGraph: true });
    const [second] = grad(y, x);
    expect(second?.tolistSync()).toEqual(first?.tolistSync());
    expect(() => grad(y, x)).toThrow(AutogradError);
  });

  test('grad runs with recording off: its results carry no history', () => {
    const x = x3();
    const [dx] = grad(x.exp().sum(), x);
    expect(dx?.requiresGrad).toBe(false);
    expect(dx?.gradFn).toBeNull();
    expect(noGrad(() => x.mul(2)).requiresGrad).toBe(false);
  });
});
