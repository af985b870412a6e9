import { ArgumentError, keep, ShapeError, type Tensor, Tensor as TensorClass } from '@x/tensor';
import { describe, expect, test } from 'vitest';
import { BatchNorm1d, LazyLinear, Linear, Module, ReLU, Sequential } from '../src';
import { decode, decodeState, type Encoded, expectClose, fixture } from './helpers';

// PyTorch 1.13's hook calls and results, written by fixtures/generate_hooks.py.
const torch = fixture('hooks.json');

type Logged = Record<string, unknown> & { hook: string; module: string };

/**
 * A copy of what a hook saw: the gradients of a backward pass are the engine's, freed when
 * the pass ends, so a hook that keeps one must copy it.
 */
const snapshot = (values: readonly unknown[]): (Tensor | null)[] =>
  values.map((value) => (value instanceof TensorClass ? keep(value.clone()) : null));

function expectSameTensors(actual: readonly (Tensor | null)[], expected: (Encoded | null)[]) {
  expect(actual.length).toBe(expected.length);
  actual.forEach((tensor, i) => {
    const want = expected[i];
    if (want === null) expect(tensor).toBeNull();
    else expectClose(tensor as Tensor, want);
  });
}

/** The same hooks generate_hooks.py registers, logging what each one sees. */
function runMlp(reference: any) {
  const net = new Sequential(new Linear(3, 4), new ReLU(), new Linear(4, 2));
  net.loadStateDict(decodeState(reference.state));
  const input = decode(reference.input);
  if (reference.inputGrad !== null) input.requiresGrad_();
  const events: { hook: string; module: string; tensors: (Tensor | null)[][] }[] = [];
  const modules: [string, Module][] = [
    ['net', net],
    ['0', net.at(0)],
    ['1', net.at(1)],
    ['2', net.at(2)],
  ];
  for (const [name, module] of modules) {
    module.registerForwardPreHook((_module, inputs) => {
      events.push({ hook: 'pre', module: name, tensors: [inputs] });
      return name === '0' ? inputs[0].mul(2) : undefined;
    });
    module.registerForwardHook((_module, _inputs, output) => {
      events.push({ hook: 'forward', module: name, tensors: [[output]] });
      return name === '1' ? output.add(1) : undefined;
    });
    module.registerFullBackwardHook((_module, gradInput, gradOutput) => {
      events.push({
        hook: 'backward',
        module: name,
        tensors: [snapshot(gradInput), snapshot(gradOutput)],
      });
      return name === '1' ? gradInput.map((g) => g?.mul(3) ?? null) : undefined;
    });
  }
  net.at(2).weight.registerHook((g) => g.mul(0.5));
  const output = net.forward(input);
  output.square().sum().backward();
  return { net, input, output, events };
}

describe('module hooks against PyTorch', () => {
  for (const key of ['mlp', 'mlpInputGrad']) {
    test(`${key}: call order, what each hook sees, and the values they replace`, () => {
      const reference = torch[key];
      const { net, input, output, events } = runMlp(reference);
      expect(events.map((e) => `${e.hook} ${e.module}`)).toEqual(
        reference.events.map((e: Logged) => `${e.hook} ${e.module}`),
      );
      events.forEach((event, i) => {
        const want = reference.events[i];
        if (event.hook === 'pre') expectSameTensors(event.tensors[0], want.inputs);
        if (event.hook === 'forward') expectSameTensors(event.tensors[0], [want.output]);
        if (event.hook === 'backward') {
          expectSameTensors(event.tensors[0], want.gradInput);
          expectSameTensors(event.tensors[1], want.gradOutput);
        }
      });
      expectClose(output, reference.output);
      for (const [name, param] of net.namedParameters()) {
        expectClose(param.grad as Tensor, reference.grads[name]);
      }
      if (reference.inputGrad !== null) expectClose(input.grad as Tensor, reference.inputGrad);
    });
  }

  test('several inputs and outputs: numbers get null, unused tensor inputs zeros, unused outputs null', () => {
    class Mixed extends Module {
      override forward(a: Tensor, _b: Tensor, c: Tensor, scale: number): Tensor[] {
        return [a.mul(c).mul(scale), c.mul(2)];
      }
    }
    const reference = torch.mixed;
    const [a, b] = [decode(reference.a).requiresGrad_(), decode(reference.b).requiresGrad_()];
    const c = decode(reference.c);
    const module = new Mixed();
    const seen: (Tensor | null)[][][] = [];
    const handle = module.registerFullBackwardHook((_m, gradInput, gradOutput) => {
      seen.push([snapshot(gradInput), snapshot(gradOutput)]);
    });
    module.forward(a, b, c, 3)[0].sum().backward();
    handle.remove();
    module.forward(a, b, c, 3)[0].sum().backward();
    expect(seen.length).toBe(reference.events.length);
    expectSameTensors(seen[0][0], reference.events[0].gradInput);
    expectSameTensors(seen[0][1], reference.events[0].gradOutput);
    expectClose(a.grad as Tensor, reference.aGrad);
    // PyTorch's identity node sends the materialised zeros on, so even the unused input gets a .grad.
    expectClose(b.grad as Tensor, reference.bGrad);
  });
});

