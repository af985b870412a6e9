import { ArgumentError, ShapeError, tensor } from '@x/tensor';
import { describe, expect, test } from 'vitest';
import { AutogradError, grad } from '../src';

// The expected values are worked out by hand and agree with PyTorch 1.13:
//   x = tensor([1., 2.], requires_grad=True); y = x * 3
//   y.register_hook(lambda g: g * 10); x.register_hook(lambda g: g + 1)
//   z = (y * y).sum()
//   torch.autograd.grad(z, [y, x], retain_graph=True)  # ([6., 12.], [180., 360.])
//   z.backward(); x.grad                               # [181., 361.]
describe('Tensor.registerHook', () => {
  const setup = () => {
    const x = tensor([1, 2], { requiresGrad: true });
    const y = x.mul(3);
    return { x, y, z: y.mul(y).sum() };
  };

  test('a non-leaf hook replaces the gradient flowing on; a leaf hook runs before .grad accumulates', () => {
    const { x, y, z } = setup();
    const seen: number[][] = [];
    y.registerHook((g) => {
      seen.push([...g.toArraySync()]);
      return g.mul(10);
    });
    x.registerHook((g) => {
      seen.push([...g.toArraySync()]);
      return g.add(1);
    });
    z.backward();
    expect(seen).toEqual([
      [6, 12],
      [180, 360],
    ]);
    expect(x.grad?.tolistSync()).toEqual([181, 361]);
  });

  test("grad() returns a target's gradient before its hooks, as PyTorch 1.13 does; hooks upstream still apply", () => {
    const { x, y, z } = setup();
    y.registerHook((g) => g.mul(10));
    x.registerHook((g) => g.add(1));
    const [dy, dx] = grad(z, [y, x]);
    expect(dy?.tolistSync()).toEqual([6, 12]);
    expect(dx?.tolistSync()).toEqual([180, 360]);
    expect(x.grad).toBeNull();
  });

  test('hooks run in registration order, each on the previous one’s result; nothing returned keeps it', () => {
    const x = tensor([1, 2], { requiresGrad: true });
    const calls: string[] = [];
    x.registerHook((g) => {
      calls.push(`a${g.tolistSync()}`);
      return g.mul(2);
    });
    x.registerHook((g) => {
      calls.push(`b${g.tolistSync()}`);
    });
    x.registerHook((g) => g.add(1));
    x.sum().backward();
    expect(calls).toEqual(['a1,1', 'b2,2']);
    expect(x.grad?.tolistSync()).toEqual([3, 3]);
  });

  test('a leaf hook sees the summed gradient once, however many paths reach the leaf', () => {
    const x = tensor([1, 2], { requiresGrad: true });
    const seen: number[][] = [];
    x.registerHook((g) => {
      seen.push([...g.toArraySync()]);
    });
    x.mul(2).add(x.square()).sum().backward(); // d/dx (2x + x^2) = 2 + 2x
    expect(seen).toEqual([[4, 6]]);
  });

  test('a hook on the root sees the starting gradient', () => {
    const x = tensor([1, 2], { requiresGrad: true });
    const y = x.mul(2);
    y.registerHook((g) => g.mul(-1));
    y.backward(tensor([1, 3]));
    expect(x.grad?.tolistSync()).toEqual([-2, -6]);
  });

  test('remove() unregisters the hook; removing twice is harmless', () => {
    const x = tensor([1, 2], { requiresGrad: true });
    const handle = x.registerHook((g) => g.mul(100));
    handle.remove();
    handle.remove();
    x.sum().backward();
    expect(x.grad?.tolistSync()).toEqual([1, 1]);
  });

  test('bad hooks and tensors that need no gradient are refused by name', () => {
    expect(() => tensor([1]).registerHook((g) => g)).toThrow(AutogradError);
    expect(() => tensor([1]).registerHook((g) => g)).toThrow(/doesn't require gradient/);
    const x = tensor([1, 2], { requiresGrad: true });
    expect(() => x.registerHook(42 as never)).toThrow(ArgumentError);
    const wrongShape = x.registerHook(() => tensor([1, 2, 3]));
    expect(() => x.sum().backward()).toThrow(ShapeError);
    expect(x.grad).toBeNull(); // a failed backward changes no .grad
    wrongShape.remove();
    const notATensor = x.registerHook(() => 3 as never);
    expect(() => x.sum().backward()).toThrow(/return a Tensor or nothing/);
    notATensor.remove();
  });
});
