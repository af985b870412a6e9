// DESIGN.md's usage example and d2l's "Parameter Management" and "Parameter
// Initialization" chapters, step by step, compared with the text PyTorch 1.13 prints for the
// same seeds (fixtures/walkthrough.json, written by fixtures/generate.py).
import * as init from '@x/init';
import { manualSeed, rand, type Tensor, tensor } from '@x/tensor';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { LazyLinear, Linear, Module, Parameter, ReLU, Sequential } from '../src';
import { fixture } from './helpers';

const torch = fixture('walkthrough.json');

const initNormal = (m: Module) => {
  if (m instanceof Linear) {
    init.normal_(m.weight, { mean: 0, std: 0.01 });
    init.zeros_(m.bias!);
  }
};
const initConstant = (m: Module) => {
  if (m instanceof Linear) {
    init.constant_(m.weight, 1);
    init.zeros_(m.bias!);
  }
};
const initXavier = (m: Module) => {
  if (m instanceof Linear) init.xavierUniform_(m.weight);
};
const init42 = (m: Module) => {
  if (m instanceof Linear) init.constant_(m.weight, 42);
};

/** d2l's my_init: U(-10, 10), then zero every weight with |w| < 5; records what it visited. */
function myInit(visited: [string, number[]][]) {
  return (m: Module) => {
    if (!(m instanceof Linear)) return;
    const [name, param] = [...m.namedParameters()][0];
    visited.push([name, [...param.shape]]);
    init.uniform_(m.weight, { a: -10, b: 10 });
    const w = m.weight.data;
    w.mul_(w.abs().ge(5));
  };
}

/** The init steps both chapters run on a Linear–ReLU–Linear net, checked against `expected`. */
function runInitChapter(
  net: Sequential<[Linear | LazyLinear, ReLU, Linear | LazyLinear]>,
  expected: any,
): void {
  const first = () => net.at(0) as Linear;
  const last = () => net.at(2) as Linear;
  net.apply(initNormal);
  expect([String(first().weight.data.get(0)), String(first().bias!.data.get(0))]).toEqual(
    expected.normal,
  );
  net.apply(initConstant);
  expect([String(first().weight.data.get(0)), String(first().bias!.data.get(0))]).toEqual(
    expected.constant,
  );
  net.at(0).apply(initXavier);
  net.at(2).apply(init42);
  expect(String(first().weight.data.get(0))).toBe(expected.xavier);
  expect(String(last().weight.data)).toBe(expected.fortyTwo);
  const visited: [string, number[]][] = [];
  net.apply(myInit(visited));
  expect(visited).toEqual(expected.myInitVisited);
  expect(String(first().weight.get(':2'))).toBe(expected.myInit);
  first().weight.data.add_(1);
  first().weight.data.set([0, 0], 42);
  expect(String(first().weight.data.get(0))).toBe(expected.edited);
}

describe("DESIGN.md's usage example", () => {
  const expected = torch.design;

  it('prints the forward pass, the module and its parameters as PyTorch does', () => {
    manualSeed(0);
    const net = new Sequential(new Linear(4, 8), new ReLU(), new Linear(8, 1));
    const X = rand([2, 4]);
    expect(String(X)).toBe(expected.X);
    expect(String(net.forward(X))).toBe(expected.forward);
    expect(String(net)).toBe(expected.repr);
    expect([...net.at(0).stateDict()].map(([k, v]) => [k, String(v)])).toEqual(expected.stateDict0);
    expect([...net.namedParameters()].map(([n, p]) => [n, p.shape])).toEqual(
      expected.namedParameters,
    );
    expect(String(net.at(2).bias)).toBe(expected.bias2);
    expect(String(net.at(2).bias!.data)).toBe(expected.bias2Data);
    expect(net.at(2).weight.grad).toBeNull();
    expect(expected.gradBefore).toBe(true);

    net.forward(X).sum().backward();
    expect(String(net.at(2).weight.grad)).toBe(expected.gradAfter['2.weight']);
    expect(String(net.at(0).bias!.grad)).toBe(expected.gradAfter['0.bias']);

    runInitChapter(net, expected);
    expect(String(net.forward(X))).toBe(expected.editedForward);
  });

  it('types layers of a Sequential without casts', () => {
    const net = new Sequential(new Linear(4, 8), new ReLU(), new Linear(8, 1));
    expectTypeOf(net.at(0)).toEqualTypeOf<Linear>();
    expectTypeOf(net.at(1)).toEqualTypeOf<ReLU>();
    expectTypeOf(net.at(-1)).toEqualTypeOf<Linear>();
    expectTypeOf(net.at(0).weight).toEqualTypeOf<Parameter>();
    expect(net.at(-1)).toBe(net.at(2));
  });

  it('registers only Parameter fields of a user module (MyModule)', () => {
    class MyModule extends Module {
      weight1 = new Parameter(rand([20, 20]));
      weight2 = rand([20, 20]);
      override forward(x: Tensor) {
        return x.matmul(this.weight1);
      }
    }
    const module = new MyModule();
    expect([...module.namedParameters()].map(([n]) => n)).toEqual(torch.myModule.names);
    expect(String(module)).toBe(torch.myModule.repr);
    expect([...module.stateDict().keys()]).toEqual(['weight1']);
    expect(module.forward(rand([1, 20])).shape).toEqual([1, 20]);
  });

  it('adds up the gradients of a tied parameter: y = w·(w·x), w = 3, x = 1 gives dy/dw = 6', () => {
    const shared = new Linear(1, 1, { bias: false });
    shared.weight.data.fill_(3);
    const net = new Sequential(shared, shared);
    const y = net.forward(tensor([[1]]));
    expect(y.item()).toBe(9);
    y.backward();
    expect(shared.weight.grad!.item()).toBe(6);
    expect([...net.parameters()]).toEqual([shared.weight]);
  });
});

