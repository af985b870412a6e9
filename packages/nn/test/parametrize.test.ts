import {
  ArgumentError,
  DTypeError,
  IndexError,
  manualSeed,
  ShapeError,
  type Tensor,
  tensor,
} from '@x/tensor';
import { describe, expect, test } from 'vitest';
import {
  BatchNorm1d,
  Conv2d,
  cached,
  isParametrized,
  Linear,
  load,
  Module,
  type ParametrizationList,
  registerParametrization,
  removeParametrizations,
  removeWeightNorm,
  save,
  spectralNorm,
  typeBeforeParametrizations,
  weightNorm,
} from '../src';
import { decode, type Encoded, expectClose, fixture } from './helpers';

// PyTorch 1.13's values, written by fixtures/generate_parametrize.py.
const torch = fixture('parametrize.json');

class Double extends Module {
  override forward(X: Tensor) {
    return X.mul(2);
  }
  rightInverse(Y: Tensor) {
    return Y.div(2);
  }
}

class Split extends Module {
  override forward(A: Tensor, B: Tensor) {
    return A.add(B);
  }
  rightInverse(X: Tensor) {
    return [X.mul(0.25), X.mul(0.75)];
  }
}

class AddOne extends Module {
  override forward(X: Tensor) {
    return X.add(1);
  }
}

const names = (pairs: Iterable<[string, unknown]>) => [...pairs].map(([name]) => name);

function listing(module: Module) {
  return {
    parameters: names(module.namedParameters()),
    buffers: names(module.namedBuffers()),
    stateDict: [...module.stateDict().keys()],
    repr: String(module),
  };
}

function expectGrads(module: Module, expected: Record<string, Encoded>, atol = 1e-5) {
  expect(names(module.namedParameters())).toEqual(Object.keys(expected));
  for (const [name, param] of module.namedParameters()) {
    expectClose(param.grad as Tensor, expected[name], { rtol: 1e-5, atol });
  }
}

function expectState(module: Module, expected: Record<string, Encoded>, atol = 1e-6) {
  const state = module.stateDict();
  expect([...state.keys()]).toEqual(Object.keys(expected));
  for (const [key, value] of state) expectClose(value, expected[key], { rtol: 1e-5, atol });
}

/** A module holding the fixture's initial state. */
function loaded<M extends Module>(module: M, initial: Record<string, Encoded>): M {
  module.loadStateDict(
    new Map(Object.entries(initial).map(([key, value]) => [key, decode(value)])),
  );
  return module;
}

describe('registerParametrization against PyTorch', () => {
  const reference = torch.custom;

  test('names, repr, value, gradients, assignment through rightInverse, stacking and removal', () => {
    const layer = loaded(new Linear(3, 2), reference.initial);
    const weight = layer.weight;
    registerParametrization(layer, 'weight', new Double());
    expect(listing(layer)).toEqual(reference.registered);
    const list = (layer as any).parametrizations.get('weight') as ParametrizationList;
    expect(list.originals()[0]).toBe(weight); // the same Parameter: an optimiser needs no update
    expectClose(list.originals()[0], reference.original);
    expectClose(layer.weight, reference.weight);
    expect(layer).toBeInstanceOf(Linear);
    expect(layer.constructor.name).toBe('ParametrizedLinear');
    expect(typeBeforeParametrizations(layer)).toBe(Linear);
    expect([
      isParametrized(layer),
      isParametrized(layer, 'weight'),
      isParametrized(layer, 'bias'),
    ]).toEqual(reference.isParametrized);
    const input = decode(reference.input);
    layer.forward(input).square().sum().backward();
    expectGrads(layer, reference.grads);

    layer.weight = tensor([4, 4, 4, 4, 4, 4], { shape: [2, 3] }) as never;
    expectClose(list.originals()[0], reference.assignedOriginal);
    expect(list.originals()[0]).toBe(weight);

    registerParametrization(layer, 'weight', new AddOne());
    expect(listing(layer)).toEqual(reference.stacked);
    expectClose(layer.weight, reference.stackedWeight);

    removeParametrizations(layer, 'weight');
    expect(listing(layer)).toEqual(reference.removed);
    expectClose(layer.weight, reference.removedWeight);
    expect(layer.weight).toBe(weight);
    expect(isParametrized(layer)).toBe(false);
    expect(layer.constructor).toBe(Linear);
    expect(typeBeforeParametrizations(layer)).toBe(Linear);
  });

  test('a rightInverse returning several tensors gives original0, original1, ...', () => {
    const layer = loaded(new Linear(3, 2), reference.splitInitial);
    registerParametrization(layer, 'weight', new Split());
    expect(listing(layer)).toEqual(reference.split);
    const list = (layer as any).parametrizations.get('weight') as ParametrizationList;
    list.originals().forEach((original, i) => {
      expectClose(original, reference.splitOriginals[i]);
    });
    layer.forward(decode(reference.input)).sum().backward();
    expectGrads(layer, reference.splitGrads);
    removeParametrizations(layer, 'weight');
    expect(listing(layer)).toEqual(reference.splitRemoved);
    expectClose(layer.weight, reference.splitRemovedWeight);
  });

  test('leaveParametrized: false restores the original; a buffer can be parametrized', () => {
    const layer = new Linear(3, 2);
    registerParametrization(layer, 'weight', new Double());
    ((layer as any).parametrizations.get('weight').originals()[0] as Tensor).data.fill_(3);
    removeParametrizations(layer, 'weight', false);
    expectClose(layer.weight, reference.unparametrizedWeight);

    const norm = new BatchNorm1d(3);
    registerParametrization(norm, 'running_var', new Double());
    expect(listing(norm)).toEqual(reference.buffer);
    expectClose(norm.running_var as Tensor, reference.bufferValue);
  });
});

