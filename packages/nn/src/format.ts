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

/** A value as error messages name it: arrays as `[2, 3]`, strings quoted, objects by class. */
export function describe(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(describe).join(', ')}]`;
  if (typeof value === 'string') return `'${value}'`;
  if (value === null || value === undefined) return String(value);
  if (typeof value === 'object') {
    const shape = (value as { shape?: unknown }).shape;
    const kind = value.constructor?.name ?? 'an object';
    return Array.isArray(shape) ? `${kind} of shape ${describe(shape)}` : kind;
  }
  return String(value);
}

/** A shape as messages print it: [8, 4]. */
export function showShape(shape: readonly number[]): string {
  return `[${shape.join(', ')}]`;
}

export function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((size, i) => size === b[i]);
}