describe('d2l: Parameter Management', () => {
  const expected = torch.manage;

  it('walks the chapter with LazyLinear, nested blocks and tied parameters', () => {
    manualSeed(0);
    const net = new Sequential(new LazyLinear(8), new ReLU(), new LazyLinear(1));
    const X = rand([2, 4]);
    expect(String(net)).toBe(expected.reprLazy);
    expect(net.forward(X).shape).toEqual(expected.outputShape);
    expect(String(net)).toBe(expected.repr);
    expect(net.at(0)).toBeInstanceOf(Linear);
    expect([...net.at(2).stateDict()].map(([k, v]) => [k, String(v)])).toEqual(expected.stateDict2);
    expect(net.at(2).bias).toBeInstanceOf(Parameter);
    expect(expected.biasType).toBe('Parameter');
    expect(String(net.at(2).bias!.data)).toBe(expected.biasData);
    expect(net.at(2).weight.grad).toBeNull();
    expect([...net.namedParameters()].map(([n, p]) => [n, p.shape])).toEqual(
      expected.namedParameters,
    );
    expect(String(net.stateDict().get('2.bias')!.data)).toBe(expected.stateDictBias);

    const block1 = () => new Sequential(new Linear(4, 8), new ReLU(), new Linear(8, 4), new ReLU());
    const block2 = () => {
      const blocks = new Sequential();
      for (let i = 0; i < 4; i++) blocks.addModule(`block ${i}`, block1());
      return blocks;
    };
    const rgnet = new Sequential(block2(), new Linear(4, 1));
    expect(String(rgnet.forward(X))).toBe(expected.rgnetForward);
    expect(String(rgnet)).toBe(expected.rgnetRepr);
    const inner = rgnet.at(0).at(1) as Sequential;
    expect(String((inner.at(0) as Linear).bias!.data)).toBe(expected.rgnetBias);

    const shared = new LazyLinear(8);
    const tied = new Sequential(
      new LazyLinear(8),
      new ReLU(),
      shared,
      new ReLU(),
      shared,
      new ReLU(),
      new LazyLinear(1),
    );
    tied.forward(X);
    expect(String(tied.at(2).weight.data.get(0).eq(tied.at(4).weight.data.get(0)))).toBe(
      expected.tiedEqual,
    );
    tied.at(2).weight.data.set([0, 0], 100);
    expect(String(tied.at(2).weight.data.get(0).eq(tied.at(4).weight.data.get(0)))).toBe(
      expected.tiedEqualAfterEdit,
    );
    expect(tied.at(2).weight).toBe(tied.at(4).weight);
    expect([...tied.namedParameters()].map(([n]) => n)).toEqual(expected.tiedNamedParameters);
    expect([...tied.stateDict().keys()]).toEqual(expected.tiedStateDictKeys);
    const y = tied.forward(X);
    expect(String(y)).toBe(expected.tiedForward);
    y.sum().backward();
    expect(String(tied.at(2).weight.grad)).toBe(expected.tiedGrad);
  });
});

describe('d2l: Parameter Initialization', () => {
  it('applies built-in, per-block and custom initialisers, then edits weights directly', () => {
    manualSeed(1);
    const net = new Sequential(new LazyLinear(8), new ReLU(), new LazyLinear(1));
    const X = rand([2, 4]);
    net.forward(X);
    runInitChapter(net, torch.init);
  });
});
