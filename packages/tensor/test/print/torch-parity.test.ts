// Exact agreement with PyTorch 1.13's str(tensor) (fixtures written by test/fixtures/print/generate.py).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { formatTensor, type PrintDType, type PrintOptions } from '../../src/print/index.js';

interface Case {
  name: string;
  shape: number[];
  dtype: PrintDType;
  values: number[];
  prefix: string;
  suffixes: string[];
  expected: string;
  print?: Omit<PrintOptions, 'threshold'> & { threshold?: number | 'inf' };
  synthetic?: boolean;
}

const fixture: { torch: string; cases: Case[] } = JSON.parse(
  readFileSync(new URL('../fixtures/print/torch.json', import.meta.url), 'utf8'),
);

function data(c: Case): Float32Array | Int32Array | Uint8Array {
  if (c.dtype === 'float32') return new Float32Array(Uint32Array.from(c.values).buffer);
  if (c.dtype === 'int32') return Int32Array.from(c.values);
  return Uint8Array.from(c.values);
}

function printOptions(c: Case): PrintOptions {
  const { threshold, ...rest } = c.print ?? {};
  // Every case states all options so the global settings cannot leak in.
  return {
    precision: 4,
    threshold: threshold === 'inf' ? Infinity : (threshold ?? 1000),
    edgeitems: 3,
    linewidth: 80,
    sciMode: null,
    ...rest,
  };
}

describe(`formatTensor matches PyTorch ${fixture.torch}`, () => {
  it('has at least 60 cases', () => {
    expect(fixture.cases.length).toBeGreaterThanOrEqual(60);
  });

  it.each(fixture.cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const out = formatTensor(data(c), c.shape, c.dtype, {
      prefix: c.prefix,
      suffixes: c.suffixes,
      print: printOptions(c),
    });
    expect(out).toBe(c.expected);
  });
});
