// Every scheduler's learning rates (and OneCycleLR's momentum or beta1) against PyTorch 1.13
// (fixtures/lr_scheduler.json, generate_schedules.py): after construction and after each of
// 100 steps, two parameter groups, to 1e-12 relative. Then resuming from state dicts, and
// bad arguments.
import { ArgumentError, tensor, zeros } from '@x/tensor';
import { describe, expect, it } from 'vitest';
import { load, Parameter, save } from '../src';
import {
  Adagrad,
  Adam,
  CosineAnnealingLR,
  ExponentialLR,
  LambdaLR,
  LinearLR,
  type LRScheduler,
  MultiStepLR,
  OneCycleLR,
  type Optimizer,
  ReduceLROnPlateau,
  SequentialLR,
  SGD,
  StepLR,
} from '../src/optim';
import { fixture } from './helpers';

const torch = fixture('lr_scheduler.json');

type Scheduler = LRScheduler | ReduceLROnPlateau | SequentialLR;

function twoGroups(make: (groups: { params: Parameter[]; lr?: number }[]) => Optimizer<object>) {
  return make([
    { params: [new Parameter(zeros([2]))] },
    { params: [new Parameter(zeros([3]))], lr: 0.05 },
  ]);
}

/** The optimiser's groups given initialLr, as after loading a checkpoint. */
function resumed(optimizer: Optimizer<object>): Optimizer<object> {
  for (const group of optimizer.paramGroups as unknown as Record<string, unknown>[])
    group.initialLr = group.lr;
  return optimizer;
}

const sgd = () => twoGroups((groups) => new SGD(groups, { lr: 0.1, momentum: 0.9 }));
const adam = () => twoGroups((groups) => new Adam(groups, { lr: 0.001 }));

const cases: Record<string, [() => Optimizer<object>, (o: Optimizer<object>) => Scheduler]> = {
  lambda: [
    sgd,
    (o) => new LambdaLR(o, { lrLambda: [(e) => 0.95 ** e, (e) => 1 / (1 + Math.floor(e / 10))] }),
  ],
  step: [sgd, (o) => new StepLR(o, { stepSize: 7, gamma: 0.5 })],
  multiStep: [sgd, (o) => new MultiStepLR(o, { milestones: [25, 10, 60, 25], gamma: 0.3 })],
  exponential: [sgd, (o) => new ExponentialLR(o, { gamma: 0.97 })],
  cosine: [sgd, (o) => new CosineAnnealingLR(o, { tMax: 30, etaMin: 0.001 })],
  linear: [sgd, (o) => new LinearLR(o, { startFactor: 0.25, endFactor: 0.9, totalIters: 40 })],
  linearDefault: [sgd, (o) => new LinearLR(o)],
  oneCycleSgd: [sgd, (o) => new OneCycleLR(o, { maxLr: [0.5, 0.2], totalSteps: 100 })],
  oneCycleAdam: [
    adam,
    (o) =>
      new OneCycleLR(o, {
        maxLr: 0.01,
        totalSteps: 100,
        threePhase: true,
        annealStrategy: 'linear',
      }),
  ],
  oneCycleEpochs: [
    sgd,
    (o) =>
      new OneCycleLR(o, {
        maxLr: 0.3,
        epochs: 10,
        stepsPerEpoch: 10,
        pctStart: 0.25,
        baseMomentum: 0.8,
        maxMomentum: 0.9,
        divFactor: 10,
        finalDivFactor: 100,
      }),
  ],
  cosineResumed: [
    sgd,
    (o) => new CosineAnnealingLR(resumed(o), { tMax: 30, etaMin: 0.001, lastEpoch: 10 }),
  ],
  stepResumed: [sgd, (o) => new StepLR(resumed(o), { stepSize: 7, gamma: 0.5, lastEpoch: 12 })],
  plateau: [
    sgd,
    (o) =>
      new ReduceLROnPlateau(o, {
        factor: 0.5,
        patience: 3,
        cooldown: 2,
        threshold: 0.01,
        minLr: [0.01, 0.001],
      }),
  ],
  plateauMaxAbs: [
    sgd,
    (o) =>
      new ReduceLROnPlateau(o, {
        mode: 'max',
        thresholdMode: 'abs',
        threshold: 0.001,
        patience: 4,
      }),
  ],
  sequential: [
    sgd,
    (o) =>
      new SequentialLR(o, {
        schedulers: [
          new LinearLR(o, { startFactor: 0.1, totalIters: 10 }),
          new ExponentialLR(o, { gamma: 0.9 }),
          new CosineAnnealingLR(o, { tMax: 20 }),
        ],
        milestones: [10, 40],
      }),
  ],
};