describe('weightNorm (torch.nn.utils.weight_norm of PyTorch 1.13) against PyTorch', () => {
  const cases: [string, () => Module][] = [
    ['linear', () => new Linear(4, 3)],
    ['linearDim1', () => new Linear(4, 3)],
    ['linearWhole', () => new Linear(4, 3)],
    ['conv', () => new Conv2d(2, 3, 3)],
  ];
  const dims: Record<string, number | null | undefined> = {
    linear: undefined,
    linearDim1: 1,
    linearWhole: null,
    conv: 0,
  };
  for (const [key, make] of cases) {
    test(`${key}: names, g and v, the weight, gradients, and removal`, () => {
      const reference = torch.weightNorm[key];
      const module = loaded(make(), reference.initial);
      weightNorm(module, 'weight', dims[key]);
      expect(listing(module)).toEqual(reference.registered);
      expectState(module, reference.state);
      expectClose((module as any).weight, reference.weight);
      module.forward(decode(reference.input)).square().sum().backward();
      expectGrads(module, reference.grads);
      const v = (module as any).weight_v as Tensor;
      v.data.mul_(linspaceLike(v));
      removeWeightNorm(module);
      expect(listing(module)).toEqual(reference.removed);
      expectClose((module as any).weight, reference.removedWeight);
    });
  }

  test('the weight is recomputed before each forward; misuse is refused by name', () => {
    const layer = weightNorm(new Linear(2, 2));
    (layer as any).weight_g.data.fill_(0);
    expect(
      layer
        .forward(tensor([[1, 1]]))
        .sub(layer.bias as Tensor)
        .abs()
        .sum()
        .item(),
    ).toBe(0);
    expect(() => weightNorm(layer)).toThrow(/Cannot register two weight_norm hooks/);
    expect(() => weightNorm(new Linear(2, 2), 'nothing')).toThrow(ArgumentError);
    expect(() => weightNorm(new Linear(2, 2), 'weight', 5)).toThrow(/out of range/);
    expect(() => removeWeightNorm(new Linear(2, 2))).toThrow(/weight_norm of 'weight' not found/);
  });
});

/** torch.linspace(0.5, 1.5, n) shaped like `t`, as generate_parametrize.py scales weight_v. */
function linspaceLike(t: Tensor): Tensor {
  const n = t.numel();
  const values = Array.from({ length: n }, (_, i) => (n === 1 ? 0.5 : 0.5 + (i * 1) / (n - 1)));
  return tensor(values, { shape: t.shape });
}

