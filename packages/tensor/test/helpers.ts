import { expect } from 'vitest';
import { type DType, type OpAttrs, type Recorder, setRecorder, type Tensor, tensor } from '../src';

/** A tensor as the fixtures encode it: flat values (non-finite as strings), shape and dtype. */
export interface Encoded {
  shape: number[];
  dtype: DType;
  values: (number | boolean | string)[];
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

/** Asserts shape, dtype and values (floats within rtol/atol, NaN matching NaN). */
export function expectMatches(
  actual: Tensor,
  expected: Encoded,
  { rtol = 1e-6, atol = 1e-6 } = {},
): void {
  expect(actual.shape).toEqual(expected.shape);
  expect(actual.dtype).toBe(expected.dtype);
  const want = decode(expected).toArraySync();
  const got = actual.toArraySync();
  for (let i = 0; i < want.length; i++) {
    const [g, w] = [got[i], want[i]];
    if (Number.isNaN(w)) {
      expect(g, `element ${i}`).toBeNaN();
    } else if (!Number.isFinite(w) || expected.dtype !== 'float32') {
      expect(g, `element ${i}`).toBe(w);
    } else if (Math.abs(g - w) > atol + rtol * Math.abs(w)) {
      expect.fail(`element ${i}: got ${g}, expected ${w} (rtol ${rtol}, atol ${atol})`);
    }
  }
}

/** Runs `fn` with a recorder that tracks everything and lists the ops it is told of. */
export function recorded(fn: () => unknown): { op: string; attrs: OpAttrs }[] {
  const calls: { op: string; attrs: OpAttrs }[] = [];
  const spy: Recorder = {
    isTracking: () => true,
    record: (op, _inputs, _output, attrs) => {
      calls.push({ op, attrs });
    },
    beforeInPlace: () => {},
    rebase: () => {},
  };
  const previous = setRecorder(spy);
  try {
    fn();
  } finally {
    setRecorder(previous);
  }
  return calls;
}
