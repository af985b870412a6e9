// SGD, Adam, AdamW, RMSprop and Adagrad against PyTorch 1.13 (fixtures/optim.json): the parameters after each
// of three steps with fixed gradients, to 1e-6; then groups, state dicts and bad options.
import { ArgumentError, type Tensor, tensor, zeros } from '@x/tensor';
import { describe, expect, it } from 'vitest';
import { Linear, Parameter } from '../src';
import { Adagrad, Adam, AdamW, type Optimizer, RMSprop, SGD } from '../src/optim';
import { decode, type Encoded, expectClose, fixture } from './helpers';

const torch = fixture('optim.json');

/** PyTorch's option names, as the fixture records them, to ours. */
function optionsOf(options: Record<string, unknown>): Record<string, unknown> {
  const renamed: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(options)) {
    renamed[key.replace(/_(\w)/g, (_, c: string) => c.toUpperCase())] = value;
  }
  return renamed;
}

const makers: Record<string, (params: Parameter[], options: any) => Optimizer<object>> = {
  sgd: (p, o) => new SGD(p, o),
  sgdMomentum: (p, o) => new SGD(p, o),
  sgdDampening: (p, o) => new SGD(p, o),
  sgdNesterov: (p, o) => new SGD(p, o),
  sgdMaximize: (p, o) => new SGD(p, o),
  adam: (p, o) => new Adam(p, o),
  adamDecay: (p, o) => new Adam(p, o),
  adamAmsgrad: (p, o) => new Adam(p, o),
  adamMaximize: (p, o) => new Adam(p, o),
  adamw: (p, o) => new AdamW(p, o),
  adamwDecay: (p, o) => new AdamW(p, o),
  rmsprop: (p, o) => new RMSprop(p, o),
  rmspropMomentum: (p, o) => new RMSprop(p, o),
  rmspropCentered: (p, o) => new RMSprop(p, o),
  rmspropMaximize: (p, o) => new RMSprop(p, o),
  adagrad: (p, o) => new Adagrad(p, o),
  adagradDecay: (p, o) => new Adagrad(p, o),
  adagradInitial: (p, o) => new Adagrad(p, o),
};

describe('each step equals PyTorch 1.13 to 1e-6', () => {
  for (const [name, make] of Object.entries(makers)) {
    it(name, () => {
      const expected = torch.configs[name];
      const params = torch.params.map((p: Encoded) => new Parameter(decode(p)));
      const optimizer = make(params, optionsOf(expected.options));
      expected.steps.forEach((after: Encoded[], step: number) => {
        params.forEach((param: Parameter, i: number) => {
          param.grad = decode(torch.grads[step][i]);
        });
        optimizer.step();
        params.forEach((param: Parameter, i: number) => {
          expectClose(param, after[i], { rtol: 1e-6, atol: 1e-6 });
        });
      });
      const keys = Object.keys(optimizer.stateDict().state.get(0) ?? {}).sort();
      expect(keys).toEqual(expected.stateKeys);
    });
  }
});