const losses: number[] = torch.losses;

function stepOnce(name: string, scheduler: Scheduler, t: number): void {
  if (scheduler instanceof ReduceLROnPlateau)
    scheduler.step(name === 'plateau' ? losses[t] : -losses[t]);
  else scheduler.step();
}

function momentumOf(group: Record<string, unknown>): number {
  return 'betas' in group ? (group.betas as number[])[0] : (group.momentum as number);
}

function expectSequence(got: number[][], want: number[][], what: string): void {
  expect(got.length).toBe(want.length);
  got.forEach((row, t) => {
    row.forEach((value, g) => {
      const error = Math.abs(value - want[t][g]);
      if (!(error <= 1e-12 * Math.abs(want[t][g]) + 1e-15))
        expect.fail(`${what} at step ${t}, group ${g}: got ${value}, expected ${want[t][g]}`);
    });
  });
}

function expectTorchSequence(
  name: string,
  makeOptimizer: () => Optimizer<object>,
  makeScheduler: (o: Optimizer<object>) => Scheduler,
): void {
  const optimizer = makeOptimizer();
  const scheduler = makeScheduler(optimizer);
  const groups = optimizer.paramGroups as unknown as Record<string, unknown>[];
  const lrs = [groups.map((g) => g.lr as number)];
  const momenta = [groups.map(momentumOf)];
  expect(scheduler.getLastLr()).toEqual(lrs[0]);
  for (let t = 0; t < torch.steps; t++) {
    optimizer.step();
    stepOnce(name, scheduler, t);
    lrs.push(groups.map((g) => g.lr as number));
    momenta.push(groups.map(momentumOf));
    expect(scheduler.getLastLr()).toEqual(lrs.at(-1));
  }
  expectSequence(lrs, torch.cases[name].lrs, 'lr');
  expectSequence(momenta, torch.cases[name].momenta, 'momentum');
}

describe('learning rates equal PyTorch 1.13 over 100 steps', () => {
  for (const [name, [makeOptimizer, makeScheduler]] of Object.entries(cases)) {
    it(name, () => expectTorchSequence(name, makeOptimizer, makeScheduler));
  }
});

// PyTorch's positional arguments, in its order, give the same schedules.
const positional: Record<string, (o: Optimizer<object>) => Scheduler> = {
  lambda: (o) => new LambdaLR(o, [(e) => 0.95 ** e, (e) => 1 / (1 + Math.floor(e / 10))]),
  step: (o) => new StepLR(o, 7, 0.5),
  multiStep: (o) => new MultiStepLR(o, [25, 10, 60, 25], 0.3),
  exponential: (o) => new ExponentialLR(o, 0.97),
  cosine: (o) => new CosineAnnealingLR(o, 30, 0.001),
  linear: (o) => new LinearLR(o, 0.25, 0.9, 40),
  oneCycleSgd: (o) => new OneCycleLR(o, [0.5, 0.2], 100),
  cosineResumed: (o) => new CosineAnnealingLR(resumed(o), 30, 0.001, 10),
  plateau: (o) => new ReduceLROnPlateau(o, 'min', 0.5, 3, 0.01, 'rel', 2, [0.01, 0.001]),
  sequential: (o) =>
    new SequentialLR(
      o,
      [new LinearLR(o, 0.1, 1, 10), new ExponentialLR(o, 0.9), new CosineAnnealingLR(o, 20)],
      [10, 40],
    ),
};