describe('spectralNorm (torch.nn.utils.parametrizations.spectral_norm) against PyTorch', () => {
  const cases: [string, number, () => Module, Parameters<typeof spectralNorm>[1], object][] = [
    ['linear', 0, () => new Linear(5, 4), 'weight', {}],
    ['wide', 1, () => new Linear(20, 16), 'weight', { nPowerIterations: 2 }],
    ['dim1', 2, () => new Linear(6, 4), 'weight', { dim: 1, eps: 1e-6 }],
    ['conv', 3, () => new Conv2d(2, 3, 3), 'weight', {}],
    ['bias', 4, () => new Linear(3, 4), 'bias', {}],
  ];
  for (const [key, seed, make, name, options] of cases) {
    test(`${key}: the seeded u and v, names, output, gradients, training and eval`, () => {
      const reference = torch.spectralNorm[key];
      manualSeed(seed);
      const module = make();
      expectState(module, reference.initial); // the generator is where PyTorch's was
      spectralNorm(module, name, options);
      expect(listing(module)).toEqual(reference.registered);
      expectState(module, reference.state);
      const output = module.forward(decode(reference.input));
      expectClose(output, reference.output, { rtol: 1e-5, atol: 1e-5 });
      output.square().sum().backward();
      expectGrads(module, reference.grads);
      expectState(module, reference.stateAfterForward);
      module.eval();
      expectClose((module as any)[name as string], reference.evalWeight, {
        rtol: 1e-5,
        atol: 1e-6,
      });
      expectClose((module as any)[name as string], reference.evalWeightAgain, {
        rtol: 1e-5,
        atol: 1e-6,
      });
      expectState(module, reference.stateAfterEval);
    });
  }

  test("PyTorch's state dict loads into a spectral-normed module, and through safetensors", () => {
    const reference = torch.spectralNorm.linear;
    const module = loaded(spectralNorm(new Linear(5, 4)).eval(), reference.stateAfterEval);
    expectClose((module as Linear).weight, reference.evalWeight, { rtol: 1e-5, atol: 1e-6 });
    const copy = spectralNorm(new Linear(5, 4)).eval();
    expect(copy.loadStateDict(load(save(module.stateDict())))).toEqual({
      missingKeys: [],
      unexpectedKeys: [],
    });
    expectClose(copy.weight, reference.evalWeight, { rtol: 1e-5, atol: 1e-6 });
  });

  test('bad arguments are refused by name and leave the module as it was', () => {
    const layer = new Linear(3, 2);
    expect(() => spectralNorm(layer, 'weight', 0)).toThrow(/nPowerIterations/);
    expect(() => spectralNorm(layer, 'weight', 1, 1e-12, 2)).toThrow(IndexError);
    expect(() => spectralNorm(layer, 'missing')).toThrow(
      /has no parameter or buffer with name 'missing'/,
    );
    expect(names(layer.namedParameters())).toEqual(['weight', 'bias']);
    expect(isParametrized(layer)).toBe(false);
  });
});

describe('registerParametrization checks', () => {
  class Transpose extends Module {
    override forward(X: Tensor) {
      return X.t();
    }
  }
  class ToInt extends Module {
    override forward(X: Tensor) {
      return X.int();
    }
  }

  test('a parametrization that changes the shape or dtype is refused unless unsafe; nothing changes', () => {
    const layer = new Linear(3, 2);
    expect(() => registerParametrization(layer, 'weight', new Transpose())).toThrow(ShapeError);
    expect(() => registerParametrization(layer, 'weight', new ToInt())).toThrow(DTypeError);
    expect(names(layer.namedParameters())).toEqual(['weight', 'bias']);
    expect(isParametrized(layer)).toBe(false);
    registerParametrization(layer, 'weight', new Transpose(), { unsafe: true });
    expect(layer.weight.shape).toEqual([3, 2]);
  });

  test('a failed registration leaves the original its values, even after rightInverse ran', () => {
    class HalveThenTranspose extends Module {
      override forward(X: Tensor) {
        return X.t();
      }
      rightInverse(Y: Tensor) {
        return Y.div(2);
      }
    }
    const layer = new Linear(3, 2);
    const weight = layer.weight;
    const before = [...weight.toArraySync()];
    expect(() => registerParametrization(layer, 'weight', new HalveThenTranspose())).toThrow(
      ShapeError,
    );
    expect(layer.weight).toBe(weight);
    expect([...weight.toArraySync()]).toEqual(before);
    expect(names(layer.namedParameters())).toEqual(['weight', 'bias']);
  });

  test('unknown names, non-modules and removing what is not there are refused', () => {
    const layer = new Linear(3, 2);
    expect(() => registerParametrization(layer, 'nothing', new Double())).toThrow(
      /does not have a parameter, a buffer, or a parametrized element with name 'nothing'/,
    );
    expect(() => registerParametrization(layer, 'weight', ((x: Tensor) => x) as never)).toThrow(
      /parametrization must be a Module/,
    );
    expect(() => removeParametrizations(layer, 'weight')).toThrow(
      /does not have a parametrization on 'weight'/,
    );
    registerParametrization(layer, 'weight', new AddOne());
    expect(() => {
      layer.weight = tensor([1, 2, 3, 4, 5, 6], { shape: [2, 3] }) as never;
    }).toThrow(/AddOne does not implement rightInverse/);
  });

  test('cached() computes each parametrized tensor once inside, and afresh after', () => {
    let calls = 0;
    class Counting extends Module {
      override forward(X: Tensor) {
        calls++;
        return X.mul(1);
      }
    }
    const layer = new Linear(3, 2);
    registerParametrization(layer, 'weight', new Counting(), { unsafe: true });
    cached(() => {
      const first = layer.weight;
      expect(layer.weight).toBe(first);
    });
    expect(calls).toBe(1);
    void layer.weight;
    expect(calls).toBe(2);
  });
});