describe('optimiser mechanics', () => {
  it('skips parameters without a gradient and keeps them as they are', () => {
    const used = new Parameter(tensor([1, 2]));
    const unused = new Parameter(tensor([3]));
    const optimizer = new Adam([used, unused], { lr: 0.1 });
    used.grad = tensor([1, 1]);
    optimizer.step();
    expect(unused.toArraySync()).toEqual(Float32Array.of(3));
    expect(optimizer.state.has(unused)).toBe(false);
  });

  it('takes parameter groups with their own options, filling in the defaults', () => {
    const a = new Parameter(tensor([1]));
    const b = new Parameter(tensor([1]));
    const optimizer = new SGD([{ params: [a] }, { params: [b], lr: 0.5 }], {
      lr: 0.1,
      momentum: 0.9,
    });
    a.grad = tensor([1]);
    b.grad = tensor([1]);
    optimizer.step();
    expect(a.item()).toBeCloseTo(0.9, 6);
    expect(b.item()).toBeCloseTo(0.5, 6);
    expect(optimizer.paramGroups[1]).toMatchObject({ lr: 0.5, momentum: 0.9 });
  });

  it('runs a closure with gradients recorded and returns its loss', () => {
    const layer = new Linear(2, 1);
    const optimizer = new SGD(layer.parameters(), { lr: 0.01 });
    const before = layer.weight.clone();
    const loss = optimizer.step(() => {
      optimizer.zeroGrad();
      const out = layer.forward(tensor([[1, 2]])).sum();
      out.backward();
      return out;
    });
    expect(loss!.shape).toEqual([]);
    expect(layer.weight.sub(before).abs().sum().item()).toBeGreaterThan(0);
  });

  it('zeroGrad sets gradients to null by default, or to zeros', () => {
    const p = new Parameter(tensor([1, 2]));
    const optimizer = new SGD([p], { lr: 0.1 });
    p.grad = tensor([1, 1]);
    optimizer.zeroGrad({ setToNone: false });
    expect(p.grad!.toArraySync()).toEqual(Float32Array.of(0, 0));
    optimizer.zeroGrad();
    expect(p.grad).toBeNull();
  });

  it('saves and restores state, so training resumes exactly', () => {
    const run = (resume: boolean) => {
      const p = new Parameter(tensor([1, -2, 3]));
      let optimizer = new Adam([p], { lr: 0.05, amsgrad: true });
      for (let step = 0; step < 4; step++) {
        if (resume && step === 2) {
          const saved = optimizer.stateDict();
          optimizer = new Adam([p], { lr: 0.9 });
          optimizer.loadStateDict(saved);
        }
        p.grad = tensor([0.5, step, -1]);
        optimizer.step();
      }
      return p.toArraySync();
    };
    expect(run(true)).toEqual(run(false));
  });

  it('stateDict refers to parameters by index, PyTorch style', () => {
    const [a, b] = [new Parameter(zeros([2])), new Parameter(zeros([3]))];
    const optimizer = new SGD([{ params: [a] }, { params: [b] }], { lr: 0.1, momentum: 0.9 });
    b.grad = zeros([3]);
    optimizer.step();
    const saved = optimizer.stateDict();
    expect(saved.paramGroups.map((g) => g.params)).toEqual([[0], [1]]);
    expect([...saved.state.keys()]).toEqual([1]);
    expect(Object.keys(saved.state.get(1)!)).toEqual(['momentum_buffer']);
  });

  it('rejects a state dict that does not fit, changing nothing', () => {
    const p = new Parameter(zeros([2]));
    const optimizer = new Adam([p]);
    const other = new Adam([new Parameter(zeros([3]))]);
    other.paramGroups[0].params[0].grad = zeros([3]);
    other.step();
    expect(() => optimizer.loadStateDict(other.stateDict())).toThrow(
      "Adam.loadStateDict: state 'exp_avg' of parameter 0 has shape [3], the parameter has [2]",
    );
    expect(optimizer.state.size).toBe(0);
    const twoGroups = new Adam([
      { params: [new Parameter(zeros([2]))] },
      { params: [new Parameter(zeros([2]))] },
    ]);
    expect(() => optimizer.loadStateDict(twoGroups.stateDict())).toThrow(
      'different number of parameter groups',
    );
  });

  it('rejects bad options and parameters with PyTorch messages', () => {
    const p = [new Parameter(zeros([1]))];
    expect(() => new SGD(p, { lr: -1 })).toThrow(
      new ArgumentError('SGD: Invalid learning rate: -1 (lr must be >= 0)'),
    );
    expect(() => new SGD(p, { lr: 0.1, momentum: -0.5 })).toThrow('Invalid momentum value: -0.5');
    expect(() => new SGD(p, { lr: 0.1, nesterov: true })).toThrow(
      'Nesterov momentum requires a momentum and zero dampening',
    );
    expect(() => new Adam(p, { betas: [1, 0.999] })).toThrow(
      'Adam: Invalid beta parameter at index 0: 1',
    );
    expect(() => new AdamW(p, { eps: -1 })).toThrow('AdamW: Invalid epsilon value: -1');
    expect(() => new Adam([], {})).toThrow('optimizer got an empty parameter list');
    expect(() => new SGD(p[0] as never, { lr: 0.1 })).toThrow('got a single Tensor');
    expect(() => new SGD([p[0].mul(2)], { lr: 0.1 })).toThrow("can't optimize a non-leaf Tensor");
    expect(() => new SGD([{ params: p }, { params: p }], { lr: 0.1 })).toThrow(
      'some parameters appear in more than one parameter group',
    );
    expect(() => new RMSprop(p, { alpha: -0.1 })).toThrow(
      new ArgumentError('RMSprop: Invalid alpha value: -0.1 (alpha must be >= 0)'),
    );
    expect(() => new RMSprop(p, { momentum: Number.NaN })).toThrow(
      'RMSprop: Invalid momentum value: NaN',
    );
    expect(() => new Adagrad(p, { lrDecay: -1 })).toThrow('Adagrad: Invalid lr_decay value: -1');
    expect(() => new Adagrad(p, { initialAccumulatorValue: -1 })).toThrow(
      'Adagrad: Invalid initial_accumulator_value value: -1 (initialAccumulatorValue must be >= 0)',
    );
  });

  it('Adagrad holds every parameter state from construction, as PyTorch does', () => {
    const [a, b] = [new Parameter(zeros([2])), new Parameter(zeros([1]))];
    const optimizer = new Adagrad([a], { initialAccumulatorValue: 0.5 });
    optimizer.addParamGroup({ params: [b], initialAccumulatorValue: 2 });
    const { state } = optimizer.stateDict();
    expect(state.get(0)!.step).toBe(0);
    expect((state.get(0)!.sum as Tensor).toArraySync()).toEqual(Float32Array.of(0.5, 0.5));
    expect((state.get(1)!.sum as Tensor).toArraySync()).toEqual(Float32Array.of(2));
  });

  it('RMSprop and Adagrad resume exactly from a state dict', () => {
    for (const make of [
      (p: Parameter) => new RMSprop([p], { lr: 0.05, momentum: 0.9, centered: true }),
      (p: Parameter) => new Adagrad([p], { lr: 0.05, lrDecay: 0.1 }),
    ]) {
      const run = (resume: boolean) => {
        const p = new Parameter(tensor([1, -2, 3]));
        let optimizer = make(p);
        for (let step = 0; step < 4; step++) {
          if (resume && step === 2) {
            const saved = optimizer.stateDict();
            optimizer = make(p);
            optimizer.loadStateDict(saved as never);
          }
          p.grad = tensor([0.5, step, -1]);
          optimizer.step();
        }
        return p.toArraySync();
      };
      expect(run(true)).toEqual(run(false));
    }
  });
});
