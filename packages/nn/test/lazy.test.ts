// Lazy modules before their first forward(): loadStateDict materialises them from the saved
// shapes (PyTorch's LazyModuleMixin._lazy_load_hook), to(backend) is remembered.
import { cpu, manualSeed, rand, tensor, toBackendAsync } from '@x/tensor';
import { describe, expect, it } from 'vitest';
import {
  LazyLinear,
  Linear,
  ReLU,
  Sequential,
  StateDictError,
  UninitializedParameterError,
} from '../src';
import { asyncOnlyBackend } from './helpers';

function lazyNet() {
  return new Sequential(new LazyLinear(256), new ReLU(), new LazyLinear(10));
}

describe('LazyLinear.loadStateDict before the first forward', () => {
  it('takes inFeatures from the saved weights and then computes what the saved net computes', () => {
    manualSeed(0);
    const trained = lazyNet();
    const x = rand([4, 20]);
    const expected = trained.forward(x).toArraySync();
    const fresh = lazyNet();
    const result = fresh.loadStateDict(trained.stateDict());
    expect(result).toEqual({ missingKeys: [], unexpectedKeys: [] });
    expect(fresh[0]).toBeInstanceOf(Linear);
    expect(String(fresh[0])).toBe('Linear(in_features=20, out_features=256, bias=True)');
    expect(String(fresh[2])).toBe('Linear(in_features=256, out_features=10, bias=True)');
    expect([...fresh.stateDict().keys()]).toEqual([...trained.stateDict().keys()]);
    expect(fresh.forward(x).toArraySync()).toEqual(expected);
  });

  it('loads given values into a module without bias, and reports a saved bias as unexpected', () => {
    const lazy = new LazyLinear(1, { bias: false });
    const weight = tensor([[1, 2, 3]]);
    expect(() => lazy.loadStateDict({ weight, bias: tensor([5]) })).toThrow(
      'Unexpected key(s) in state_dict: "bias"',
    );
    expect(lazy).not.toBeInstanceOf(Linear);
    lazy.loadStateDict({ weight });
    expect((lazy as unknown as Linear<false>).bias).toBeNull();
    // [1, 1, 1]·[1, 2, 3] = 6
    expect([...lazy.forward(tensor([[1, 1, 1]])).toArraySync()]).toEqual([6]);
  });

  it('reports missing keys and stays lazy when the state dict has no weight', () => {
    const net = lazyNet();
    expect(() => net.loadStateDict({})).toThrow(
      new StateDictError(
        'Error(s) in loading state_dict for Sequential:\n\tMissing key(s) in state_dict: "0.weight", "0.bias", "2.weight", "2.bias". ',
      ),
    );
    expect(net.loadStateDict({}, { strict: false }).missingKeys).toEqual([
      '0.weight',
      '0.bias',
      '2.weight',
      '2.bias',
    ]);
    expect(net[0]).toBeInstanceOf(LazyLinear);
    expect(() => net.stateDict()).toThrow(UninitializedParameterError);
  });

  it('changes nothing when another key fails: a wrongly shaped weight leaves both layers lazy', () => {
    const trained = lazyNet();
    trained.forward(rand([2, 3]));
    const state = trained.stateDict();
    state.set('2.weight', rand([7, 256]));
    const fresh = lazyNet();
    expect(() => fresh.loadStateDict(state)).toThrow(
      'size mismatch for 2.weight: copying a param with shape [7, 256] from checkpoint, the shape in current model is [10, 256].',
    );
    expect(fresh[0]).toBeInstanceOf(LazyLinear);
    expect(fresh[2]).toBeInstanceOf(LazyLinear);
  });

  it('loads a module that appears twice (tied) once, keeping the tie', () => {
    const shared = new LazyLinear(3);
    const trained = new Sequential(new LazyLinear(3), shared, shared);
    trained.forward(rand([2, 3]));
    const sharedAgain = new LazyLinear(3);
    const fresh = new Sequential(new LazyLinear(3), sharedAgain, sharedAgain);
    fresh.loadStateDict(trained.stateDict());
    expect(fresh[1]).toBe(fresh[2]);
    const x = rand([2, 3]);
    expect(fresh.forward(x).toArraySync()).toEqual(trained.forward(x).toArraySync());
  });
});

describe('LazyLinear.to(backend) before the first forward', () => {
  it('creates the parameters on that backend, however the input was placed', async () => {
    const backend = asyncOnlyBackend();
    const net = lazyNet().to(backend);
    expect(net[0]).toBeInstanceOf(LazyLinear);
    net.forward(rand([2, 3]).to(backend));
    for (const [name, param] of net.namedParameters()) expect(param.device, name).toBe('async-cpu');
    expect((await toBackendAsync(net[2].weight as never, cpu)).shape).toEqual([10, 256]);
  });

  it('puts parameters loaded afterwards on that backend too', () => {
    const backend = asyncOnlyBackend();
    const trained = lazyNet();
    trained.forward(rand([2, 3]));
    const fresh = lazyNet().to(backend);
    fresh.loadStateDict(trained.stateDict());
    for (const [name, param] of fresh.namedParameters())
      expect(param.device, name).toBe('async-cpu');
  });
});
