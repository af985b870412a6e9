import {
  ArgumentError,
  BACKEND_SPEC_VERSION,
  type Backend,
  cpu,
  getDefaultBackend,
  setDefaultBackend,
  zeros,
} from '@x/tensor';
import {
  coalesce,
  contiguousStrides,
  BACKEND_SPEC_VERSION as fromBackendEntry,
  isContiguous,
  numel,
} from '@x/tensor/backend';
import { describe, expect, test } from 'vitest';

/** The CPU backend, claiming another version of the spec. */
const ofVersion = (specVersion: unknown) =>
  Object.create(cpu, { specVersion: { value: specVersion } }) as Backend;

describe('the Backend spec version is checked where a backend is first used', () => {
  test('setDefaultBackend refuses a backend of another spec version, naming both versions', () => {
    const next = ofVersion(BACKEND_SPEC_VERSION + 1);
    expect(() => setDefaultBackend(next)).toThrow(ArgumentError);
    expect(() => setDefaultBackend(next)).toThrow(
      `setDefaultBackend: backend 'cpu' implements Backend spec version ${BACKEND_SPEC_VERSION + 1}, but this @x/tensor expects specVersion ${BACKEND_SPEC_VERSION}`,
    );
    expect(getDefaultBackend()).toBe(cpu);
  });

  test('creating a tensor on it, or moving one to it, is refused the same way', () => {
    expect(() => zeros([2], { backend: ofVersion(0) })).toThrow(
      /zeros: backend 'cpu' implements Backend spec version 0, but .* expects specVersion 1/,
    );
    expect(() => zeros([2]).to(ofVersion(undefined))).toThrow(
      /to: target 'cpu' implements Backend spec version undefined/,
    );
  });

  test('a backend of the current version is taken', () => {
    const same = ofVersion(BACKEND_SPEC_VERSION);
    expect(zeros([2], { backend: same }).backend).toBe(same);
  });
});

describe('@x/tensor/backend', () => {
  test('exports the spec version and the layout helpers a backend needs', () => {
    expect(fromBackendEntry).toBe(BACKEND_SPEC_VERSION);
    expect(numel([2, 3, 4])).toBe(24);
    expect(numel([])).toBe(1);
    expect(contiguousStrides([2, 3, 4])).toEqual([12, 4, 1]);
    expect(isContiguous([2, 1, 3], [3, 7, 1])).toBe(true);
    expect(isContiguous([2, 3], [1, 2])).toBe(false);
    // a transposed 2x3 and a contiguous output: nothing merges; both contiguous: one loop
    expect(
      coalesce(
        [3, 2],
        [
          { strides: [1, 3], offset: 0 },
          { strides: [2, 1], offset: 0 },
        ],
      ),
    ).toEqual({
      shape: [3, 2],
      strides: [
        [1, 3],
        [2, 1],
      ],
    });
    expect(coalesce([2, 1, 3], [{ strides: [3, 3, 1], offset: 5 }])).toEqual({
      shape: [6],
      strides: [[1]],
    });
    expect(coalesce([], [{ strides: [], offset: 0 }])).toEqual({ shape: [1], strides: [[0]] });
  });
});
