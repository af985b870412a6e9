// Module's machinery, rule by rule, as PyTorch's Module.__setattr__, named_* and apply behave.
import { ArgumentError, CpuBackend, cpu, ones, type Tensor, tensor, zeros } from '@x/tensor';
import { describe, expect, it } from 'vitest';
import { BatchNorm1d, Linear, Module, Parameter, ReLU, Sequential } from '../src';

class Net extends Module {
  b = new Parameter(zeros([1]));
  hidden = new Linear(2, 2);
  plain = zeros([3]);
  a!: Parameter;
  declare stats: Tensor;

  constructor() {
    super();
    this.a = new Parameter(zeros([2]));
    this.registerBuffer('stats', ones([2]));
    this.b = new Parameter(ones([1]));
  }
}

const names = (pairs: Iterable<[string, unknown]>) => [...pairs].map(([name]) => name);

describe('registration', () => {
  it('registers Parameter and Module fields (class fields and assignments) in assignment order', () => {
    const net = new Net();
    expect(names(net.namedParameters())).toEqual(['b', 'a', 'hidden.weight', 'hidden.bias']);
    expect(names(net.namedChildren())).toEqual(['hidden']);
    expect(names(net.namedBuffers())).toEqual(['stats']);
    expect(net.b.toArraySync()).toEqual(Float32Array.of(1));
  });

  it('keeps a re-assigned name in its place and refuses a non-Parameter for a parameter slot', () => {
    const net = new Net();
    const before = net.a;
    expect(() => {
      (net as any).a = zeros([2]);
    }).toThrow(
      new ArgumentError(
        "Net: cannot assign Tensor of shape [2] as parameter 'a' (Parameter or null expected)",
      ),
    );
    expect(net.a).toBe(before);
    net.a = new Parameter(ones([2]));
    expect(names(net.namedParameters())).toEqual(['b', 'a', 'hidden.weight', 'hidden.bias']);
  });

  it('null empties a slot, delete unregisters, and a Module replacing a Parameter switches kinds', () => {
    const net = new Net();
    (net as any).a = null;
    expect(names(net.namedParameters())).toEqual(['b', 'hidden.weight', 'hidden.bias']);
    expect(() => {
      (net as any).a = 3;
    }).toThrow(ArgumentError);
    expect(() => {
      (net as any).a = new ReLU();
    }).toThrow("cannot assign ReLU as parameter 'a' (Parameter or null expected)");
    delete (net as any).b;
    delete (net as any).a;
    expect(names(net.namedParameters())).toEqual(['hidden.weight', 'hidden.bias']);
    (net as any).b = new ReLU();
    expect(names(net.namedChildren())).toEqual(['hidden', 'b']);
    (net as any).b = new Parameter(zeros([1]));
    expect(names(net.namedChildren())).toEqual(['hidden']);
    expect(names(net.namedParameters({ recurse: false }))).toEqual(['b']);
    expect(() => {
      (net as any).hidden = zeros([1]);
    }).toThrow(
      "cannot assign Tensor of shape [1] as child module 'hidden' (Module or null expected)",
    );
  });

  it('updates a buffer through assignment and refuses a non-tensor', () => {
    const net = new Net();
    net.stats = zeros([2]);
    expect(net.stateDict().get('stats')!.toArraySync()).toEqual(Float32Array.of(0, 0));
    expect(() => {
      (net as any).stats = 'x';
    }).toThrow("cannot assign 'x' as buffer 'stats' (Tensor or null expected)");
  });

  it('explains the `declare` fix when a subclass field would reset a registered parameter', () => {
    class Reset extends Linear {
      override weight: Parameter = undefined as unknown as Parameter;
    }
    expect(() => new Reset(2, 2)).toThrow(/write 'declare weight: \.\.\.'/);
  });

  it('rejects bad names and values in registerParameter/registerBuffer/registerModule', () => {
    const module = new Module();
    const param = new Parameter(zeros([1]));
    expect(() => module.registerParameter('a.b', param)).toThrow(
      `registerParameter: parameter name can't contain ".", got 'a.b'`,
    );
    expect(() => module.registerParameter('', param)).toThrow(
      `registerParameter: parameter name can't be empty string ""`,
    );
    expect(() => module.registerParameter('training', param)).toThrow(
      "registerParameter: attribute 'training' already exists",
    );
    expect(() => module.registerParameter('forward', param)).toThrow(
      "attribute 'forward' already exists",
    );
    expect(() => module.registerParameter('w', zeros([1]) as Parameter)).toThrow(
      "registerParameter: cannot assign Tensor of shape [1] to parameter 'w' (Parameter or null required)",
    );
    expect(() => module.registerBuffer('x', 3 as unknown as Tensor)).toThrow(
      '(Tensor or null required)',
    );
    expect(() => module.registerModule('m', {} as Module)).toThrow(
      'registerModule: Object is not a Module subclass',
    );
    expect([...module.namedParameters()]).toEqual([]);
    module.registerParameter('w', null);
    module.registerParameter('w', param);
    expect(names(module.namedParameters())).toEqual(['w']);
  });

  it('leaves non-persistent buffers out of stateDict but lists them in namedBuffers', () => {
    const module = new Module();
    module.registerBuffer('kept', zeros([1]));
    module.registerBuffer('scratch', zeros([1]), { persistent: false });
    expect(names(module.namedBuffers())).toEqual(['kept', 'scratch']);
    expect([...module.stateDict().keys()]).toEqual(['kept']);
  });
});

