// Training as a PyTorch user writes it (fixtures/training.json, generate_schedules.py): an
// Iris-like data set (150 × 4, three classes), a 4-16-3 MLP from manualSeed(0), full batch,
// 200 steps of (a) SGD with momentum, StepLR and clipGradNorm_ and (b) Adam with
// CosineAnnealingLR. The losses equal PyTorch 1.13's to 1e-5 relative; a run checkpointed at
// step 100 with save() (model, optimiser and scheduler state dicts), reloaded into fresh
// objects and continued, is bit-identical to the uninterrupted run.
import { manualSeed, type Tensor } from '@x/tensor';
import { describe, expect, it } from 'vitest';
import { CrossEntropyLoss, clipGradNorm_, Linear, load, ReLU, Sequential, save } from '../src';
import {
  Adam,
  CosineAnnealingLR,
  type LRScheduler,
  type Optimizer,
  SGD,
  StepLR,
} from '../src/optim';
import { decode, expectClose, fixture } from './helpers';

const torch = fixture('training.json');
const x = decode(torch.x);
const y = decode(torch.y);
const STEPS = 200;

interface Setup {
  optimizer: Optimizer<object>;
  scheduler: LRScheduler;
  clip: boolean;
}

const setups: Record<'sgd' | 'adam', (net: Sequential) => Setup> = {
  sgd: (net) => {
    const optimizer = new SGD(net.parameters(), { lr: 0.1, momentum: 0.9 });
    return {
      optimizer,
      scheduler: new StepLR(optimizer, { stepSize: 50, gamma: 0.5 }),
      clip: true,
    };
  },
  adam: (net) => {
    const optimizer = new Adam(net.parameters(), { lr: 0.01 });
    return { optimizer, scheduler: new CosineAnnealingLR(optimizer, { tMax: STEPS }), clip: false };
  },
};

function mlp(seed: number): Sequential {
  manualSeed(seed);
  return new Sequential(new Linear(4, 16), new ReLU(), new Linear(16, 3));
}

/** Trains for 200 steps; with `checkpointAt`, saves there and continues in fresh objects. */
function train(kind: 'sgd' | 'adam', checkpointAt: number | null) {
  let net = mlp(0);
  let { optimizer, scheduler, clip } = setups[kind](net);
  const lossFn = new CrossEntropyLoss();
  const losses: number[] = [];
  const clipNorms: number[] = [];
  for (let step = 0; step < STEPS; step++) {
    if (step === checkpointAt) {
      const bytes = save({
        model: net.stateDict(),
        optimizer: optimizer.stateDict(),
        scheduler: scheduler.stateDict(),
      });
      net = mlp(1); // different initial weights: everything must come from the checkpoint
      ({ optimizer, scheduler, clip } = setups[kind](net));
      const checkpoint = load<any>(bytes);
      net.loadStateDict(checkpoint.model);
      optimizer.loadStateDict(checkpoint.optimizer);
      scheduler.loadStateDict(checkpoint.scheduler);
    }
    optimizer.zeroGrad();
    const loss = lossFn.forward(net.forward(x), y);
    loss.backward();
    if (clip) clipNorms.push(clipGradNorm_(net.parameters(), 0.5).item());
    optimizer.step();
    scheduler.step();
    losses.push(loss.item());
  }
  return { net, losses, clipNorms, lastLr: scheduler.getLastLr() };
}

function closeTo(got: number, want: number, rtol: number): void {
  expect(Math.abs(got - want), `${got} vs ${want}`).toBeLessThanOrEqual(rtol * Math.abs(want));
}

describe('training an MLP on Iris-like data equals PyTorch 1.13', () => {
  for (const kind of ['sgd', 'adam'] as const) {
    it(`${kind}: losses to 1e-5 relative; resuming from a checkpoint is bit-identical`, () => {
      const straight = train(kind, null);
      const expected = torch[kind];
      // Every step's loss, steps 50, 100 and 200 included (measured: within 3e-6).
      for (const [i, loss] of straight.losses.entries()) closeTo(loss, expected.losses[i], 1e-5);
      for (const [i, norm] of straight.clipNorms.entries())
        closeTo(norm, expected.clipNorms[i], 1e-5);
      expect(straight.clipNorms.length).toBe(expected.clipNorms.length);
      closeTo(straight.lastLr[0], expected.lastLr[0], 1e-12);
      for (const [name, value] of straight.net.stateDict())
        expectClose(value, expected.state[name], { rtol: 1e-4, atol: 1e-5 });

      const resumed = train(kind, 100);
      expect(resumed.losses).toEqual(straight.losses);
      expect(resumed.lastLr).toEqual(straight.lastLr);
      const params = (net: Sequential) =>
        [...net.stateDict().values()].map((t: Tensor) => t.toArraySync());
      expect(params(resumed.net)).toEqual(params(straight.net));
    }, 60_000);
  }
});
