/**
 * Errors thrown by x. Every message names the operation, the argument, what was expected
 * and what was given, so a user can fix the call without reading the source.
 */
export class XError extends Error {
  override name = 'XError';
}

/** Shapes that do not broadcast, mismatched matmul dimensions, bad sizes. */
export class ShapeError extends XError {
  override name = 'ShapeError';
}

/** An operation that does not accept the given dtype. */
export class DTypeError extends XError {
  override name = 'DTypeError';
}

/** An index or dim out of range, or a malformed slice string. */
export class IndexError extends XError {
  override name = 'IndexError';
}

/** A value outside the accepted domain (negative std, unknown option, ...). */
export class ArgumentError extends XError {
  override name = 'ArgumentError';
}

/** Reading or computing with a tensor after `dispose()`. */
export class DisposedError extends XError {
  override name = 'DisposedError';
}

/** A backend that lacks a kernel, lost its device, or cannot do what was asked synchronously. */
export class BackendError extends XError {
  override name = 'BackendError';
}

/**
 * An allocation the backend cannot serve: the requested bytes and what the backend already
 * holds are in the message and as fields. The backend stays usable: free memory (dispose,
 * tidy, or let dropped tensors be collected) and try again.
 */
export class OutOfMemoryError extends XError {
  override name = 'OutOfMemoryError';
  constructor(
    message: string,
    /** Bytes the failed allocation asked for. */
    readonly requestedBytes: number,
    /** Bytes the backend held in live storages when it failed. */
    readonly heldBytes: number,
  ) {
    super(message);
  }
}

/** Formats a value for an error message: arrays as `[2, 3]`, strings quoted. */
export function show(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(show).join(', ')}]`;
  if (typeof value === 'string') return `'${value}'`;
  if (typeof value === 'bigint') return `${value}n`;
  if (typeof value === 'function') return 'a function';
  if (value !== null && typeof value === 'object') {
    const shape = (value as { shape?: unknown }).shape;
    if (Array.isArray(shape)) return `a tensor of shape ${show(shape)}`;
    return value.constructor?.name ?? 'an object';
  }
  return String(value);
}

/** Names the kind of a value, not its contents (`Array`, `number`, `null`): for values too large to print. */
export function showKind(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value === 'object') return value.constructor?.name ?? 'object';
  return typeof value;
}

/** `1.5 GiB`, `12 MiB`, `300 bytes`: sizes in messages. */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes)) return String(bytes);
  for (const [unit, scale] of [
    ['TiB', 2 ** 40],
    ['GiB', 2 ** 30],
    ['MiB', 2 ** 20],
    ['KiB', 2 ** 10],
  ] as const) {
    if (bytes >= scale) return `${Number((bytes / scale).toFixed(1))} ${unit}`;
  }
  return `${bytes} bytes`;
}
