import { readFileSync } from 'node:fs';
import { ArgumentError, BackendError, getRecorder, setRecorder, tensor } from '@x/tensor';
import { describe, expect, test } from 'vitest';
import { enableGrad, isGradEnabled, noGrad, setGradEnabled } from '../src';

const x3 = () => tensor([1, 2, 3], { requiresGrad: true });

describe('grad mode', () => {
  test('noGrad records nothing; enableGrad inside it records again', () => {
    const x = x3();
    const inside = noGrad(() => {
      expect(isGradEnabled()).toBe(false);
      return { plain: x.mul(2), tracked: enableGrad(() => x.mul(2)) };
    });
    expect(inside.plain.requiresGrad).toBe(false);
    expect(inside.plain.gradFn).toBeNull();
    expect(inside.tracked.gradFn?.name).toBe('MulBackward0');
    expect(isGradEnabled()).toBe(true);
  });

  test('the mode is restored when fn throws', () => {
    expect(() =>
      noGrad(() => {
        throw new Error('boom');
      }),
    ).toThrow('boom');
    expect(isGradEnabled()).toBe(true);
  });

  test('setGradEnabled switches the mode and returns the previous one', () => {
    expect(setGradEnabled(false)).toBe(true);
    try {
      expect(x3().exp().requiresGrad).toBe(false);
    } finally {
      expect(setGradEnabled(true)).toBe(false);
    }
    expect(() => setGradEnabled('no' as unknown as boolean)).toThrow(ArgumentError);
    expect(() => noGrad(3 as unknown as () => void)).toThrow('noGrad: fn must be a function');
    expect(isGradEnabled()).toBe(true);
  });
});

describe('leaves, detach and data', () => {
  test('leaves print requires_grad=True; results of recorded ops print their grad_fn', () => {
    const x = x3();
    expect(String(x)).toBe('tensor([1., 2., 3.], requires_grad=True)');
    expect(x.isLeaf).toBe(true);
    const y = x.mul(2);
    expect(y.isLeaf).toBe(false);
    expect(y.requiresGrad).toBe(true);
    expect(String(y)).toBe('tensor([2., 4., 6.], grad_fn=<MulBackward0>)');
    const w = tensor([1, 2]).requiresGrad_();
    expect(w.isLeaf && w.requiresGrad).toBe(true);
  });

  test("requiresGrad_(false) on a computed tensor is PyTorch's ArgumentError, pointing at detach()", () => {
    const y = x3().mul(2);
    expect(() => y.requiresGrad_(false)).toThrow(
      new ArgumentError(
        "requiresGrad_: you can only change requires_grad flags of leaf variables. If you want to use a computed variable in a subgraph that doesn't require differentiation use const noGrad = t.detach()",
      ),
    );
    expect(y.requiresGrad).toBe(true);
    expect(y.detach().requiresGrad).toBe(false);
  });

  test('detach shares storage and version, and cuts the graph', () => {
    const y = x3().mul(2);
    const cut = y.detach();
    expect(cut.requiresGrad).toBe(false);
    expect(cut.isLeaf).toBe(true);
    expect(String(cut)).toBe('tensor([2., 4., 6.])');
    cut.add_(1);
    expect(y.tolistSync()).toEqual([3, 5, 7]);
    expect(y.version).toBe(1);
  });

  test('data shares storage, is not tracked, and edits through it are not counted', () => {
    const x = x3();
    const data = x.data;
    expect(data.requiresGrad).toBe(false);
    data.mul_(10);
    expect(x.tolistSync()).toEqual([10, 20, 30]);
    expect(x.version).toBe(0);
    expect(data.mul(x.detach()).requiresGrad).toBe(false);
  });

  test('int and bool results carry no gradient', () => {
    const x = x3();
    expect(x.gt(1).requiresGrad).toBe(false);
    expect(x.argmax().requiresGrad).toBe(false);
    expect(x.max(0).indices.requiresGrad).toBe(false);
    expect(x.int().requiresGrad).toBe(false);
    expect(x.max(0).values.gradFn?.name).toBe('MaxBackward0');
  });
});

describe('installation', () => {
  test('importing @x/autograd installed the recorder; without it tensors record nothing', () => {
    const recorder = getRecorder();
    expect(recorder).not.toBeNull();
    setRecorder(null);
    try {
      const y = x3().mul(2);
      expect(y.requiresGrad).toBe(false);
      expect(() => x3().sum().backward()).toThrow(BackendError);
      expect(() => x3().sum().backward()).toThrow("import '@x/autograd'");
    } finally {
      setRecorder(recorder);
    }
  });

  test('package.json declares the side effect of importing the package', () => {
    const manifest = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
    expect(manifest.sideEffects).toEqual(['./src/index.ts', './dist/index.js', './dist/index.cjs']);
  });
});
