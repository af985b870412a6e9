import { ArgumentError, show } from './errors';
import { Generator } from './random/generator';
import { disposedError } from './scope';
import { Tensor } from './tensor';

// Argument checks shared by every public function of x (init and nn use them too), so a
// value of the wrong kind is refused with the function's and the argument's names before
// anything changes, instead of being coerced by JavaScript.

/** A live tensor. */
export function checkTensor(op: string, arg: string, value: unknown): Tensor {
  if (!(value instanceof Tensor))
    throw new ArgumentError(`${op}: ${arg} must be a Tensor, got ${show(value)}`);
  if (value.isDisposed) throw disposedError(op, value);
  return value;
}

/** A tensor (live) or a JS number or boolean, as elementwise operands are. */
export function checkOperand(op: string, arg: string, value: unknown): Tensor | number | boolean {
  if (typeof value === 'number' || typeof value === 'boolean') return value;
  if (value instanceof Tensor) return checkTensor(op, arg, value);
  throw new ArgumentError(
    `${op}: ${arg} must be a Tensor, a number or a boolean, got ${show(value)}`,
  );
}

/** A JS number (NaN and ±inf included); undefined too where `optional`. */
export function checkNumber(op: string, arg: string, value: unknown, optional = false): number {
  if (typeof value === 'number' || (optional && value === undefined)) return value as number;
  throw new ArgumentError(`${op}: ${arg} must be a number, got ${show(value)}`);
}

/** An integer (a safe one: sizes and indices); undefined too where `optional`. */
export function checkInteger(op: string, arg: string, value: unknown, optional = false): number {
  if (Number.isSafeInteger(value) || (optional && value === undefined)) return value as number;
  throw new ArgumentError(`${op}: ${arg} must be an integer, got ${show(value)}`);
}

/** A boolean flag; undefined and null mean its default. */
export function checkBoolean(op: string, arg: string, value: unknown, fallback: boolean): boolean {
  if (value === undefined || value === null) return fallback;
  if (typeof value === 'boolean') return value;
  throw new ArgumentError(`${op}: ${arg} must be a boolean, got ${show(value)}`);
}

/** A `{ ... }` literal (or Object.create(null)), as opposed to a tensor, array or class instance. */
export function isOptionsObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object' || value instanceof Tensor) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** Every key of `options` is one of `known`: a misspelt option is an error, not a default. */
export function checkOptionNames(
  op: string,
  options: Record<string, unknown>,
  known: readonly string[],
): void {
  for (const key of Object.keys(options)) {
    if (!known.includes(key)) {
      throw new ArgumentError(
        `${op}: unknown option '${key}'; expected ${known.map((n) => `'${n}'`).join(', ')}`,
      );
    }
  }
}

/** An options object; undefined and null mean none given. */
export function checkOptions<T extends object>(op: string, value: T | undefined | null): T {
  if (value === undefined || value === null) return {} as T;
  if (typeof value === 'object' && !Array.isArray(value)) return value;
  throw new ArgumentError(`${op}: options must be an object, got ${show(value)}`);
}

/** `{ generator }`: a Generator, or undefined/null for the default one. */
export function checkGenerator(op: string, value: unknown): Generator | undefined {
  if (value === undefined || value === null) return undefined;
  if (value instanceof Generator) return value;
  throw new ArgumentError(
    `${op}: generator must be a Generator (new Generator() or manualSeed()), got ${show(value)}`,
  );
}
