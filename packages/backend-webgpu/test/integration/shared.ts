// Helpers shared by the cross-package WebGPU tests (@x/init, @x/autograd, @x/nn on a GPU).
import { expect } from 'vitest';

/** The float32 bit patterns of `values`, so equality is bit for bit (−0 ≠ 0, NaNs compared). */
export const bits = (values: ArrayLike<number>): number[] =>
  Array.from(new Uint32Array(Float32Array.from(values).buffer));

/** PyTorch's `_add_suffixes` (torch/_tensor_str.py), linewidth 80, indent of `tensor(`. */
function addSuffixes(body: string, suffixes: readonly string[]): string {
  const parts = [body];
  // PyTorch's quirk: the length counts two more than the last line.
  let lastLineLength = body.length - body.lastIndexOf('\n') + 1;
  for (const suffix of suffixes) {
    if (lastLineLength + suffix.length + 2 > 80) {
      parts.push(`,\n${' '.repeat('tensor('.length)}${suffix}`);
      lastLineLength = 'tensor('.length + suffix.length;
    } else {
      parts.push(`, ${suffix}`);
      lastLineLength += suffix.length + 2;
    }
  }
  return `${parts.join('')})`;
}

const SUFFIX_SEPARATOR = /,(?: |\n +)/;
const TRAILING_SUFFIXES = /(?:,(?: |\n +)\w+=(?:<[^>]*>|'[^']*'|[\w.]+))*\)$/;

/**
 * The text PyTorch prints for a tensor on `device`, from the text it prints on its CPU:
 * `device='…'` leads the suffixes (as `device='cuda:0'` does), and they are laid out again,
 * so a line grown past 80 characters moves them to the next line as PyTorch does.
 *
 * @example
 * onDevice('tensor([1., 2.], requires_grad=True)'); // "tensor([1., 2.], device='webgpu', requires_grad=True)"
 */
export function onDevice(cpuText: string, device = 'webgpu'): string {
  const match = TRAILING_SUFFIXES.exec(cpuText)!;
  const body = cpuText.slice(0, match.index);
  const suffixes = match[0].slice(0, -1).split(SUFFIX_SEPARATOR).slice(1);
  expect(addSuffixes(body, suffixes), 'the CPU text parses back into body and suffixes').toBe(
    cpuText,
  );
  return addSuffixes(body, [`device='${device}'`, ...suffixes]);
}

/** The largest |a − b| / (1 + |b|) over matching elements: absolute near 0, relative beyond 1. */
export function maxScaledDifference(actual: ArrayLike<number>, expected: ArrayLike<number>) {
  expect(actual.length).toBe(expected.length);
  let worst = 0;
  for (let i = 0; i < expected.length; i++) {
    const difference = Math.abs(actual[i] - expected[i]) / (1 + Math.abs(expected[i]));
    if (Number.isNaN(difference)) return Number.POSITIVE_INFINITY;
    worst = Math.max(worst, difference);
  }
  return worst;
}
