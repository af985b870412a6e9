import { show } from '@x/tensor';

// Python's text for the values modules print in their repr and name in error messages,
// so `String(module)` reads as PyTorch's `repr(module)` line for line.

/** Python's repr of a float: shortest round-trip digits, '1.0' not '1', '1e-05' below 1e-4. */
export function pyFloat(value: number): string {
  if (!Number.isFinite(value)) return Number.isNaN(value) ? 'nan' : value > 0 ? 'inf' : '-inf';
  if (value === 0) return Object.is(value, -0) ? '-0.0' : '0.0';
  const [mantissa, exponentText] = value.toExponential().split('e');
  const exponent = Number(exponentText);
  if (exponent < -4 || exponent >= 16) {
    const sign = exponent < 0 ? '-' : '+';
    return `${mantissa}e${sign}${String(Math.abs(exponent)).padStart(2, '0')}`;
  }
  const text = String(value);
  return text.includes('.') ? text : `${text}.0`;
}

/** Python's repr of a bool. */
export function pyBool(value: boolean): string {
  return value ? 'True' : 'False';
}

/** Python's repr of a tuple of ints: '(8,)', '(2, 3)'. */
export function pyTuple(values: readonly number[]): string {
  return values.length === 1 ? `(${values[0]},)` : `(${values.join(', ')})`;
}

/** torch.nn.modules.module._addindent: indents every line but the first. */
export function addIndent(text: string, spaces: number): string {
  const lines = text.split('\n');
  if (lines.length === 1) return text;
  const pad = ' '.repeat(spaces);
  return [lines[0], ...lines.slice(1).map((line) => pad + line)].join('\n');
}

/**
 * A value as nn's error messages name it: as `show` does, but a tensor by its class and shape
 * (`Parameter of shape [8, 4]`), since which of the two was given is what a module refuses.
 */
export function describe(value: unknown): string {
  const shape = (value as { shape?: unknown } | null)?.shape;
  if (typeof value === 'object' && Array.isArray(shape))
    return `${value?.constructor?.name ?? 'an object'} of shape ${show(shape)}`;
  return show(value);
}
