/** Formats a value for an error message: arrays as `[2, 3]`, strings quoted, tensors by shape. */
export function show(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(show).join(', ')}]`;
  if (typeof value === 'string') return `'${value}'`;
  if (value !== null && typeof value === 'object') {
    const shape = (value as { shape?: unknown }).shape;
    if (Array.isArray(shape)) return `a tensor of shape ${show(shape)}`;
    return value.constructor?.name ?? 'an object';
  }
  return String(value);
}