describe('traversal', () => {
  const shared = new Linear(2, 2);
  const tied = new Sequential(new Linear(2, 2), shared, new ReLU(), shared);

  it('lists a shared module and its parameters once unless removeDuplicate is false', () => {
    expect(names(tied.namedParameters())).toEqual(['0.weight', '0.bias', '1.weight', '1.bias']);
    expect(names(tied.namedParameters({ removeDuplicate: false }))).toEqual([
      '0.weight',
      '0.bias',
      '1.weight',
      '1.bias',
      '3.weight',
      '3.bias',
    ]);
    expect(names(tied.namedModules())).toEqual(['', '0', '1', '2']);
    expect(names(tied.namedChildren())).toEqual(['0', '1', '2']);
    expect([...tied.children()]).toEqual([tied.at(0), shared, tied.at(2)]);
    expect([...tied.modules()]).toHaveLength(4);
  });

  it('supports prefix and recurse', () => {
    expect(names(tied.namedParameters({ prefix: 'model' }))[0]).toBe('model.0.weight');
    expect(names(tied.namedModules({ prefix: 'm' }))).toEqual(['m', 'm.0', 'm.1', 'm.2']);
    expect(names(tied.namedParameters({ recurse: false }))).toEqual([]);
    expect(names(shared.namedParameters({ recurse: false }))).toEqual(['weight', 'bias']);
    expect([...new BatchNorm1d(2).buffers()]).toHaveLength(3);
  });

  it('finds submodules and parameters by dotted path, with clear errors', () => {
    const net = new Sequential(new Sequential(new Linear(2, 3)), new ReLU());
    expect(net.getSubmodule('0.0')).toBeInstanceOf(Linear);
    expect(net.getSubmodule('')).toBe(net);
    expect(net.getParameter('0.0.bias').shape).toEqual([3]);
    expect(() => net.getSubmodule('0.5')).toThrow(
      "getSubmodule: '0.5': Sequential has no attribute `5`",
    );
    expect(() => net.getParameter('1.weight')).toThrow(
      "getParameter: '1.weight': ReLU has no attribute `weight`",
    );
    expect(() => net.getParameter('0.0.inFeatures')).toThrow('`inFeatures` is not an nn.Parameter');
    expect(() => net.getSubmodule('0.0.weight')).toThrow('`weight` is not an nn.Module');
  });

  it('apply visits children first, then the module, and returns it', () => {
    const net = new Sequential(new Sequential(new Linear(1, 1)), new ReLU());
    const visited: string[] = [];
    expect(net.apply((m) => visited.push(m.constructor.name))).toBe(net);
    expect(visited).toEqual(['Linear', 'Sequential', 'ReLU', 'Sequential']);
  });

  it('train and eval set the flag on every descendant', () => {
    const net = new Sequential(new Sequential(new Linear(1, 1)), new ReLU());
    net.eval();
    expect([...net.modules()].map((m) => m.training)).toEqual([false, false, false, false]);
    net.train();
    expect([...net.modules()].every((m) => m.training)).toBe(true);
    expect(() => net.train('yes' as unknown as boolean)).toThrow(
      'train: mode is expected to be boolean',
    );
  });

  it('zeroGrad sets gradients to null, or to zeros with setToNone: false', () => {
    const layer = new Linear(2, 1);
    layer
      .forward(tensor([[1, 2]]))
      .sum()
      .backward();
    layer.zeroGrad({ setToNone: false });
    expect(layer.weight.grad!.toArraySync()).toEqual(Float32Array.of(0, 0));
    layer.zeroGrad();
    expect(layer.weight.grad).toBeNull();
  });

  it('has PyTorch message for a module without forward', () => {
    expect(() => new Module().forward()).toThrow(
      'Module [Module] is missing the required "forward" function',
    );
  });
});

