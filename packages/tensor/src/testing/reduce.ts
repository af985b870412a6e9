import { describe, expect, test } from 'vitest';
import { type Backend, cpu, type DType, IndexError, type Tensor, tensor } from '../index';
import { numel } from '../shape';
import {
  cast,
  expectTensor,
  expectValues,
  type HostTensor,
  hostOf,
  type Layout,
  place,
  values,
} from './host';

type Kind = 'sum' | 'prod' | 'max' | 'min' | 'argmax' | 'argmin';

/** Naive reduction over `dims` of row-major values, sums in float64, the first extreme on ties, NaN winning. */
function reference(
  kind: Kind,
  input: HostTensor,
  dims: readonly number[],
  keepdim: boolean,
): HostTensor {
  const { shape } = input;
  const keptShape = shape.map((s, d) => (dims.includes(d) ? 1 : s));
  const groups = new Map<number, { value: number; index: number }[]>();
  for (let i = 0; i < numel(shape); i++) {
    let rem = i;
    let outIndex = 0;
    let inner = 0;
    let innerStride = 1;
    let outStride = 1;
    for (let d = shape.length - 1; d >= 0; d--) {
      const c = rem % shape[d];
      rem = Math.floor(rem / shape[d]);
      if (dims.includes(d)) {
        inner += c * innerStride;
        innerStride *= shape[d];
      } else {
        outIndex += c * outStride;
      }
      outStride *= keptShape[d];
    }
    const group = groups.get(outIndex) ?? [];
    group[inner] = { value: input.values[i], index: inner };
    groups.set(outIndex, group);
  }
  const outCount = numel(keptShape);
  const result: number[] = [];
  for (let o = 0; o < outCount; o++) {
    const group = groups.get(o) ?? [];
    if (kind === 'sum') result.push(group.reduce((acc, e) => acc + e.value, 0));
    else if (kind === 'prod') result.push(group.reduce((acc, e) => acc * e.value, 1));
    else {
      const sign = kind === 'max' || kind === 'argmax' ? 1 : -1;
      let best = group[0];
      for (const e of group) {
        if (Number.isNaN(best.value)) break;
        if (Number.isNaN(e.value) || (e.value - best.value) * sign > 0) best = e;
      }
      result.push(kind.startsWith('arg') ? best.index : best.value);
    }
  }
  const dtype: DType = kind.startsWith('arg')
    ? 'int32'
    : kind === 'sum' || kind === 'prod'
      ? input.dtype === 'float32'
        ? 'float32'
        : 'int32'
      : input.dtype;
  return {
    values: result.map((v) => cast(v, dtype)),
    shape: keepdim ? keptShape : shape.filter((_, d) => !dims.includes(d)),
    dtype,
  };
}

const SUM_TOL = { rtol: 1e-5, atol: 1e-5 };

