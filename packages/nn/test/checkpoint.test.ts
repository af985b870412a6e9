// save/load of any nesting (torch.save/torch.load): round trips of every kind of value, the
// named-tensor form kept byte for byte, tensor entries named by path, resuming an optimiser
// and a scheduler, and bad input on both sides.
import { ArgumentError, type Tensor, tensor } from '@x/tensor';
import { describe, expect, it } from 'vitest';
import {
  Linear,
  load,
  loadMetadata,
  Parameter,
  SafetensorsError,
  Sequential,
  STRUCTURE_KEY,
  save,
  saveAsync,
} from '../src';
import { Adam, CosineAnnealingLR } from '../src/optim';
import { load as loadNamed, save as saveNamed } from '../src/serialization/safetensors';

/** Deep equality that compares tensors by dtype, shape and values, and numbers with Object.is. */
function expectSame(got: unknown, want: unknown, path = 'value'): void {
  if (want instanceof Map) {
    expect(got, path).toBeInstanceOf(Map);
    const gotMap = got as Map<unknown, unknown>;
    expect([...gotMap.keys()].length, path).toBe(want.size);
    [...want].forEach(([key, value], i) => {
      const [gotKey, gotValue] = [...gotMap][i];
      expectSame(gotKey, key, `${path}.key${i}`);
      expectSame(gotValue, value, `${path}.${String(key)}`);
    });
  } else if (Array.isArray(want)) {
    expect(Array.isArray(got), path).toBe(true);
    expect((got as unknown[]).length, path).toBe(want.length);
    for (const [i, item] of want.entries()) expectSame((got as unknown[])[i], item, `${path}.${i}`);
  } else if (want !== null && typeof want === 'object' && 'shape' in want) {
    const [a, b] = [got as Tensor, want as Tensor];
    expect([a.dtype, a.shape], path).toEqual([b.dtype, b.shape]);
    expect(a.toArraySync(), path).toEqual(b.toArraySync());
  } else if (want !== null && typeof want === 'object') {
    expect(Object.getPrototypeOf(got), path).toBe(Object.prototype);
    expect(Object.keys(got as object), path).toEqual(Object.keys(want));
    for (const key of Object.keys(want))
      expectSame((got as any)[key], (want as any)[key], `${path}.${key}`);
  } else {
    expect(Object.is(got, want), `${path}: ${String(got)} vs ${String(want)}`).toBe(true);
  }
}

const weird = Object.defineProperty({ plain: 1 }, '__proto__', {
  value: { notAPrototype: true },
  enumerable: true,
});

const nested = () => ({
  numbers: [
    0,
    -0,
    1.5,
    0.1,
    -(2 ** 53) - 2,
    5e-324,
    Number.MAX_VALUE,
    Number.NaN,
    Infinity,
    -Infinity,
  ],
  strings: ['', 'dots.in.it', '"quoted" \\ \n', 'héllo ✓ 😀', '\ud800 lone surrogate'],
  flags: [true, false, null],
  empty: { object: {}, list: [], map: new Map() },
  tensors: {
    float: tensor([
      [1.5, -2],
      [Number.NaN, Infinity],
    ]),
    int: tensor([1, -7, 2 ** 31 - 1], { dtype: 'int32' }),
    bool: tensor([true, false, true]),
    scalar: tensor(3.25),
  },
  map: new Map<unknown, unknown>([
    [0, { exp_avg: tensor([1, 2]), step: 3 }],
    ['a.b', 'string key with a dot'],
    [-0, 'negative zero key'],
    [null, [1, 2]],
  ]),
  weird,
  'a.b': tensor([9]),
  a: { b: tensor([10]) },
});

describe('save/load round trips', () => {
  it('every kind of value, nested, comes back the same', () => {
    const value = nested();
    const back = load<ReturnType<typeof nested>>(save(value));
    expectSame(back, value);
    expect(Object.getPrototypeOf(back.weird)).toBe(Object.prototype);
    expect(Object.getOwnPropertyDescriptor(back.weird, '__proto__')?.value).toEqual({
      notAPrototype: true,
    });
  });

  it('a bare tensor, a list of tensors, a bare number and a string', () => {
    const t = tensor([1, 2, 3]);
    expectSame(load(save(t)), t);
    expectSame(load(save([t, t.mul(2)])), [t, t.mul(2)]);
    expectSame(load(save(-0)), -0);
    expectSame(load(save(Number.NaN)), Number.NaN);
    expectSame(load(save('text')), 'text');
    expectSame(load(save(null)), null);
  });

  it('saveAsync writes the same bytes', async () => {
    const value = nested();
    expect(await saveAsync(value)).toEqual(save(value));
  });

  it('a tensor stored twice loads as one tensor', () => {
    const shared = tensor([1, 2]);
    const back = load<{ a: Tensor; b: Tensor[] }>(save({ a: shared, b: [shared] }));
    expect(back.b[0]).toBe(back.a);
  });
});

