// Python's format(float, '.Nf' / '.Ne'), which PyTorch's printing is built on, reproduced exactly.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { formatExp, formatFixed } from '../../src/print/index.js';

const { numbers }: { numbers: { bits: number[]; formats: Record<string, string[]> } } = JSON.parse(
  readFileSync(new URL('../fixtures/print/torch.json', import.meta.url), 'utf8'),
);
const values = new Float32Array(Uint32Array.from(numbers.bits).buffer);

describe('Python float formatting', () => {
  it.each(Object.entries(numbers.formats))(
    "format(x, '%s') for every fixture value",
    (spec, expected) => {
      const precision = Number(spec.slice(1, -1));
      const fn = spec.endsWith('f') ? formatFixed : formatExp;
      const got = Array.from(values, (v) => fn(v, precision));
      expect(got).toEqual(expected);
    },
  );

  it('rounds exact ties half to even, unlike toFixed', () => {
    expect(formatFixed(0.03125, 4)).toBe('0.0312');
    expect((0.03125).toFixed(4)).toBe('0.0313');
    expect(formatFixed(2.5, 0)).toBe('2');
    expect(formatFixed(-0.125, 2)).toBe('-0.12');
    expect(formatExp(1.5, 0)).toBe('2e+00');
    expect(formatExp(2.5, 0)).toBe('2e+00');
  });

  it('writes non-finite values and signed zero as Python does', () => {
    expect(formatFixed(Number.NaN, 4)).toBe('nan');
    expect(formatExp(Number.NEGATIVE_INFINITY, 4)).toBe('-inf');
    expect(formatFixed(-0, 4)).toBe('-0.0000');
    expect(formatFixed(-1e-9, 4)).toBe('-0.0000');
    expect(formatExp(-0, 4)).toBe('-0.0000e+00');
  });

  it('keeps every digit of large values and pads exponents to two digits', () => {
    expect(formatFixed(1e21, 1)).toBe('1000000000000000000000.0');
    expect(formatExp(1e-5, 4)).toBe('1.0000e-05');
    expect(formatExp(1e100, 2)).toBe('1.00e+100');
    expect(formatExp(9.99995e-5, 4)).toBe('9.9999e-05');
    expect(formatExp(99999.5, 4)).toBe('1.0000e+05');
  });
});