describe('module hooks', () => {
  test('an array from a pre-hook replaces all inputs; remove() restores the plain forward', () => {
    const layer = new ReLU();
    const handle = layer.registerForwardPreHook((_m, [input]) => [input.neg()]);
    const input = decode({ shape: [2], dtype: 'float32', values: [-1, 2] });
    expect(layer.forward(input).tolistSync()).toEqual([1, 0]);
    handle.remove();
    expect(layer.forward(input).tolistSync()).toEqual([0, 2]);
  });

  test('an input that needs no gradient gets no identity node, so the output has no history', () => {
    const layer = new ReLU();
    layer.registerFullBackwardHook(() => undefined);
    const input = decode({ shape: [2], dtype: 'float32', values: [-1, 2] });
    expect(layer.forward(input).gradFn).toBeNull();
  });

  test('the input of a module with a backward hook is a view: writing it in place is refused', () => {
    class InPlace extends Module {
      override forward(input: Tensor) {
        return input.mul_(2);
      }
    }
    const module = new InPlace();
    module.registerFullBackwardHook(() => undefined);
    const input = decode({ shape: [2], dtype: 'float32', values: [1, 2] }).requiresGrad_();
    expect(() => module.forward(input.mul(1))).toThrow(/BackwardHookFunctionBackward/);
  });

  test('a LazyLinear runs its hooks once at its first forward, where it becomes a Linear', () => {
    const layer = new LazyLinear(3);
    const calls: string[] = [];
    layer.registerForwardPreHook(() => {
      calls.push('pre');
    });
    layer.registerForwardHook((_m, _inputs, output) => {
      calls.push(`forward ${output.shape}`);
    });
    layer.forward(decode({ shape: [2, 4], dtype: 'float32', values: [1, 2, 3, 4, 5, 6, 7, 8] }));
    expect(calls).toEqual(['pre', 'forward 2,3']);
    expect(layer).toBeInstanceOf(Linear);
  });

  test('a forward assigned to the instance is the one the hooks wrap', () => {
    const layer = new ReLU();
    (layer as { forward: (input: Tensor) => Tensor }).forward = (input) => input.mul(10);
    layer.registerForwardHook((_m, _inputs, output) => output.add(1));
    const input = decode({ shape: [1], dtype: 'float32', values: [2] });
    expect(layer.forward(input).tolistSync()).toEqual([21]);
  });

  test('bad hooks and bad replacements are refused with the name of the call', () => {
    const layer = new Linear(2, 2);
    expect(() => layer.registerForwardHook(3 as never)).toThrow(ArgumentError);
    expect(() => layer.registerForwardPreHook('x' as never)).toThrow(/registerForwardPreHook/);
    layer.registerFullBackwardHook(() => [null, null]);
    const input = decode({ shape: [1, 2], dtype: 'float32', values: [1, 2] }).requiresGrad_();
    expect(() => layer.forward(input).sum().backward()).toThrow(/invalid number of grad_input/);
    const other = new Linear(2, 2);
    other.registerFullBackwardHook((_m, gradInput) => gradInput.map((g) => g?.sum() ?? null));
    expect(() => other.forward(input).sum().backward()).toThrow(ShapeError);
  });
});

describe('traversal as PyTorch lists it', () => {
  const build = () => {
    const shared = new Linear(2, 2);
    const inner = new Sequential(shared, new BatchNorm1d(2));
    const net = new Sequential(new Linear(2, 2), shared, inner, new ReLU());
    net.addModule('again', inner);
    return { net, inner };
  };
  const names = (pairs: Iterable<[string, unknown]>) => [...pairs].map(([name]) => name);

  test('namedModules, namedChildren, namedBuffers, namedParameters, modules, children', () => {
    const reference = torch.traversal;
    const { net, inner } = build();
    expect(names(net.namedModules())).toEqual(reference.namedModules);
    expect(names(net.namedModules({ prefix: 'model' }))).toEqual(reference.namedModulesPrefixed);
    expect(names(net.namedModules({ removeDuplicate: false }))).toEqual(reference.namedModulesAll);
    expect(names(net.namedChildren())).toEqual(reference.namedChildren);
    expect(names(net.namedBuffers())).toEqual(reference.namedBuffers);
    expect(names(net.namedBuffers({ prefix: 'model' }))).toEqual(reference.namedBuffersPrefixed);
    expect(names(inner.at(1).namedBuffers({ recurse: false }))).toEqual(reference.namedBuffersOwn);
    expect(names(net.namedParameters())).toEqual(reference.namedParameters);
    expect([...net.modules()].length).toBe(reference.modules);
    expect([...net.children()].length).toBe(reference.children);
    expect(inner.at(1)).toBeInstanceOf(BatchNorm1d);
  });
});
