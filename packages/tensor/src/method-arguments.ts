// Tensor methods take PyTorch's positional arguments (`t.sum(0, true)`, `t.clamp(0, 1)`,
// `t.set(0, 0, 42)`) as well as the options objects they always took. These readers turn
// either form into one, and reject what neither form means (an extra argument, a value of the
// wrong kind) with an ArgumentError naming the method and the argument, before any work.
import { checkArity } from './arity';
import { checkOptionNames, isOptionsObject } from './checks';
import { ArgumentError, show } from './errors';
import type { NestedArray } from './ops/creation';
import type { Index } from './ops/indexing';
import type { ReduceOptions, VarOptions } from './ops/reduce';
import { Tensor } from './tensor';

export type Dims = number | readonly number[];

/**
 * How a method's dim reads: 'dims' a number or an array of numbers; 'index' (argmax, argmin)
 * and 'dim' (max, min, prod, all, any) one number. Null (PyTorch's None) or undefined means
 * every dim; over every dim, 'dim' methods take no keepdim (PyTorch has no such overload).
 */
export type DimKind = 'dims' | 'index' | 'dim';

/** A dim argument of `kind`; its range is checked later. */
export function readDim(op: string, value: unknown, kind: DimKind): Dims | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'number') return value;
  if (kind === 'dims' && Array.isArray(value)) return value;
  throw new ArgumentError(
    `${op}: dim (argument 1) must be ${kind === 'dims' ? 'a number or an array of numbers' : 'a number'}, got ${show(value)}`,
  );
}

/** An options object whose keys are all in `known`. */
function readOptions(op: string, value: Record<string, unknown>, known: readonly string[]) {
  checkOptionNames(op, value, known);
  if (value.keepdim !== undefined && typeof value.keepdim !== 'boolean') {
    throw new ArgumentError(`${op}: keepdim must be a boolean, got ${show(value.keepdim)}`);
  }
  return value;
}

/** A boolean positional argument (keepdim, unbiased), or undefined for its default. */
function readFlag(op: string, value: unknown, name: string, position: number): boolean | undefined {
  if (value === undefined || typeof value === 'boolean') return value;
  throw new ArgumentError(
    `${op}: ${name} (argument ${position}) must be a boolean, got ${show(value)}`,
  );
}

/** A reduction's `(dim, keepdim)` (PyTorch's positional form) or `(dim, { keepdim })`. */
export function readReduceArguments(
  op: string,
  args: readonly unknown[],
  kind: DimKind,
): { dim: Dims | undefined; options: ReduceOptions } {
  checkArity(op, args, 2, 'a dim and keepdim (a boolean or { keepdim })');
  const [first, second] = args;
  const dim = readDim(op, first, kind);
  const options = isOptionsObject(second)
    ? (readOptions(op, second, ['keepdim']) as ReduceOptions)
    : { keepdim: readFlag(op, second, 'keepdim', 2) };
  if (kind === 'dim' && dim === undefined && options.keepdim === true) {
    throw new ArgumentError(
      `${op}: keepdim needs a dim (PyTorch's ${op} over every element takes no keepdim), got keepdim=true and no dim`,
    );
  }
  return { dim, options };
}

/**
 * std/var's arguments in any of PyTorch 1.13's forms: `()`, `(unbiased)`,
 * `(dim, unbiased, keepdim)`, or the options form `(dim, { correction, keepdim })`.
 * unbiased = true is correction 1 (the default), false correction 0.
 */
export function readVarArguments(
  op: string,
  args: readonly unknown[],
): { dim: Dims | undefined; options: VarOptions } {
  if (typeof args[0] === 'boolean') {
    checkArity(op, args, 1, 'unbiased alone when it comes first');
    return { dim: undefined, options: { correction: args[0] ? 1 : 0 } };
  }
  const [dim, second, third] = args;
  if (isOptionsObject(second)) {
    checkArity(op, args, 2, 'a dim and an options object { correction, keepdim }');
    const options = readOptions(op, second, ['correction', 'keepdim']) as VarOptions;
    return { dim: readDim(op, dim, 'dims'), options };
  }
  checkArity(op, args, 3, 'dim, unbiased and keepdim');
  const unbiased = readFlag(op, second, 'unbiased', 2);
  return {
    dim: readDim(op, dim, 'dims'),
    options: {
      correction: unbiased === false ? 0 : 1,
      keepdim: readFlag(op, third, 'keepdim', 3),
    },
  };
}

/** clamp's `(min, max)` (either may be null or undefined) or `({ min, max })`. */
export function readClampArguments(
  op: string,
  args: readonly unknown[],
): { min?: number; max?: number } {
  if (isOptionsObject(args[0])) {
    checkArity(op, args, 1, 'an options object { min, max } alone');
    readOptions(op, args[0], ['min', 'max']);
    args = [args[0].min, args[0].max];
  }
  checkArity(op, args, 2, 'min and max');
  const bound = (value: unknown, name: string): number | undefined => {
    if (value === undefined || value === null) return undefined;
    if (typeof value === 'number') return value;
    throw new ArgumentError(`${op}: ${name} must be a number or null, got ${show(value)}`);
  };
  return { min: bound(args[0], 'min'), max: bound(args[1], 'max') };
}

/**
 * set's arguments: the indices `get` takes, then the value (`t.set(0, 0, 42)` is `t[0, 0] = 42`),
 * a number, boolean, tensor or nested array (`t.set(0, [1, 2, 3])` is `t[0] = [1, 2, 3]`).
 * A single array before the value is the list of indices (`t.set([0, 0], 42)`, Python's
 * `t[(0, 0)] = 42`); `get` takes no plain array as an index, so neither form is ambiguous.
 */
export function readSetArguments(args: readonly unknown[]): {
  indices: Index[];
  value: number | boolean | Tensor | NestedArray;
} {
  if (args.length < 2) {
    throw new ArgumentError(
      `set: expected one or more indices then a value (t.set(0, 0, 42)), got ${args.length} argument${args.length === 1 ? '' : 's'}`,
    );
  }
  const value = args.at(-1);
  if (
    typeof value !== 'number' &&
    typeof value !== 'boolean' &&
    !(value instanceof Tensor) &&
    !Array.isArray(value)
  ) {
    throw new ArgumentError(
      `set: value (the last argument) must be a number, boolean, tensor or nested array, got ${show(value)}`,
    );
  }
  const indices = args.slice(0, -1);
  const list = indices.length === 1 && Array.isArray(indices[0]) ? indices[0] : indices;
  return { indices: list as Index[], value: value as NestedArray | Tensor };
}

/** view/reshape/permute/expand's sizes: numbers as arguments, or one array. */
export function readSizes(op: string, args: readonly unknown[]): readonly number[] {
  if (!Array.isArray(args[0])) return args as number[];
  checkArity(op, args, 1, 'its sizes as numbers or as one array');
  return args[0];
}

/** softmax-like methods' one required dim (PyTorch has no default). */
export function readRequiredDim(op: string, args: readonly unknown[]): number {
  checkArity(op, args, 1, 'one dim');
  if (args[0] === undefined || args[0] === null) {
    throw new ArgumentError(`${op}: dim is required, e.g. ${op}(-1), got ${show(args[0])}`);
  }
  return readDim(op, args[0], 'dim') as number;
}
