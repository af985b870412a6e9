import { describe, expect, test } from 'vitest';
import { arange, type Index, IndexError, type Tensor, tensor } from '../src';
import fixture from './fixtures/indexing/indexing.json';

type JsonIndex = number | string | null | { tensor: unknown; dtype: 'int32' | 'bool' };

const toIndex = (index: JsonIndex[]): Index[] =>
  index.map((i) =>
    i !== null && typeof i === 'object' ? tensor(i.tensor as number[], { dtype: i.dtype }) : i,
  );
const base = () => arange(60, undefined, 1, { dtype: 'float32' }).reshape(3, 4, 5);

describe('get/set against PyTorch 1.13', () => {
  for (const c of fixture.cases) {
    test(`${c.kind} ${JSON.stringify(c.index)}`, () => {
      const t = base();
      if (c.kind === 'get') {
        const out = t.get(...toIndex(c.index as JsonIndex[]));
        expect(out.shape).toEqual(c.shape);
        expect(Array.from(out.toArraySync())).toEqual(c.values);
      } else {
        const value = c.value as number | { values: number[]; shape: number[] };
        const v = typeof value === 'number' ? value : tensor(value.values).reshape(value.shape);
        t.set(toIndex(c.index as JsonIndex[]), v);
        expect(Array.from(t.toArraySync())).toEqual(c.values);
      }
    });
  }
});

describe('views share storage', () => {
  const views: [string, (t: Tensor) => Tensor][] = [
    ['get slice', (t) => t.get(':', '1:3')],
    ['transpose', (t) => t.transpose(0, 2)],
    ['permute', (t) => t.permute(2, 0, 1)],
    ['view', (t) => t.view(12, 5)],
    ['reshape of contiguous', (t) => t.reshape(-1)],
    ['narrow', (t) => t.narrow(1, 1, 2)],
    ['select', (t) => t.select(2, 3)],
    ['unsqueeze', (t) => t.unsqueeze(1)],
    ['squeeze', (t) => t.get(':', ':1').squeeze(1)],
    ['expand', (t) => t.get(':', ':1').expand(3, 4, 5)],
    ['flatten', (t) => t.flatten(1)],
    ['detach', (t) => t.detach()],
    ['data', (t) => t.data],
  ];
  for (const [name, make] of views) {
    test(`${name}: writes through and is seen through`, () => {
      const t = base();
      const v = make(t);
      v.fill_(-1);
      const seen = Array.from(t.toArraySync()).filter((x) => x === -1).length;
      expect(seen).toBeGreaterThan(0);
      expect(seen).toBeLessThanOrEqual(v.numel());
      t.zero_();
      expect(Array.from(v.toArraySync()).every((x) => x === 0)).toBe(true);
    });
  }

  test('reshape of a non-contiguous tensor copies; view of it throws', () => {
    const t = base().transpose(0, 1);
    expect(() => t.view(-1)).toThrow(/view: size \[60\] is not compatible/);
    const r = t.reshape(-1);
    r.fill_(0);
    expect(t.sum().item()).toBe(1770);
  });

  test('in-place writes bump the version shared by views', () => {
    const t = base();
    const v = t.get(0);
    const before = t.version;
    v.add_(1);
    expect(t.version).toBe(before + 1);
    expect(v.version).toBe(t.version);
  });

  test('contiguous() returns the same tensor when already contiguous', () => {
    const t = base();
    expect(t.contiguous()).toBe(t);
    expect(t.t === undefined).toBe(false);
    expect(t.transpose(0, 1).contiguous().isContiguous()).toBe(true);
  });
});

describe('bad indices', () => {
  const t = base();
  test.each<[Index[], RegExp]>([
    [[3], /select: index 3 is out of bounds for dimension 0 with size 3/],
    [[0, 0, 0, 0], /too many indices for tensor of dimension 3/],
    [['1:2:0'], /slice step must be positive/],
    [['a:b'], /malformed slice 'a:b'/],
    [['1:2:3:4'], /malformed slice/],
    [['...', '...'], /single ellipsis/],
    [[tensor([5], { dtype: 'int32' })], /index 5 is out of bounds for dimension with size 3/],
    [[tensor([true, false])], /shape of the mask \[2\] does not match/],
    [[tensor([0.5])], /indices must be integers|int32/],
  ])('get(%j) throws', (index, message) => {
    expect(() => t.get(...index)).toThrow(message);
    expect(() => t.get(...index)).toThrow(IndexError);
  });

  test('a failed set leaves the tensor unchanged', () => {
    const u = base();
    expect(() => u.set([0, '0:2'], tensor([1, 2, 3]))).toThrow(/expand/);
    expect(u.sum().item()).toBe(1770);
  });
});
