// Sequential, ModuleList and ModuleDict: indexing, slicing, iteration, typing, ties.
import { IndexError, rand } from '@x/tensor';
import { describe, expect, expectTypeOf, it } from 'vitest';
import {
  type LayerAt,
  Linear,
  type Module,
  ModuleDict,
  ModuleList,
  ReLU,
  Sequential,
  Tanh,
} from '../src';

describe('Sequential', () => {
  const net = new Sequential(new Linear(4, 8), new ReLU(), new Linear(8, 2));

  it('indexes from either end and types each position', () => {
    expect(net.length).toBe(3);
    expect(net.at(-1)).toBe(net.at(2));
    expect(net.at(-3)).toBe(net.at(0));
    expectTypeOf(net.at(1)).toEqualTypeOf<ReLU>();
    expectTypeOf(net.at(-2)).toEqualTypeOf<ReLU>();
    expectTypeOf(net.at(-1).outFeatures).toEqualTypeOf<number>();
    expectTypeOf<LayerAt<[Linear, ReLU, Linear], 7>>().toEqualTypeOf<Module>();
    expectTypeOf<LayerAt<[Linear, ReLU, Linear], -4>>().toEqualTypeOf<Module>();
    expectTypeOf<LayerAt<Module[], 0>>().toEqualTypeOf<Module>();
    expect(() => net.at(3)).toThrow(
      new IndexError('Sequential.at: index 3 is out of range for a container of 3 modules'),
    );
    expect(() => net.at(-4)).toThrow(IndexError);
  });

  it('is still a Sequential (and a Sequential of modules) where one is expected', () => {
    expectTypeOf(net).toExtend<Sequential>();
    expectTypeOf(net).toExtend<Sequential<[Module, Module, Module]>>();
    expectTypeOf(net.layers).toEqualTypeOf<[Linear, ReLU, Linear]>();
    expect(net.layers).toEqual([net.at(0), net.at(1), net.at(2)]);
  });

  it('iterates, slices (sharing modules) and appends', () => {
    expect([...net]).toEqual([net.at(0), net.at(1), net.at(2)]);
    const tail = net.slice(1);
    expect(tail.length).toBe(2);
    expect(tail.at(0)).toBe(net.at(1));
    expect([...tail.namedChildren()].map(([n]) => n)).toEqual(['1', '2']);
    const grown = new Sequential(new Linear(2, 2)).append(new Tanh());
    expect(grown.at(1)).toBeInstanceOf(Tanh);
    expect([...grown.namedChildren()].map(([n]) => n)).toEqual(['0', '1']);
  });

  it('answers net[i] by position, from either end, typed like at(i)', () => {
    expect(net[0]).toBe(net.at(0));
    expect(net[2]).toBe(net.at(2));
    expect(net[-1]).toBe(net.at(2));
    expect(net[-3]).toBe(net.at(0));
    expectTypeOf(net[0]).toEqualTypeOf<Linear>();
    expectTypeOf(net[1]).toEqualTypeOf<ReLU>();
    expectTypeOf(net[-1]).toEqualTypeOf<Linear>();
    expectTypeOf(net[-2]).toEqualTypeOf<ReLU>();
    expectTypeOf(net[0].weight.shape).toEqualTypeOf<readonly number[]>();
    expectTypeOf<(typeof net)[7]>().toEqualTypeOf<Module>();
    expectTypeOf<Sequential[0]>().toEqualTypeOf<Module>();
    expect(() => net[3]).toThrow(
      new IndexError('Sequential[3]: index 3 is out of range for a container of 3 modules'),
    );
    expect(() => net[-4]).toThrow(
      new IndexError('Sequential[-4]: index -4 is out of range for a container of 3 modules'),
    );
    // A slice keeps its children's names ('1', '2'), yet tail[0] is its first module.
    const tail = net.slice(1);
    expect(tail[0]).toBe(net[1]);
    expect(tail[-1]).toBe(net[2]);
    expect(() => tail[2]).toThrow(IndexError);
    // Other keys are untouched: methods, fields, non-integer numbers.
    expect(net.length).toBe(3);
    expect((net as unknown as Record<string, unknown>)['1.5']).toBeUndefined();
    expect(net).toBeInstanceOf(Sequential);
    expect(String(net).split('\n')[1]).toBe(
      '  (0): Linear(in_features=4, out_features=8, bias=True)',
    );
  });

  it('gives subclasses net[i], their own name and instanceof', () => {
    class Block extends Sequential<[Linear, ReLU]> {
      constructor() {
        super(new Linear(2, 3), new ReLU());
      }
    }
    const block = new Block();
    expectTypeOf(block[0]).toEqualTypeOf<Linear>();
    expect(block[0].outFeatures).toBe(3);
    expect(block).toBeInstanceOf(Sequential);
    expect(String(block).split('\n')[0]).toBe('Block(');
  });

  it('keeps net[i] in step with append and deletion', () => {
    const grown = new Sequential(new Linear(2, 2));
    const tanh = new Tanh();
    grown.append(tanh);
    expect(grown[1]).toBe(tanh);
    expect(grown[-1]).toBe(tanh);
    delete (grown as unknown as Record<string, unknown>)['0'];
    expect(grown.length).toBe(1);
    expect(grown[0]).toBe(tanh);
  });

  it('chains forward through its layers', () => {
    const x = rand([5, 4]);
    const manual = net.at(2).forward(net.at(1).forward(net.at(0).forward(x)));
    expect(net.forward(x).toArraySync()).toEqual(manual.toArraySync());
  });

  it('accepts the same module twice, its parameters then listed once', () => {
    const shared = new Linear(3, 3);
    const tied = new Sequential(shared, new ReLU(), shared);
    expect(tied.at(0)).toBe(tied.at(2));
    expect([...tied.parameters()]).toEqual([shared.weight, shared.bias]);
  });
});