describe('to(backend)', () => {
  it('moves parameters, gradients and buffers, keeping ties, requiresGrad and the module', () => {
    const other = new CpuBackend();
    const shared = new Linear(2, 2);
    const net = new Sequential(shared, new BatchNorm1d(2), shared);
    net
      .forward(
        tensor([
          [1, 2],
          [3, 5],
        ]),
      )
      .sum()
      .backward();
    const before = net.stateDict();
    const grad = shared.weight.grad!.toArraySync();
    const weight = shared.weight;
    expect(net.to(other)).toBe(net);
    // As in PyTorch, the Parameter objects stay the same (an optimiser holding them follows).
    expect(shared.weight).toBe(weight);
    const moved = net.at(0) as Linear;
    expect(moved).toBe(shared);
    expect(moved.weight).toBeInstanceOf(Parameter);
    expect(moved.weight.backend).toBe(other);
    expect(moved.weight.requiresGrad).toBe(true);
    expect(moved.weight.grad!.backend).toBe(other);
    expect(moved.weight.grad!.toArraySync()).toEqual(grad);
    expect((net.at(2) as Linear).weight).toBe(moved.weight);
    for (const [key, value] of net.stateDict()) {
      expect(value.backend).toBe(other);
      expect(value.toArraySync()).toEqual(before.get(key)!.toArraySync());
    }
    expect(names(net.namedParameters())).toEqual(['0.weight', '0.bias', '1.weight', '1.bias']);
    net.to(cpu);
    expect(moved.weight.backend).toBe(cpu);
  });
});

describe('Parameter', () => {
  it('is a Tensor sharing the storage of the tensor it wraps, and requires grad', () => {
    const data = tensor([1, 2]);
    const param = new Parameter(data);
    expect(param).toBeInstanceOf(Parameter);
    expect(param.requiresGrad).toBe(true);
    expect(param.isLeaf).toBe(true);
    data.set(0, 5);
    expect(param.toArraySync()).toEqual(Float32Array.of(5, 2));
    param.data.add_(1);
    expect(data.toArraySync()).toEqual(Float32Array.of(6, 3));
    expect(param.data).not.toBeInstanceOf(Parameter);
    expect(new Parameter(zeros([1]), false).requiresGrad).toBe(false);
  });

  it('rejects a non-tensor, and an int32 tensor that should require grad', () => {
    expect(() => new Parameter([1, 2] as unknown as Tensor)).toThrow(
      'Parameter: data must be a Tensor, got [1, 2]',
    );
    expect(() => new Parameter(tensor([1], { dtype: 'int32' }))).toThrow(
      'only float32 tensors can require gradients',
    );
    expect(new Parameter(tensor([1], { dtype: 'int32' }), false).dtype).toBe('int32');
  });
});