describe('the positional forms equal PyTorch 1.13 too', () => {
  for (const [name, makeScheduler] of Object.entries(positional)) {
    it(name, () => expectTorchSequence(name, sgd, makeScheduler));
  }
});

describe('resuming from state dicts', () => {
  for (const [name, [makeOptimizer, makeScheduler]] of Object.entries(cases)) {
    it(`${name} continues exactly as an uninterrupted run`, () => {
      const run = (stopAt: number | null) => {
        let optimizer = makeOptimizer();
        let scheduler = makeScheduler(optimizer);
        const lrs: number[][] = [];
        for (let t = 0; t < torch.steps; t++) {
          if (t === stopAt) {
            // Through a checkpoint file, so the state dicts must be plain, savable data.
            const bytes = save({
              optimizer: optimizer.stateDict(),
              scheduler: scheduler.stateDict(),
            });
            optimizer = makeOptimizer();
            scheduler = makeScheduler(optimizer);
            const checkpoint = load<any>(bytes);
            optimizer.loadStateDict(checkpoint.optimizer);
            scheduler.loadStateDict(checkpoint.scheduler);
          }
          optimizer.step();
          stepOnce(name, scheduler, t);
          lrs.push(scheduler.getLastLr());
        }
        return lrs;
      };
      expect(run(37)).toEqual(run(null));
    });
  }

  it('keeps initialLr in the optimiser groups, and requires it when lastEpoch is given', () => {
    const optimizer = sgd();
    new StepLR(optimizer, { stepSize: 2 });
    expect(optimizer.paramGroups.map((g) => (g as Record<string, unknown>).initialLr)).toEqual([
      0.1, 0.05,
    ]);
    expect(() => new StepLR(sgd(), { stepSize: 2, lastEpoch: 5 })).toThrow(
      new ArgumentError(
        "StepLR: param 'initialLr' is not specified in paramGroups[0] when resuming an optimizer (lastEpoch 5)",
      ),
    );
    const resumed = new StepLR(optimizer, { stepSize: 2, gamma: 0.5, lastEpoch: 3 });
    expect(resumed.lastEpoch).toBe(4);
    expect(resumed.getLastLr()).toEqual([0.05, 0.025]);
  });

  it('rejects a state dict of another scheduler, changing nothing', () => {
    const scheduler = new StepLR(sgd(), { stepSize: 3 });
    const other = new ExponentialLR(sgd(), { gamma: 0.5 });
    const before = scheduler.stateDict();
    expect(() => scheduler.loadStateDict(other.stateDict())).toThrow(
      "StepLR.loadStateDict: the state dict lacks 'stepSize'",
    );
    expect(() => scheduler.loadStateDict({ ...before, gamma: 'x' })).toThrow(
      "StepLR.loadStateDict: 'gamma' must be number, got string",
    );
    expect(() => scheduler.loadStateDict({ ...before, extra: 1 })).toThrow(
      "StepLR.loadStateDict: unexpected key 'extra' in the state dict",
    );
    expect(scheduler.stateDict()).toEqual(before);
  });
});