describe('the file stays a safetensors file', () => {
  it('a model state dict (a Map of tensors) is written as before, byte for byte', () => {
    const net = new Sequential(new Linear(3, 4), new Linear(4, 2));
    const state = net.stateDict();
    expect(save(state)).toEqual(saveNamed(state));
    const record = Object.fromEntries(state);
    expect(save(record)).toEqual(saveNamed(record));
    expect(loadMetadata(save(state))).toEqual({});
    expect(load(save(state))).toBeInstanceOf(Map);
  });

  it('tensors are entries named by their path, readable without the structure', () => {
    const net = new Linear(2, 1);
    const bytes = save({ model: net.stateDict(), epoch: 3, history: [tensor([1]), tensor([2])] });
    const named = loadNamed(bytes);
    expect([...named.keys()]).toEqual(['model.weight', 'model.bias', 'history.0', 'history.1']);
    expect(named.get('model.weight')!.toArraySync()).toEqual(net.weight.toArraySync());
    expect(Object.keys(loadMetadata(bytes))).toEqual([STRUCTURE_KEY]);
  });

  it('paths that collide get distinct names', () => {
    const bytes = save({ 'a.b': tensor([1]), a: { b: tensor([2]) } });
    expect([...loadNamed(bytes).keys()]).toEqual(['a.b', 'a.b#1']);
  });

  it('keeps user metadata beside the structure', () => {
    const bytes = save({ step: 1, w: tensor([1]) }, { metadata: { format: 'pt' } });
    expect(loadMetadata(bytes).format).toBe('pt');
  });
});

describe('resuming an optimiser and a scheduler from a checkpoint', () => {
  it('continues exactly as the uninterrupted run', () => {
    const run = (resume: boolean) => {
      const p = new Parameter(tensor([1, -2, 3]));
      let optimizer = new Adam([p], { lr: 0.1, amsgrad: true });
      let scheduler = new CosineAnnealingLR(optimizer, { tMax: 5 });
      for (let step = 0; step < 8; step++) {
        if (resume && step === 3) {
          const bytes = save({
            optimizer: optimizer.stateDict(),
            scheduler: scheduler.stateDict(),
          });
          optimizer = new Adam([p], { lr: 0.1, amsgrad: true });
          scheduler = new CosineAnnealingLR(optimizer, { tMax: 5 });
          const checkpoint = load<any>(bytes);
          optimizer.loadStateDict(checkpoint.optimizer);
          scheduler.loadStateDict(checkpoint.scheduler);
        }
        p.grad = tensor([0.5, step, -1]);
        optimizer.step();
        scheduler.step();
      }
      return [...p.toArraySync(), ...scheduler.getLastLr()];
    };
    expect(run(true)).toEqual(run(false));
  });
});

describe('bad input', () => {
  const unsupported: [string, unknown, string][] = [
    ['a function', { f: () => 1 }, "save: the value at 'f' is a function; a checkpoint holds"],
    ['undefined', [1, undefined], "save: the value at '1' is undefined;"],
    ['a class instance', { when: new Date(0) }, "save: the value at 'when' is Date"],
    ['a typed array', { data: new Float32Array(2) }, "save: the value at 'data' is Float32Array"],
    ['a bigint', 1n, 'save: the value at the top level is 1n (a bigint)'],
  ];
  it.each(unsupported)('save refuses %s, naming where it is', (_, value, message) => {
    expect(() => save(value)).toThrow(ArgumentError);
    expect(() => save(value)).toThrow(message);
  });

  it('save refuses a cycle and the reserved metadata key', () => {
    const cyclic: Record<string, unknown> = { a: 1 };
    cyclic.self = { back: cyclic };
    expect(() => save(cyclic)).toThrow("save: the value at 'self.back' contains itself (a cycle)");
    expect(() => save({ a: 1 }, { metadata: { structure: 'x' } })).toThrow(
      "save: the metadata key 'structure' is reserved for the checkpoint's structure",
    );
  });

  it('save and load name the file-path habit of torch.save/torch.load', () => {
    expect(() => save({ a: 1 }, 'model.pt' as never)).toThrow(
      "save: returns the file's bytes and takes no path (got 'model.pt'); write them yourself, e.g. await writeFile(path, save(value))",
    );
    expect(() => save(new Map(), 'model.pt' as never)).toThrow(ArgumentError);
    expect(() => load('model.pt' as never)).toThrow(SafetensorsError);
    expect(() => load('model.pt' as never)).toThrow(
      "got 'model.pt': load takes the file's bytes, not a path; read them yourself, e.g. load(await readFile(path))",
    );
  });

  const malformed: [string, string, string][] = [
    ['not JSON', '{', "in metadata 'structure' is not valid JSON"],
    ['an unknown tag', '{"$set":[]}', 'has an unknown tag "$set"'],
    ['two tags', '{"$number":"NaN","$tensor":"w"}', 'has a node with keys {$number, $tensor}'],
    ['a missing tensor', '{"$tensor":"nope"}', 'refers to a tensor "nope" the file lacks'],
    ['a bad number', '{"$number":"1e3"}', 'has an unknown $number "1e3"'],
    ['a bad map', '{"$map":[[1]]}', 'has a $map entry that is not a pair'],
    ['deep nesting', `${'['.repeat(2000)}${']'.repeat(2000)}`, 'nests deeper than 1000 levels'],
  ];
  it.each(malformed)(
    'load rejects a structure with %s as a SafetensorsError',
    (_, structure, message) => {
      const bytes = saveNamed({ w: tensor([1]) }, { metadata: { structure } });
      expect(() => load(bytes)).toThrow(SafetensorsError);
      expect(() => load(bytes)).toThrow(`safetensors: the checkpoint structure ${message}`);
    },
  );
});
