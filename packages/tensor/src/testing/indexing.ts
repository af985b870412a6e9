import { describe, expect, test } from 'vitest';
import { type Backend, gather, IndexError, scatterAdd, type Tensor, tensor } from '../index';
import { cast, expectTensor, type HostTensor, place, values } from './host';

/** out[i][j] = input[index[i][j]][j] (dim 0) or input[i][index[i][j]] (dim 1), for 2-D. */
function gatherRef(input: HostTensor, dim: number, index: HostTensor): number[] {
  const [, cols] = input.shape;
  const [, icols] = index.shape;
  return Array.from(index.values, (j, k) => {
    const [r, c] = [Math.floor(k / icols), k % icols];
    return dim === 0 ? input.values[j * cols + c] : input.values[r * cols + j];
  });
}

function scatterAddRef(
  input: HostTensor,
  dim: number,
  index: HostTensor,
  src: HostTensor,
): number[] {
  const out = Array.from(input.values);
  const [, cols] = input.shape;
  const [, icols] = index.shape;
  Array.from(index.values).forEach((j, k) => {
    const [r, c] = [Math.floor(k / icols), k % icols];
    const at = dim === 0 ? j * cols + c : r * cols + j;
    out[at] = cast(out[at] + src.values[k], input.dtype);
  });
  return out;
}

/** gather, scatterAdd, indexSelect and tensor indexing; out-of-range indices raise IndexError. */
export function indexingTests(getBackend: () => Backend): void {
  describe('gather, scatterAdd, indexSelect', () => {
    const input: HostTensor = {
      values: values(20, 'float32', 50),
      shape: [4, 5],
      dtype: 'float32',
    };
    const index0: HostTensor = {
      values: [3, 0, 1, 1, 2, 0, 0, 3, 2, 1],
      shape: [2, 5],
      dtype: 'int32',
    };
    const index1: HostTensor = { values: [4, 0, 2, 2, 1, 0, 3, 3], shape: [4, 2], dtype: 'int32' };

    test('gather along each dim from views, with negative indices', async () => {
      const backend = getBackend();
      for (const layout of ['contiguous', 'transposed', 'strided'] as const) {
        const t = place(input, backend, layout);
        await expectTensor(
          t.gather(0, place(index0, backend)),
          { values: gatherRef(input, 0, index0), shape: [2, 5], dtype: 'float32' },
          `gather dim 0 ${layout}`,
        );
        await expectTensor(
          gather(t, 1, place(index1, backend, 'transposed')),
          { values: gatherRef(input, 1, index1), shape: [4, 2], dtype: 'float32' },
          `gather dim 1 ${layout}`,
        );
      }
      const negative = { ...index1, values: index1.values.map((j) => j - 5) };
      await expectTensor(
        place(input, backend).gather(1, place(negative, backend)),
        { values: gatherRef(input, 1, index1), shape: [4, 2], dtype: 'float32' },
        'negative indices',
      );
      const ints: HostTensor = { ...input, values: values(20, 'int32', 51), dtype: 'int32' };
      await expectTensor(
        place(ints, backend).gather(0, place(index0, backend)),
        { values: gatherRef(ints, 0, index0), shape: [2, 5], dtype: 'int32' },
        'gather int32',
      );
    });

    test('scatterAdd with colliding indices, every dtype', async () => {
      const backend = getBackend();
      for (const dtype of ['float32', 'int32', 'bool'] as const) {
        const base: HostTensor = { ...input, values: values(20, dtype, 52), dtype };
        const src0: HostTensor = { values: values(10, dtype, 53), shape: [2, 5], dtype };
        const out = scatterAdd(
          place(base, backend, 'transposed'),
          0,
          place(index0, backend),
          place(src0, backend, 'strided'),
        );
        await expectTensor(
          out,
          { ...base, values: scatterAddRef(base, 0, index0, src0) },
          `scatterAdd dim 0 ${dtype}`,
          { rtol: 1e-6 },
        );
        const src1: HostTensor = { values: values(8, dtype, 54), shape: [4, 2], dtype };
        const out1 = place(base, backend).scatterAdd(
          1,
          place(index1, backend),
          place(src1, backend),
        );
        await expectTensor(
          out1,
          { ...base, values: scatterAddRef(base, 1, index1, src1) },
          `scatterAdd dim 1 ${dtype}`,
          { rtol: 1e-6 },
        );
      }
      // Many adds into one element: the float sum is order-independent only to rounding.
      const ones = place(
        { values: new Array(300).fill(0.25), shape: [1, 300], dtype: 'float32' },
        backend,
      );
      const into = place({ values: [0, 0], shape: [1, 2], dtype: 'float32' }, backend);
      const indices = place(
        { values: Array.from({ length: 300 }, (_, i) => i % 2), shape: [1, 300], dtype: 'int32' },
        backend,
      );
      await expectTensor(
        into.scatterAdd(1, indices, ones),
        { values: [37.5, 37.5], shape: [1, 2], dtype: 'float32' },
        '300 colliding adds',
      );
    });

    test('indexSelect, and get() with an int tensor index', async () => {
      const backend = getBackend();
      const t = place(input, backend, 'transposed');
      const rows = tensor(new Int32Array([2, 0, 2]), { backend });
      const want = [2, 0, 2].flatMap((r) => Array.from(input.values).slice(r * 5, r * 5 + 5));
      await expectTensor(
        t.indexSelect(0, rows),
        { values: want, shape: [3, 5], dtype: 'float32' },
        'indexSelect rows',
      );
      const cols = tensor(new Int32Array([4, -1, 1]), { backend });
      const wantCols = [0, 1, 2, 3].flatMap((r) => [4, 4, 1].map((c) => input.values[r * 5 + c]));
      await expectTensor(
        t.indexSelect(1, cols),
        { values: wantCols, shape: [4, 3], dtype: 'float32' },
        'indexSelect cols',
      );
      await expectTensor(
        t.get(':', cols),
        { values: wantCols, shape: [4, 3], dtype: 'float32' },
        "get(':', index)",
      );
    });

    test('an out-of-range index is an IndexError (on devices: at the next read)', async () => {
      const backend = getBackend();
      const readGather = async (bad: number) => {
        const out = place(input, backend).gather(
          1,
          tensor(new Int32Array([0, bad, 1, 2]), { backend, shape: [4, 1] }),
        );
        return out.toArray();
      };
      await expect(readGather(5)).rejects.toThrow(IndexError);
      await expect(readGather(-6)).rejects.toThrow(/out of bounds for dimension with size 5/);
      const readScatter = async () => {
        const idx = tensor(new Int32Array([0, 7]), { backend, shape: [1, 2] });
        const src = tensor([[1, 1]], { backend });
        return place(input, backend).scatterAdd(1, idx, src).toArray();
      };
      await expect(readScatter()).rejects.toThrow(IndexError);
      // The error is reported once; the backend keeps working.
      const ok: Tensor = place(input, backend).gather(0, place(index0, backend));
      await expectTensor(
        ok,
        { values: gatherRef(input, 0, index0), shape: [2, 5], dtype: 'float32' },
        'gather after an IndexError',
      );
    });
  });
}