/** Every reduction: dims given or all, several at once, negative, keepdim, NaN, ties, int and bool inputs. */
export function reduceTests(getBackend: () => Backend): void {
  describe('reductions', () => {
    const floats: HostTensor = {
      values: values(60, 'float32', 40, -2, 2),
      shape: [3, 4, 5],
      dtype: 'float32',
    };
    const layouts: Layout[] = ['contiguous', 'transposed', 'strided'];
    const dimCases: { dims?: number | number[]; keepdim?: boolean }[] = [
      {},
      { dims: 0 },
      { dims: -1 },
      { dims: 1, keepdim: true },
      { dims: [0, 2] },
      { dims: [2, 0], keepdim: true },
      { dims: [0, 1, 2] },
    ];
    const dimsOf = (d: number | number[] | undefined, ndim: number) =>
      (d === undefined ? [...Array(ndim).keys()] : [d].flat().map((x) => (x + ndim) % ndim)).sort();

    test('sum, mean, prod, amax, amin over dims, with keepdim', async () => {
      const backend = getBackend();
      for (const layout of layouts) {
        const t = place(floats, backend, layout);
        for (const { dims, keepdim = false } of dimCases) {
          const label = `(${layout}, dims ${JSON.stringify(dims)}, keepdim ${keepdim})`;
          const d = dimsOf(dims, 3);
          const sum = reference('sum', floats, d, keepdim);
          await expectTensor(t.sum(dims, { keepdim }), sum, `sum${label}`, SUM_TOL);
          const count = numel(d.map((k) => floats.shape[k]));
          await expectTensor(
            t.mean(dims, { keepdim }),
            { ...sum, values: sum.values.map((v) => cast(v / count, 'float32')) },
            `mean${label}`,
            SUM_TOL,
          );
          await expectTensor(
            t.amax(dims, { keepdim }),
            reference('max', floats, d, keepdim),
            `amax${label}`,
          );
          await expectTensor(
            t.amin(dims, { keepdim }),
            reference('min', floats, d, keepdim),
            `amin${label}`,
          );
          if (typeof dims === 'number' || dims === undefined) {
            await expectTensor(
              t.prod(dims, { keepdim }),
              reference('prod', floats, d, keepdim),
              `prod${label}`,
              SUM_TOL,
            );
          }
        }
      }
    });

    test('max/min/argmax/argmin along a dim: the first extreme on ties, NaN wins', async () => {
      const backend = getBackend();
      const data = [
        1,
        3,
        3,
        -1,
        Number.NaN,
        2,
        2,
        Number.NaN,
        0,
        0,
        0,
        0,
        -5,
        7,
        7,
        -5,
        4,
        Number.NaN,
        4,
        1,
      ];
      const input: HostTensor = { values: data, shape: [5, 4], dtype: 'float32' };
      for (const layout of ['contiguous', 'transposed'] as const) {
        const t = place(input, backend, layout);
        for (const [dim, keepdim] of [
          [1, false],
          [0, true],
          [-1, true],
        ] as const) {
          const d = [(dim + 2) % 2];
          const label = `(${layout}, dim ${dim}, keepdim ${keepdim})`;
          const max = t.max(dim, { keepdim });
          await expectTensor(max.values, reference('max', input, d, keepdim), `max.values${label}`);
          await expectTensor(
            max.indices,
            reference('argmax', input, d, keepdim),
            `max.indices${label}`,
          );
          const min = t.min(dim, { keepdim });
          await expectTensor(min.values, reference('min', input, d, keepdim), `min.values${label}`);
          await expectTensor(
            min.indices,
            reference('argmin', input, d, keepdim),
            `min.indices${label}`,
          );
          await expectTensor(
            t.argmax(dim, { keepdim }),
            reference('argmax', input, d, keepdim),
            `argmax${label}`,
          );
        }
        await expectTensor(t.max(), reference('max', input, [0, 1], false), `max()${layout}`);
        await expectTensor(
          t.argmin(),
          reference('argmin', input, [0, 1], false),
          `argmin()${layout}`,
        );
      }
    });

    test('int and bool inputs: sums to int32, max keeps the dtype, all/any', async () => {
      const backend = getBackend();
      for (const dtype of ['int32', 'bool'] as const) {
        const input: HostTensor = { values: values(24, dtype, 41, -9, 9), shape: [4, 6], dtype };
        const t = place(input, backend, 'transposed');
        for (const d of [[0], [1], [0, 1]]) {
          await expectTensor(t.sum(d), reference('sum', input, d, false), `sum(${dtype}, ${d})`);
          await expectTensor(t.amax(d), reference('max', input, d, false), `amax(${dtype}, ${d})`);
          await expectTensor(t.amin(d), reference('min', input, d, false), `amin(${dtype}, ${d})`);
        }
        await expectTensor(t.prod(1), reference('prod', input, [1], false), `prod(${dtype})`);
        await expectTensor(t.argmax(0), reference('argmax', input, [0], false), `argmax(${dtype})`);
      }
      const mask = tensor(
        [
          [true, false],
          [true, true],
        ],
        { backend },
      );
      expect(await mask.all().tolist()).toBe(false);
      expect(await mask.any().tolist()).toBe(true);
      expect(await mask.get(1).all().tolist()).toBe(true);
    });

    test('long reductions (workgroup tree) and empty reductions', async () => {
      const backend = getBackend();
      const long: HostTensor = {
        values: values(3 * 700, 'float32', 42),
        shape: [3, 700],
        dtype: 'float32',
      };
      const t = place(long, backend, 'transposed');
      await expectTensor(t.sum(1), reference('sum', long, [1], false), 'sum over 700', SUM_TOL);
      await expectTensor(t.sum(), reference('sum', long, [0, 1], false), 'sum of 2100', SUM_TOL);
      await expectTensor(t.amax(1), reference('max', long, [1], false), 'amax over 700');
      const withNaN = { ...long, values: long.values.map((v, i) => (i === 1000 ? Number.NaN : v)) };
      await expectTensor(
        place(withNaN, backend).argmax(1),
        reference('argmax', withNaN, [1], false),
        'argmax over 700 with a NaN',
      );
      await expectTensor(
        place(long, backend, 'strided').argmin(1),
        reference('argmin', long, [1], false),
        'argmin over 700',
      );
      // Many outputs, each long: one thread per output rather than a workgroup.
      const wide: HostTensor = {
        values: values(130 * 200, 'float32', 44),
        shape: [130, 200],
        dtype: 'float32',
      };
      await expectTensor(
        place(wide, backend).sum(0),
        reference('sum', wide, [0], false),
        'sum over 130, 200 outputs',
        SUM_TOL,
      );
      await expectTensor(
        place(wide, backend, 'transposed').argmax(0),
        reference('argmax', wide, [0], false),
        'argmax over 130, 200 outputs',
      );
      const ints: HostTensor = {
        values: values(1000, 'int32', 43, -50, 50),
        shape: [1000],
        dtype: 'int32',
      };
      await expectTensor(
        place(ints, backend).sum(),
        reference('sum', ints, [0], false),
        'int sum of 1000',
      );
      const empty = place({ values: [], shape: [2, 0], dtype: 'float32' }, backend);
      await expectTensor(
        empty.sum(1),
        { values: [0, 0], shape: [2], dtype: 'float32' },
        'sum over an empty dim',
      );
      await expectTensor(
        empty.prod(1),
        { values: [1, 1], shape: [2], dtype: 'float32' },
        'prod over an empty dim',
      );
      expect(() => empty.amax(1)).toThrow(IndexError);
    });

    test('var, std, logsumexp, softmax, logSoftmax agree with the CPU', async () => {
      const backend = getBackend();
      const input: HostTensor = {
        values: values(60, 'float32', 44, -4, 4),
        shape: [3, 4, 5],
        dtype: 'float32',
      };
      const onCpu = place(input, cpu);
      const t = place(input, backend, 'transposed');
      const pairs: [string, (x: Tensor) => Tensor][] = [
        ['var()', (x) => x.var()],
        ['var(1, correction 0, keepdim)', (x) => x.var(1, { correction: 0, keepdim: true })],
        ['std([0, 2])', (x) => x.std([0, 2])],
        ['logsumexp(2)', (x) => x.logsumexp(2)],
        ['softmax(1)', (x) => x.softmax(1)],
        ['logSoftmax(-1)', (x) => x.logSoftmax(-1)],
      ];
      for (const [label, f] of pairs) {
        const want = await hostOf(f(onCpu));
        expectValues(await f(t).toArray(), want.values, 'float32', label, SUM_TOL);
      }
    });
  });
}