describe('ModuleList', () => {
  it('registers its entries, indexes, slices (renumbered), appends and inserts', () => {
    const list = new ModuleList<Module>([new Linear(2, 2), new ReLU()]);
    expect(list.length).toBe(2);
    expect([...list.namedParameters()].map(([n]) => n)).toEqual(['0.weight', '0.bias']);
    const tanh = new Tanh();
    list.insert(1, tanh);
    expect(list.at(1)).toBe(tanh);
    expect(list.at(-1)).toBeInstanceOf(ReLU);
    expect([...list.namedChildren()].map(([n]) => n)).toEqual(['0', '1', '2']);
    const tail = list.slice(1);
    expect([...tail.namedChildren()].map(([n]) => n)).toEqual(['0', '1']);
    expect(tail.at(0)).toBe(tanh);
    expect(list[1]).toBe(tanh);
    expect(list[-3]).toBe(list.at(0));
    expectTypeOf(list[0]).toEqualTypeOf<Module>();
    const linears = new ModuleList([new Linear(2, 3), new Linear(3, 4)]);
    expectTypeOf(linears[-1]).toEqualTypeOf<Linear>();
    expect(linears[-1].outFeatures).toBe(4);
    expect(() => linears[2]).toThrow(
      new IndexError('ModuleList[2]: index 2 is out of range for a container of 2 modules'),
    );
    expect(() => list.forward()).toThrow(
      'Module [ModuleList] is missing the required "forward" function',
    );
  });
});

describe('ModuleDict', () => {
  it('keeps insertion order, types its keys and iterates over keys', () => {
    const heads = new ModuleDict({ classify: new Linear(8, 3), act: new ReLU() });
    expectTypeOf(heads.get('classify')).toEqualTypeOf<Linear>();
    expect(heads.get('classify').outFeatures).toBe(3);
    expect([...heads]).toEqual(['classify', 'act']);
    expect(heads.keys()).toEqual(['classify', 'act']);
    expect(heads.values()[1]).toBeInstanceOf(ReLU);
    heads.set('classify', new Linear(8, 5));
    expect(heads.keys()).toEqual(['classify', 'act']);
    expect(heads.pop('act')).toBeInstanceOf(ReLU);
    expect(heads.has('act')).toBe(false);
    expect(heads.length).toBe(1);
    expect(() => heads.get('act' as 'classify')).toThrow(
      "ModuleDict.get: no module named 'act' (has 'classify')",
    );
    expect(() => heads.set('keys', new ReLU())).toThrow("attribute 'keys' already exists");
    const fromMap = new ModuleDict(new Map([['x', new ReLU()]]));
    expect(fromMap.keys()).toEqual(['x']);
  });
});
