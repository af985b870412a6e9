// Initialisers switch recording off with @x/tensor's grad mode, the one autograd's noGrad is:
// the recorder stays installed, so code they call back into (lsuv_'s forward) may still run
// backward(), as inside PyTorch's torch.no_grad().
import {
  getRecorder,
  isGradEnabled,
  noGrad,
  type Recorder,
  setRecorder,
  type Tensor,
  zeros,
} from '@x/tensor';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as init from '../src';

const backwardCalls: Tensor[] = [];
const recorder: Recorder = {
  isTracking: (inputs) => inputs.some((t) => t.requiresGrad),
  record: () => {},
  beforeInPlace: (target, op) => {
    if (target.isLeaf && target.requiresGrad) throw new Error(`${op}: leaf that requires grad`);
  },
  rebase: () => {},
  backward: (output) => {
    backwardCalls.push(output);
  },
};

beforeEach(() => {
  backwardCalls.length = 0;
  setRecorder(recorder);
});
afterEach(() => {
  setRecorder(null);
});

describe('initialisers and the shared grad mode', () => {
  it("lsuv_'s forward runs with grad mode off, the recorder installed and backward() reachable", async () => {
    const weight = zeros([4, 4], { requiresGrad: true });
    const output = () => zeros([8]).uniform_(-1, 1);
    const seen: { mode: boolean; recorder: Recorder | null }[] = [];
    await init.lsuv_(
      () => {
        seen.push({ mode: isGradEnabled(), recorder: getRecorder() });
        zeros([1]).backward();
      },
      [{ weight, output }],
      { maxIterations: 0 },
    );
    expect(seen.length).toBeGreaterThan(0);
    for (const entry of seen) expect(entry).toEqual({ mode: false, recorder });
    expect(backwardCalls.length).toBe(seen.length);
    expect(isGradEnabled()).toBe(true);
  });

  it('an initialiser inside noGrad leaves the mode off; outside, restores it on', () => {
    const leaf = zeros([3, 2], { requiresGrad: true });
    noGrad(() => {
      init.ones_(leaf);
      expect(isGradEnabled()).toBe(false);
    });
    init.zeros_(leaf);
    expect(isGradEnabled()).toBe(true);
    expect(leaf.isLeaf).toBe(true);
  });
});
