// One grad mode, kept in @x/tensor and shared by autograd, @x/tensor's composites and @x/init
// (whose side is tested in init/test/grad-mode.test.ts):
// turning recording off never uninstalls the recorder, so backward() runs inside it, as in
// PyTorch (`with torch.no_grad(): y.backward()` fills x.grad).
import * as tensorPackage from '@x/tensor';
import { tensor } from '@x/tensor';
import { describe, expect, test } from 'vitest';
import { enableGrad, isGradEnabled, noGrad, setGradEnabled } from '../src';

describe('one grad mode shared by every package', () => {
  test("@x/autograd's grad-mode functions are @x/tensor's", () => {
    expect(noGrad).toBe(tensorPackage.noGrad);
    expect(enableGrad).toBe(tensorPackage.enableGrad);
    expect(isGradEnabled).toBe(tensorPackage.isGradEnabled);
    expect(setGradEnabled).toBe(tensorPackage.setGradEnabled);
  });

  test('backward() inside noGrad: d(sum x^3)/dx = 3x^2', () => {
    const x = tensor([1, -2, 3], { requiresGrad: true });
    const y = x.pow(3).sum();
    noGrad(() => y.backward());
    expect(x.grad?.tolistSync()).toEqual([3, 12, 27]);
  });

  test('backward() after setGradEnabled(false), and the mode stays off afterwards', () => {
    const x = tensor([0.5, 2], { requiresGrad: true });
    const y = x.mul(x).mul(4).sum(); // dy/dx = 8x
    const previous = setGradEnabled(false);
    try {
      y.backward();
      expect(isGradEnabled()).toBe(false);
    } finally {
      setGradEnabled(previous);
    }
    expect(x.grad?.tolistSync()).toEqual([4, 16]);
  });
});
