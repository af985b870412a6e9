// Deterministic initialisers against closed forms.
import { empty, eye, tensor, zeros } from '@x/tensor';
import { describe, expect, it } from 'vitest';
import { constant_, dirac_, eye_, ones_, zeros_ } from '../src';

describe('constant_, ones_, zeros_', () => {
  it('fill every element, return the same tensor and count as a write', () => {
    const t = empty([2, 3]);
    const version = t.version;
    expect(constant_(t, 0.25)).toBe(t);
    expect(t.tolistSync()).toEqual([
      [0.25, 0.25, 0.25],
      [0.25, 0.25, 0.25],
    ]);
    expect(t.version).toBeGreaterThan(version);
    expect(ones_(t).tolistSync()).toEqual([
      [1, 1, 1],
      [1, 1, 1],
    ]);
    expect(zeros_(t).tolistSync()).toEqual([
      [0, 0, 0],
      [0, 0, 0],
    ]);
  });

  it("cast to the tensor's dtype as PyTorch's fill_ does", () => {
    expect(constant_(zeros([2], { dtype: 'int32' }), 2.7).tolistSync()).toEqual([2, 2]);
    expect(constant_(zeros([2], { dtype: 'bool' }), 3).tolistSync()).toEqual([true, true]);
    expect(constant_(empty([1]), Number.NaN).toArraySync()[0]).toBeNaN();
  });

  it('write only the view they are given', () => {
    const t = zeros([3, 3]);
    constant_(t.get(':', 1), 7);
    expect(t.tolistSync()).toEqual([
      [0, 7, 0],
      [0, 7, 0],
      [0, 7, 0],
    ]);
  });
});

describe('eye_', () => {
  it('puts ones on the main diagonal of square, tall and wide matrices', () => {
    expect(eye_(empty([2, 2])).tolistSync()).toEqual([
      [1, 0],
      [0, 1],
    ]);
    expect(eye_(empty([3, 2])).tolistSync()).toEqual([
      [1, 0],
      [0, 1],
      [0, 0],
    ]);
    expect(eye_(empty([2, 4])).tolistSync()).toEqual([
      [1, 0, 0, 0],
      [0, 1, 0, 0],
    ]);
  });

  it('fills a transposed view through its strides, and int tensors', () => {
    const t = empty([4, 2]);
    eye_(t.t());
    expect(t.tolistSync()).toEqual(eye(2, 4).t().tolistSync());
    expect(eye_(empty([2, 2], { dtype: 'int32' })).tolistSync()).toEqual([
      [1, 0],
      [0, 1],
    ]);
  });
});

describe('dirac_', () => {
  /** out[o, i, centre] = 1 iff i === o mod (out / groups) within each group. */
  function expected(shape: number[], groups: number): number[] {
    const perGroup = shape[0] / groups;
    const kernel = shape.slice(2);
    const kernelSize = kernel.reduce((a, b) => a * b, 1);
    let centre = 0;
    for (const size of kernel) centre = centre * size + Math.floor(size / 2);
    const values: number[] = [];
    for (let o = 0; o < shape[0]; o++) {
      for (let i = 0; i < shape[1]; i++) {
        for (let k = 0; k < kernelSize; k++) {
          const d = o % perGroup;
          values.push(d === i && d < Math.min(perGroup, shape[1]) && k === centre ? 1 : 0);
        }
      }
    }
    return values;
  }

  it('passes each input channel through the kernel centre for 3-, 4- and 5-D weights', () => {
    for (const [shape, groups] of [
      [[3, 3, 5], 1],
      [[4, 2, 3, 3], 1],
      [[2, 4, 3, 3], 1],
      [[6, 2, 3, 4], 3],
      [[4, 3, 3, 3, 3], 2],
    ] as [number[], number][]) {
      expect(Array.from(dirac_(empty(shape), { groups }).toArraySync())).toEqual(
        expected(shape, groups),
      );
    }
  });

  it('makes a 1-D convolution the identity on its channels', () => {
    const weight = dirac_(empty([2, 2, 3]));
    // conv1d with padding 1 on a 2-channel signal, by hand: out[o][t] = Σ w[o][i][k]·x[i][t+k−1]
    const x = tensor([
      [1, 2, 3],
      [4, 5, 6],
    ]);
    const w = weight.tolistSync() as number[][][];
    const xs = x.tolistSync() as number[][];
    const out = w.map((row) =>
      [0, 1, 2].map((t) =>
        row.reduce(
          (sum, taps, i) => sum + taps.reduce((s, wk, k) => s + wk * (xs[i][t + k - 1] ?? 0), 0),
          0,
        ),
      ),
    );
    expect(out).toEqual(xs);
  });
});
