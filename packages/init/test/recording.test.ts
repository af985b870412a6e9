// Initialisers run with autograd's recorder switched off: a leaf that requires grad (what a
// Parameter is) is filled in place without the leaf-in-place error, nothing is recorded, and the
// recorder is back afterwards. The recorder here is a stand-in with autograd's rules.
import { getRecorder, type Recorder, setRecorder, type Tensor, zeros } from '@x/tensor';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as init from '../src';

const recorded: string[] = [];
const recorder: Recorder = {
  isTracking: (inputs) => inputs.some((t) => t.requiresGrad || t.gradFn !== null),
  record: (op) => {
    recorded.push(op);
  },
  beforeInPlace: (target, op) => {
    if (target.isLeaf && target.requiresGrad) {
      throw new Error(
        `${op}: a leaf Variable that requires grad is being used in an in-place operation`,
      );
    }
  },
  rebase: () => {},
};

beforeEach(() => {
  recorded.length = 0;
  setRecorder(recorder);
});
afterEach(() => {
  setRecorder(null);
});

const ALL: [string, (t: Tensor) => Tensor, number[]][] = [
  ['uniform_', (t) => init.uniform_(t), [4, 3]],
  ['normal_', (t) => init.normal_(t), [4, 3]],
  ['truncNormal_', (t) => init.truncNormal_(t), [4, 3]],
  ['constant_', (t) => init.constant_(t, 2), [4, 3]],
  ['ones_', (t) => init.ones_(t), [4, 3]],
  ['zeros_', (t) => init.zeros_(t), [4, 3]],
  ['eye_', (t) => init.eye_(t), [4, 3]],
  ['dirac_', (t) => init.dirac_(t), [4, 3, 3]],
  ['xavierUniform_', (t) => init.xavierUniform_(t), [4, 3]],
  ['xavierNormal_', (t) => init.xavierNormal_(t), [4, 3]],
  ['kaimingUniform_', (t) => init.kaimingUniform_(t), [4, 3]],
  ['kaimingNormal_', (t) => init.kaimingNormal_(t), [4, 3]],
  ['orthogonal_', (t) => init.orthogonal_(t), [4, 3]],
  ['sparse_', (t) => init.sparse_(t, 0.5), [4, 3]],
  ['varianceScaling_', (t) => init.varianceScaling_(t), [4, 3]],
  ['fromSpec identity', (t) => init.fromSpec({ name: 'identity', gain: 2 })(t), [4, 3]],
];

describe('initialisers are not recorded', () => {
  it('the stand-in recorder refuses an in-place write to a leaf that requires grad', () => {
    const leaf = zeros([2], { requiresGrad: true });
    expect(() => leaf.add_(1)).toThrow(/leaf Variable that requires grad/);
  });

  for (const [name, fill, shape] of ALL) {
    it(`${name} fills a leaf that requires grad, records nothing and keeps it a leaf`, () => {
      const leaf = zeros(shape, { requiresGrad: true });
      const version = leaf.version;
      expect(fill(leaf)).toBe(leaf);
      expect(leaf.requiresGrad).toBe(true);
      expect(leaf.isLeaf).toBe(true);
      expect(leaf.version).toBeGreaterThan(version); // a write, as PyTorch's no_grad in-place op
      expect(recorded).toEqual([]);
      expect(getRecorder()).toBe(recorder);
    });
  }

  it('the recorder is restored when an initialiser throws', () => {
    expect(() => init.xavierUniform_(zeros([3], { requiresGrad: true }))).toThrow();
    expect(getRecorder()).toBe(recorder);
  });

  it("a tensor's .data can also be filled in place under the recorder", () => {
    const leaf = zeros([3, 2], { requiresGrad: true });
    init.ones_(leaf.data);
    expect(leaf.tolistSync()).toEqual([
      [1, 1],
      [1, 1],
      [1, 1],
    ]);
    expect(recorded).toEqual([]);
  });
});
