import { afterEach, describe, expect, it } from 'vitest';
import { ArgumentError } from '../../src/errors.js';
import { formatTensor, getPrintOptions, setPrintOptions } from '../../src/print/index.js';

const f32 = (...v: number[]) => Float32Array.from(v);

afterEach(() => setPrintOptions({ profile: 'default' }));

describe('print options', () => {
  it("default to PyTorch's", () => {
    expect(getPrintOptions()).toEqual({
      precision: 4,
      threshold: 1000,
      edgeitems: 3,
      linewidth: 80,
      sciMode: null,
    });
  });

  it('are used when formatTensor gets no print options', () => {
    setPrintOptions({ precision: 2 });
    expect(formatTensor(f32(1.12345), [1], 'float32')).toBe('tensor([1.12])');
    setPrintOptions({ threshold: 5 });
    expect(
      formatTensor(
        Int32Array.from({ length: 10 }, (_, i) => i),
        [10],
        'int32',
      ),
    ).toBe('tensor([0, 1, 2,  ..., 7, 8, 9])');
  });

  it('per-call options override the global ones field by field', () => {
    setPrintOptions({ precision: 2 });
    const x = f32(1.12345, 2);
    expect(formatTensor(x, [2], 'float32', { print: { sciMode: true } })).toBe(
      'tensor([1.12e+00, 2.00e+00])',
    );
    expect(formatTensor(x, [2], 'float32', { print: { precision: 3 } })).toBe(
      'tensor([1.123, 2.000])',
    );
  });

  it('reset sciMode to automatic when it is not given, as torch.set_printoptions does', () => {
    setPrintOptions({ sciMode: true });
    expect(getPrintOptions().sciMode).toBe(true);
    setPrintOptions({ precision: 3 });
    expect(getPrintOptions()).toMatchObject({ precision: 3, sciMode: null });
  });

  it('apply profiles before explicit fields', () => {
    setPrintOptions({ profile: 'short', edgeitems: 1 });
    expect(getPrintOptions()).toMatchObject({ precision: 2, edgeitems: 1, threshold: 1000 });
    setPrintOptions({ profile: 'full' });
    expect(getPrintOptions().threshold).toBe(Infinity);
  });

  it('return a copy', () => {
    const o = getPrintOptions();
    o.precision = 9;
    expect(getPrintOptions().precision).toBe(4);
  });

  it('reject bad values', () => {
    expect(() => setPrintOptions({ precision: -1 })).toThrow(ArgumentError);
    expect(() => setPrintOptions({ linewidth: 1.5 })).toThrow(ArgumentError);
    expect(() =>
      formatTensor(f32(1), [1], 'float32', { print: { edgeitems: Number.NaN } }),
    ).toThrow(ArgumentError);
  });
});

describe('formatTensor arguments', () => {
  it('rejects a shape that does not match the data', () => {
    expect(() => formatTensor(f32(1, 2, 3), [2, 2], 'float32')).toThrow(ArgumentError);
    expect(() => formatTensor(f32(), [-1], 'float32')).toThrow(ArgumentError);
  });

  it('places a device suffix before size and dtype, as _str_intern does', () => {
    expect(
      formatTensor(new Int32Array(0), [0, 2], 'int32', {
        suffixes: ["device='webgpu:0'", 'requires_grad=True'],
      }),
    ).toBe(
      "tensor([], device='webgpu:0', size=(0, 2), dtype=torch.int64,\n       requires_grad=True)",
    );
  });

  it('indents continuation lines by the last line of a multi-line prefix', () => {
    expect(
      formatTensor(f32(1, 2, 3, 4), [2, 2], 'float32', {
        prefix: 'Parameter containing:\ntensor(',
        suffixes: ['requires_grad=True'],
      }),
    ).toBe('Parameter containing:\ntensor([[1., 2.],\n        [3., 4.]], requires_grad=True)');
  });
});
