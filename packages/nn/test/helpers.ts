import { readFileSync } from 'node:fs';
import { type Backend, CpuBackend, cpu, type DType, type Tensor, tensor } from '@x/tensor';
import { expect } from 'vitest';

/** A tensor as generate.py encodes it: flat values (non-finite as strings), shape, dtype. */
export interface Encoded {
  shape: number[];
  dtype: DType;
  values: (number | boolean | string)[];
}

export function fixture<T = any>(name: string): T {
  return JSON.parse(readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8'));
}

export function fixtureBytes(name: string): Uint8Array {
  return new Uint8Array(readFileSync(new URL(`./fixtures/${name}`, import.meta.url)));
}

export function decode(encoded: Encoded): Tensor {
  const values = encoded.values.map((v) =>
    typeof v === 'string' ? Number(v.replace('inf', 'Infinity')) : Number(v),
  );
  const data =
    encoded.dtype === 'float32'
      ? Float32Array.from(values)
      : encoded.dtype === 'int32'
        ? Int32Array.from(values)
        : Uint8Array.from(values);
  return tensor(data, { shape: encoded.shape, dtype: encoded.dtype });
}

/** Asserts shape, dtype and values (floats within atol + rtol·|expected|). */
export function expectClose(
  actual: Tensor,
  expected: Encoded,
  { rtol = 1e-5, atol = 1e-6 } = {},
): void {
  expect(actual.shape).toEqual(expected.shape);
  expect(actual.dtype).toBe(expected.dtype);
  const want = decode(expected).toArraySync();
  const got = actual.toArraySync();
  let worst = { index: -1, excess: 0 };
  for (let i = 0; i < want.length; i++) {
    const excess = Math.abs(got[i] - want[i]) - (atol + rtol * Math.abs(want[i]));
    if (!(excess <= worst.excess) && !(Number.isNaN(got[i]) && Number.isNaN(want[i])))
      worst = { index: i, excess };
  }
  if (worst.index >= 0) {
    expect.fail(
      `element ${worst.index}: got ${got[worst.index]}, expected ${want[worst.index]} (rtol ${rtol}, atol ${atol})`,
    );
  }
}

/** The state dict of a fixture as a Map of tensors. */
export function decodeState(state: Record<string, Encoded>): Map<string, Tensor> {
  return new Map(Object.entries(state).map(([k, v]) => [k, decode(v)]));
}

/** The CPU backend with its synchronous read taken away, under another name. */
export function asyncOnlyBackend(): Backend {
  const backend = new CpuBackend();
  Object.defineProperty(backend, 'name', { value: 'async-cpu' });
  Object.defineProperty(backend, 'readSync', { value: undefined });
  Object.defineProperty(backend, 'read', {
    value: async (view: Parameters<Backend['read']>[0]) => cpu.readSync!(view),
  });
  return backend;
}
