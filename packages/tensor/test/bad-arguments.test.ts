import { describe, expect, it } from 'vitest';
import {
  ArgumentError,
  add,
  BackendError,
  cpu,
  DisposedError,
  getRngState,
  manualSeed,
  rand,
  randperm,
  tensor,
  zeros,
} from '../src';

const matrix = () =>
  tensor([
    [1, 2, 3],
    [4, 5, 6],
  ]);

describe('non-numbers are refused, not coerced', () => {
  it.each([
    ['add', 'other', () => matrix().add(undefined as never)],
    ['mul', 'other', () => matrix().mul(null as never)],
    ['add', 'other', () => matrix().add('2' as never)],
    ['fill_', 'value', () => matrix().fill_({} as never)],
    ['slice', 'stop', () => matrix().slice(1, 0, {} as never, 1)],
    ['clamp', 'min', () => matrix().clamp({ min: '1' as never })],
    ['add', 'alpha', () => matrix().add(1, { alpha: '2' as never })],
    ['where', 'other', () => matrix().where(matrix().gt(2), undefined as never)],
  ])('%s names the argument %s', (fn, arg, call) => {
    expect(call).toThrow(ArgumentError);
    expect(call).toThrow(new RegExp(`^${fn}: ${arg} must be`));
  });
});

describe('bad calls end in library errors naming the function called', () => {
  it('softmax(null) names softmax and dim', () => {
    expect(() => matrix().softmax(null as never)).toThrow(ArgumentError);
    expect(() => matrix().softmax(null as never)).toThrow(/^softmax: dim is required/);
  });

  it('manualSeed(null) is an ArgumentError naming manualSeed', () => {
    expect(() => manualSeed(null as never)).toThrow(ArgumentError);
    expect(() => manualSeed(null as never)).toThrow(/^manualSeed: seed must be an integer/);
  });

  it('a generator that is not a Generator is refused by name', () => {
    expect(() => rand([2], { generator: {} as never })).toThrow(
      /^rand: generator must be a Generator/,
    );
    expect(() => matrix().uniform_(0, 1, { generator: {} as never })).toThrow(
      /^uniform_: generator must be a Generator/,
    );
  });

  it.each([
    ['permute', (t: ReturnType<typeof matrix>) => t.permute(1, 0)],
    ['reshape', (t: ReturnType<typeof matrix>) => t.reshape([6])],
    ['amax', (t: ReturnType<typeof matrix>) => t.amax(0)],
    ['mean', (t: ReturnType<typeof matrix>) => t.mean()],
    ['softmax', (t: ReturnType<typeof matrix>) => t.softmax(0)],
    ['neg_', (t: ReturnType<typeof matrix>) => t.neg_()],
    ['pow', (t: ReturnType<typeof matrix>) => t.pow(2)],
  ])('%s of a disposed tensor names %s, not an internal op', (fn, call) => {
    const t = matrix();
    t.dispose();
    expect(() => call(t)).toThrow(DisposedError);
    expect(() => call(t)).toThrow(new RegExp(`^${fn}: the tensor was disposed`));
  });
});

describe('failed calls have no effects', () => {
  it('add(a, disposed, { out }) leaves out and its version alone', () => {
    const out = zeros([2, 3]);
    const gone = matrix();
    gone.dispose();
    expect(() => add(matrix(), gone, { out })).toThrow(DisposedError);
    expect(out.version).toBe(0);
    expect([...out.toArraySync()]).toEqual([0, 0, 0, 0, 0, 0]);
  });

  it("randperm(5, { dtype: 'float64' }) refuses before drawing from the generator", () => {
    manualSeed(3);
    const before = getRngState();
    expect(() => randperm(5, { dtype: 'float64' as never })).toThrow(/^randperm: dtype/);
    expect(getRngState()).toEqual(before);
  });
});

describe('a backend is checked against the whole spec before use', () => {
  it('.to() of an object with only allocate() is refused without allocating on it', () => {
    let allocations = 0;
    const fake = {
      name: 'f',
      allocate() {
        allocations++;
        return {};
      },
    };
    expect(() => rand([2]).to(fake as never)).toThrow(ArgumentError);
    expect(() => rand([2]).to(fake as never)).toThrow(/^to: target must be a Backend.*lacks free/);
    expect(allocations).toBe(0);
  });

  it('a complete backend whose allocate() returns no storage of its own fails before a tensor exists', () => {
    const fake = Object.assign(Object.create(Object.getPrototypeOf(cpu)), cpu, {
      name: 'fake',
      allocate: () => ({}),
    });
    expect(() => rand([2]).to(fake)).toThrow(BackendError);
    expect(() => rand([2]).to(fake)).toThrow(/^fake\.allocate: returned/);
    // The library still computes (no tensor with a bad storage was left to a finalizer).
    expect(matrix().sum().item()).toBe(21);
  });
});
