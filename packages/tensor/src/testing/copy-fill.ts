import { describe, expect, test } from 'vitest';
import {
  type Backend,
  cat,
  type DType,
  eye,
  full,
  ones,
  stack,
  tensor,
  where,
  zeros,
} from '../index';
import { numel } from '../shape';
import {
  broadcastTo,
  cast,
  expectTensor,
  floatToInt32,
  type HostTensor,
  LAYOUTS,
  place,
  SPECIAL,
  values,
} from './host';

const DTYPES: readonly DType[] = ['float32', 'int32', 'bool'];

/** Copies, casts, fills, where, cat/stack and writes: the data-movement kernels. */
export function copyFillTests(getBackend: () => Backend): void {
  describe('copy and cast', () => {
    test('every dtype to every dtype, from every layout (PyTorch casts: trunc, NaN -> INT_MIN, nonzero -> true)', async () => {
      const backend = getBackend();
      for (const from of DTYPES) {
        const data =
          from === 'float32'
            ? [...SPECIAL.filter(Number.isFinite), Number.NaN, 0.9, -0.9, 3.7, -3.7, 1e6 + 0.5]
            : values(16, from, 4, -9, 9);
        const input: HostTensor = { values: data.slice(0, 16), shape: [2, 8], dtype: from };
        for (const to of DTYPES) {
          const expected = Array.from(input.values, (v) =>
            from === 'float32' && to === 'int32' ? floatToInt32(v) : cast(v, to),
          );
          for (const layout of LAYOUTS) {
            await expectTensor(
              place(input, backend, layout).to(to),
              { ...input, values: expected, dtype: to },
              `${from} ${layout} -> ${to}`,
            );
          }
        }
      }
    });

    test('contiguous() and clone() of views keep values; copy_ broadcasts and casts into a view', async () => {
      const backend = getBackend();
      const input: HostTensor = {
        values: values(24, 'float32', 8),
        shape: [2, 3, 4],
        dtype: 'float32',
      };
      const t = place(input, backend, 'transposed');
      await expectTensor(t.contiguous(), input, 'contiguous of a transposed view');
      await expectTensor(t.clone(), input, 'clone');
      const target = zeros([3, 4], { backend, dtype: 'int32' });
      target.get(':', '1:3').copy_(tensor([[7.9], [-2.5], [0]], { backend }));
      const expected = [0, 7, 7, 0, 0, -2, -2, 0, 0, 0, 0, 0];
      await expectTensor(
        target,
        { values: expected, shape: [3, 4], dtype: 'int32' },
        'copy_ into a column slice',
      );
    });
  });

  describe('fill', () => {
    test('full/zeros/ones of every dtype, and fill_ of strided views', async () => {
      const backend = getBackend();
      for (const dtype of DTYPES) {
        for (const value of [0, 1, -2.75, 5e9, Number.NaN]) {
          const expected = new Array(6).fill(
            cast(Number.isNaN(value) && dtype === 'int32' ? 0 : value, dtype),
          );
          if (dtype === 'int32' && Math.abs(value) > 2 ** 31) continue;
          await expectTensor(
            full([2, 3], value, { backend, dtype }),
            { values: expected, shape: [2, 3], dtype },
            `full(${value}, ${dtype})`,
          );
        }
      }
      await expectTensor(
        ones([0, 3], { backend }),
        { values: [], shape: [0, 3], dtype: 'float32' },
        'ones of an empty shape',
      );
      const t = zeros([4, 5], { backend });
      t.get(':', 1).fill_(3);
      t.get('::2', '::2').fill_(-1);
      t.get(3).zero_();
      const expected = [-1, 3, -1, 0, -1, 0, 3, 0, 0, 0, -1, 3, -1, 0, -1, 0, 0, 0, 0, 0];
      await expectTensor(
        t,
        { values: expected, shape: [4, 5], dtype: 'float32' },
        'fill_ on column, strided and row views',
      );
      const mask = zeros([3], { backend, dtype: 'bool' }).fill_(true);
      await expectTensor(mask, { values: [1, 1, 1], shape: [3], dtype: 'bool' }, 'fill_(true)');
    });

    test('eye writes into a zeroed storage', async () => {
      const backend = getBackend();
      await expectTensor(
        eye(2, 3, { backend }),
        { values: [1, 0, 0, 0, 1, 0], shape: [2, 3], dtype: 'float32' },
        'eye(2, 3)',
      );
    });
  });

  describe('where', () => {
    test('broadcast condition and operands, promoted dtypes, scalar branches, every layout', async () => {
      const backend = getBackend();
      const cond: HostTensor = { values: values(12, 'bool', 2), shape: [3, 4], dtype: 'bool' };
      const a: HostTensor = {
        values: [...SPECIAL.slice(0, 4), ...values(8, 'float32', 3)],
        shape: [3, 4],
        dtype: 'float32',
      };
      const b: HostTensor = { values: values(4, 'int32', 4), shape: [4], dtype: 'int32' };
      const bv = broadcastTo(b, [3, 4]);
      const expected = Array.from(cond.values, (c, i) => (c ? a.values[i] : bv[i]));
      for (const layout of LAYOUTS) {
        const out = where(
          place(cond, backend, layout),
          place(a, backend, layout),
          place(b, backend),
        );
        await expectTensor(
          out,
          { values: expected, shape: [3, 4], dtype: 'float32' },
          `where(${layout})`,
        );
      }
      const ints = where(place(cond, backend), 1, place(b, backend));
      const intExpected = Array.from(cond.values, (c, i) => (c ? 1 : bv[i]));
      await expectTensor(
        ints,
        { values: intExpected, shape: [3, 4], dtype: 'int32' },
        'where(cond, 1, int tensor)',
      );
      const masked = place(a, backend).maskedFill(place(cond, backend, 'transposed'), -1);
      await expectTensor(
        masked,
        { ...a, values: Array.from(a.values, (v, i) => (cond.values[i] ? -1 : v)) },
        'maskedFill',
      );
    });
  });

  describe('cat, stack and writes through indices', () => {
    test('cat of non-contiguous parts along each dim, with dtype promotion; stack', async () => {
      const backend = getBackend();
      const a: HostTensor = { values: values(6, 'float32', 30), shape: [2, 3], dtype: 'float32' };
      const b: HostTensor = { values: values(9, 'int32', 31), shape: [3, 3], dtype: 'int32' };
      const out = cat([place(a, backend, 'transposed'), place(b, backend, 'strided')], 0);
      await expectTensor(
        out,
        { values: [...a.values, ...b.values], shape: [5, 3], dtype: 'float32' },
        'cat dim 0',
      );
      const c: HostTensor = { values: values(4, 'float32', 32), shape: [2, 2], dtype: 'float32' };
      const joined = cat([place(a, backend, 'offset'), place(c, backend, 'transposed')], 1);
      const rows = [0, 1].flatMap((r) => [
        ...Array.from(a.values).slice(3 * r, 3 * r + 3),
        ...Array.from(c.values).slice(2 * r, 2 * r + 2),
      ]);
      await expectTensor(joined, { values: rows, shape: [2, 5], dtype: 'float32' }, 'cat dim 1');
      const stacked = stack([place(c, backend), place(c, backend, 'transposed')], 2);
      const cv = Array.from(c.values);
      await expectTensor(
        stacked,
        { values: cv.flatMap((v) => [v, v]), shape: [2, 2, 2], dtype: 'float32' },
        'stack dim 2',
      );
    });

    test('set() writes through basic and tensor indices', async () => {
      const backend = getBackend();
      const t = zeros([3, 4], { backend });
      t.set([1, '1:3'], 5);
      t.set([null, '...', 0], tensor([1, 2, 3], { backend }));
      const expected = [1, 0, 0, 0, 2, 5, 5, 0, 3, 0, 0, 0];
      await expectTensor(t, { values: expected, shape: [3, 4], dtype: 'float32' }, 'set');
    });

    test('Backend.write at an element offset, and read of an empty view', async () => {
      const backend = getBackend();
      const t = zeros([6], { backend, dtype: 'int32' });
      backend.write(t._storage, Int32Array.from([4, 5]), 3);
      await expectTensor(
        t,
        { values: [0, 0, 0, 4, 5, 0], shape: [6], dtype: 'int32' },
        'write at offset 3',
      );
      const bools = zeros([4], { backend, dtype: 'bool' });
      backend.write(bools._storage, Uint8Array.from([1, 0, 1]), 1);
      await expectTensor(bools, { values: [0, 1, 0, 1], shape: [4], dtype: 'bool' }, 'bool write');
      expect(numel(t.get('2:2').shape)).toBe(0);
      expect(Array.from(await t.get('2:2').toArray())).toEqual([]);
    });
  });
}