describe('bad arguments throw an ArgumentError naming the option', () => {
  const cases: [() => unknown, string][] = [
    [() => new StepLR({} as never, { stepSize: 1 }), 'StepLR: expected an Optimizer, got Object'],
    [() => new StepLR(sgd(), '30' as never), "StepLR: stepSize must be an integer >= 1, got '30'"],
    [
      () => new (StepLR as any)(sgd(), 7, 0.5, -1, 'extra'),
      'StepLR: takes at most 3 arguments after the optimizer (stepSize, gamma, lastEpoch) or an options object, got 4',
    ],
    [
      () => new (StepLR as any)(sgd(), { stepSize: 7 }, 0.5),
      'StepLR: unexpected argument 0.5 after the options object',
    ],
    [
      () => new StepLR(sgd(), { step_size: 30 } as never),
      "StepLR: unknown option 'step_size' (expected one of stepSize, gamma, lastEpoch)",
    ],
    [() => new StepLR(sgd(), { stepSize: 0 }), 'StepLR: stepSize must be an integer >= 1, got 0'],
    [
      () => new StepLR(sgd(), {} as never),
      'StepLR: stepSize must be an integer >= 1, got undefined',
    ],
    [
      () => new MultiStepLR(sgd(), { milestones: [1.5] }),
      'MultiStepLR: each milestone must be an integer, got 1.5',
    ],
    [
      () => new ExponentialLR(sgd(), {} as never),
      'ExponentialLR: gamma must be a finite number, got undefined',
    ],
    [
      () => new CosineAnnealingLR(sgd(), { tMax: 10, lastEpoch: -2 }),
      'CosineAnnealingLR: lastEpoch must be an integer >= -1, got -2',
    ],
    [
      () => new LinearLR(sgd(), { startFactor: 1.5 }),
      'LinearLR: startFactor must be a finite number in [0, 1], got 1.5',
    ],
    [
      () => new LambdaLR(sgd(), { lrLambda: [(e: number) => e] }),
      'LambdaLR: Expected 2 lr_lambdas, but got 1',
    ],
    [
      () => new OneCycleLR(sgd(), { maxLr: 0.1 }),
      'OneCycleLR: You must define either totalSteps OR (epochs AND stepsPerEpoch)',
    ],
    [
      () => new OneCycleLR(sgd(), { maxLr: [0.1], totalSteps: 10 }),
      'OneCycleLR: expected 2 values for maxLr, got 1',
    ],
    [
      () => new OneCycleLR(new Adagrad([new Parameter(zeros([1]))]), { maxLr: 1, totalSteps: 10 }),
      'OneCycleLR: optimizer must support momentum with the cycleMomentum option enabled',
    ],
    [
      () => new ReduceLROnPlateau(sgd(), { factor: 1 }),
      'ReduceLROnPlateau: Factor should be < 1.0, got 1',
    ],
    [
      () => new ReduceLROnPlateau(sgd(), { mode: 'low' as never }),
      "ReduceLROnPlateau: mode must be 'min' or 'max', got 'low'",
    ],
    [
      () => new ReduceLROnPlateau(sgd()).step('0.5' as never),
      "ReduceLROnPlateau.step: metric must be a number or a one-element Tensor, got '0.5'",
    ],
    [
      () => {
        const o = sgd();
        new SequentialLR(o, { schedulers: [new StepLR(sgd(), { stepSize: 1 })], milestones: [] });
      },
      'SequentialLR: Sequential Schedulers expects all schedulers to belong to the same optimizer',
    ],
    [
      () => {
        const o = sgd();
        new SequentialLR(o, { schedulers: [new StepLR(o, { stepSize: 1 })], milestones: [3] });
      },
      'but got number of schedulers 1 and the number of milestones to be equal to 1',
    ],
  ];
  it.each(cases)('%#', (make, message) => {
    expect(make).toThrow(ArgumentError);
    expect(make).toThrow(message);
  });

  it('a failed constructor leaves the optimiser groups as they were', () => {
    const optimizer = sgd();
    expect(() => new OneCycleLR(optimizer, { maxLr: [0.1], totalSteps: 10 })).toThrow();
    expect(optimizer.paramGroups[0]).not.toHaveProperty('initialLr');
    expect(optimizer.paramGroups[0]).toMatchObject({ momentum: 0.9 });
  });

  it('ReduceLROnPlateau takes a one-element tensor as the metric', () => {
    const scheduler = new ReduceLROnPlateau(sgd(), { patience: 0 });
    scheduler.step(tensor(1));
    scheduler.step(tensor([2]));
    expect(scheduler.getLastLr()).toEqual([0.1 * 0.1, 0.05 * 0.1]);
    expect(scheduler.best).toBe(1);
  });

  it('OneCycleLR refuses to step past totalSteps', () => {
    const scheduler = new OneCycleLR(sgd(), { maxLr: 0.1, totalSteps: 2 });
    scheduler.step();
    scheduler.step();
    expect(() => scheduler.step()).toThrow(
      'OneCycleLR.step: Tried to step 4 times. The specified number of total steps is 2',
    );
  });
});
