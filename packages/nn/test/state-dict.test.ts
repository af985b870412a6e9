// stateDict() and loadStateDict(): PyTorch's keys, order and messages; all or nothing.
import { DisposedError, tensor, zeros } from '@x/tensor';
import { describe, expect, it } from 'vitest';
import {
  BatchNorm1d,
  LazyLinear,
  Linear,
  Module,
  Parameter,
  ReLU,
  Sequential,
  StateDictError,
  UninitializedParameterError,
} from '../src';
import { decode, type Encoded, expectClose, fixture } from './helpers';

const model = () =>
  new Sequential(new Linear(3, 2), new BatchNorm1d(2), new ReLU(), new Linear(2, 1));
const snapshot = (net: ReturnType<typeof model>) =>
  [...net.stateDict()].map(([k, v]) => [k, [...v.toArraySync()]]);

describe('stateDict', () => {
  it("lists parameters then persistent buffers, module by module, in PyTorch's order", () => {
    expect([...model().stateDict().keys()]).toEqual([
      '0.weight',
      '0.bias',
      '1.weight',
      '1.bias',
      '1.running_mean',
      '1.running_var',
      '1.num_batches_tracked',
      '3.weight',
      '3.bias',
    ]);
  });

  it('holds detached views of the parameters (keepVars gives the parameters)', () => {
    const net = model();
    const weight = net.stateDict().get('0.weight')!;
    expect(weight.requiresGrad).toBe(false);
    weight.set([0, 0], 7);
    expect(net.at(0).weight.get(0, 0).item()).toBe(7);
    expect(net.stateDict({ keepVars: true }).get('0.weight')).toBe(net.at(0).weight);
    expect([...net.stateDict({ prefix: 'm.' }).keys()][0]).toBe('m.0.weight');
  });
});

