import { readFileSync } from 'node:fs';
import { type NestedList, randn, type Tensor } from '@x/tensor';
import { expect } from 'vitest';
import type { GradcheckOptions } from '../src';

/** The PyTorch 1.13 truth written by fixtures/generate.py. */
export const torchFixture: any = JSON.parse(
  readFileSync(new URL('./fixtures/torch.json', import.meta.url), 'utf8'),
);

/** How a generated input is laid out in memory: gradients must not depend on it. */
export type Layout = 'contiguous' | 'transposed' | 'sliced';

/**
 * A random leaf that requires grad, of `shape`, with standard normal values passed through
 * `transform` (to keep them in an op's domain), stored contiguously, as the transpose of a
 * contiguous tensor, or as every other element of a wider one.
 */
export function leaf(
  shape: readonly number[],
  layout: Layout = 'contiguous',
  transform: (values: Tensor) => Tensor = (values) => values,
): Tensor {
  const stored = [...shape];
  const last = stored.length - 1;
  if (layout === 'transposed') [stored[last - 1], stored[last]] = [stored[last], stored[last - 1]];
  if (layout === 'sliced') stored[last] *= 2;
  const base = transform(randn(stored));
  const input =
    layout === 'transposed'
      ? base.transpose(-1, -2)
      : layout === 'sliced'
        ? base.slice(-1, 0, stored[last], 2)
        : base;
  // Size-1 dims may make a transposed or sliced view contiguous after all.
  if (shape.every((size) => size > 1)) expect(input.isContiguous()).toBe(layout === 'contiguous');
  return input.requiresGrad_();
}

/** Values kept at least 0.5 away from zero, with their signs. */
export const awayFromZero = (values: Tensor) => values.add(values.sign().mul(0.5));
/** Values in [0.5, ...): the domain of log, sqrt, a pow base. */
export const positive = (values: Tensor) => values.abs().add(0.5);

/** One gradcheck: `fn` applied to fresh `inputs()`. */
export interface GradcheckCase {
  name: string;
  fn: (...inputs: Tensor[]) => Tensor | Tensor[];
  inputs: () => Tensor[];
  options?: GradcheckOptions;
}

function flatten(values: NestedList): number[] {
  return Array.isArray(values) ? values.flatMap(flatten) : [Number(values)];
}

/** Element-wise closeness to nested numbers: |a - e| <= atol + rtol * |e|. */
export function expectClose(actual: Tensor | null, expected: NestedList, atol = 1e-5, rtol = 1e-4) {
  expect(actual).not.toBeNull();
  const values = Array.from((actual as Tensor).toArraySync());
  const flat = flatten(expected);
  expect(values.length).toBe(flat.length);
  const worst = Math.max(
    0,
    ...values.map((v, i) => Math.abs(v - flat[i]) - (atol + rtol * Math.abs(flat[i]))),
  );
  expect(worst, `values ${values} vs ${flat}`).toBe(0);
}