describe('loadStateDict', () => {
  it('copies every value in and reports no incompatible keys', () => {
    const source = model();
    const target = model();
    expect(target.loadStateDict(source.stateDict())).toEqual({
      missingKeys: [],
      unexpectedKeys: [],
    });
    expect(snapshot(target)).toEqual(snapshot(source));
    expect(target.at(0).weight.requiresGrad).toBe(true);
  });

  it('accepts a plain object and bumps the version of what it writes', () => {
    const target = new Linear(1, 1);
    const version = target.weight.version;
    target.loadStateDict({ weight: tensor([[2]]), bias: tensor([3]) });
    expect(target.weight.item()).toBe(2);
    expect(target.weight.version).toBeGreaterThan(version);
  });

  it('rejects missing and unexpected keys with PyTorch message and changes nothing', () => {
    const target = model();
    const before = snapshot(target);
    const state = model().stateDict();
    state.delete('0.bias');
    state.delete('1.running_var');
    state.set('3.extra', zeros([1]));
    state.set('head.weight', zeros([1]));
    let error: unknown;
    try {
      target.loadStateDict(state);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(StateDictError);
    expect((error as Error).message).toBe(
      'Error(s) in loading state_dict for Sequential:\n' +
        '\tMissing key(s) in state_dict: "0.bias", "1.running_var". \n' +
        '\tUnexpected key(s) in state_dict: "head.weight", "3.extra". ',
    );
    expect(snapshot(target)).toEqual(before);
  });

  it('reports missing and unexpected keys without error when strict is false', () => {
    const target = model();
    const state = model().stateDict();
    state.delete('3.bias');
    state.set('extra', zeros([1]));
    expect(target.loadStateDict(state, { strict: false })).toEqual({
      missingKeys: ['3.bias'],
      unexpectedKeys: ['extra'],
    });
    expect(snapshot(target).find(([k]) => k === '0.weight')).toEqual(
      [...state].map(([k, v]) => [k, [...v.toArraySync()]]).find(([k]) => k === '0.weight'),
    );
  });

  it('rejects a mis-shaped entry even when not strict, and changes nothing', () => {
    const target = model();
    const before = snapshot(target);
    const state = model().stateDict();
    state.set('3.weight', zeros([2, 2]));
    for (const strict of [true, false]) {
      expect(() => target.loadStateDict(state, { strict })).toThrow(
        'Error(s) in loading state_dict for Sequential:\n\tsize mismatch for 3.weight: copying a param with shape ' +
          '[2, 2] from checkpoint, the shape in current model is [1, 2].',
      );
      expect(snapshot(target)).toEqual(before);
    }
  });

  it('rejects a value that is not a tensor', () => {
    const target = new Linear(1, 1);
    expect(() => target.loadStateDict({ weight: [[1]] as never, bias: tensor([0]) })).toThrow(
      'While copying the parameter named "weight", expected a Tensor from checkpoint but received [[1]]',
    );
  });

  it('saves no LazyLinear before its first forward, naming the fix', () => {
    const lazy = new LazyLinear(2);
    expect(() => lazy.stateDict()).toThrow(UninitializedParameterError);
    expect(() => lazy.stateDict()).toThrow('call forward() with a batch first');
  });
});

describe('loadStateDict with disposed tensors', () => {
  it('a disposed last source throws DisposedError naming loadStateDict and the key, before any copy', () => {
    const target = model();
    const before = snapshot(target);
    const state = model().stateDict();
    const keys = [...state.keys()];
    state.get(keys[keys.length - 1])!.dispose();
    expect(() => target.loadStateDict(state)).toThrow(
      new DisposedError(
        `loadStateDict: the state dict's tensor "${keys[keys.length - 1]}" was disposed`,
      ),
    );
    expect(snapshot(target)).toEqual(before);
  });

  it('a disposed target throws DisposedError naming the key, before any copy', () => {
    const target = model();
    const state = model().stateDict();
    (target.at(3) as Linear).bias!.dispose();
    const first = target.at(0).weight.toArraySync();
    expect(() => target.loadStateDict(state)).toThrow(
      `loadStateDict: the module's tensor "3.bias" was disposed`,
    );
    expect(target.at(0).weight.toArraySync()).toEqual(first);
  });
});

describe("PyTorch's load_state_dict compatibility rules (fixtures from PyTorch 1.13)", () => {
  const compat = fixture('state-dict-compat.json');

  it('a missing BatchNorm num_batches_tracked loads as 0', () => {
    const bn = new BatchNorm1d(3);
    bn.num_batches_tracked!.fill_(compat.batchNorm.before);
    const source = new Map(
      Object.entries<Encoded>(compat.batchNorm.source).map(([k, v]) => [k, decode(v)]),
    );
    expect(bn.loadStateDict(source)).toEqual({
      missingKeys: compat.batchNorm.missingKeys,
      unexpectedKeys: compat.batchNorm.unexpectedKeys,
    });
    for (const [name, expected] of Object.entries<Encoded>(compat.batchNorm.after))
      expectClose(bn.stateDict().get(name)!, expected, { rtol: 0, atol: 0 });
  });

  it('a BatchNorm without running stats still reports nothing missing', () => {
    const bn = new BatchNorm1d(2, { trackRunningStats: false });
    expect(bn.loadStateDict({ weight: tensor([1, 2]), bias: tensor([3, 4]) })).toEqual({
      missingKeys: [],
      unexpectedKeys: [],
    });
  });

  class Scalars extends Module {
    p = new Parameter(tensor(1));
    constructor() {
      super();
      this.registerBuffer('b', tensor(2));
    }
  }

  it('a 0-d parameter or buffer takes element 0 of a 1-d source; [1, 1] is a size mismatch', () => {
    for (const { p, b, after, error } of compat.scalarFromVector) {
      const m = new Scalars();
      const load = () => m.loadStateDict({ p: decode(p), b: decode(b) });
      if (error !== undefined) {
        expect(load).toThrow(
          new StateDictError(
            error.replace('torch.Size([1, 1])', '[1, 1]').replace('torch.Size([])', '[]'),
          ),
        );
        continue;
      }
      load();
      expectClose(m.p, after.p, { rtol: 0, atol: 0 });
      expectClose(m.stateDict().get('b')!, after.b, { rtol: 0, atol: 0 });
    }
  });

  it('a 0-d target from an empty 1-d source is a size mismatch (PyTorch raises IndexError)', () => {
    expect(() => new Scalars().loadStateDict({ p: zeros([0]), b: tensor(1) })).toThrow(
      'size mismatch for p: copying a param with shape',
    );
  });
});
