// The schedulers' arguments, as an options object or PyTorch's positional form: unknown
// keys, extra arguments and wrong kinds throw an ArgumentError naming the constructor and
// the option, so a misspelt option never passes silently.
import { ArgumentError } from '@x/tensor';
import { describe } from '../../format';
import { Optimizer } from '../optimizer';

/**
 * The constructor's arguments after the optimiser as one options object merged over
 * `defaults`: either an options object of known keys, or PyTorch's positional arguments in
 * the order of `defaults`' keys (`new StepLR(optimizer, 30, 0.1)`).
 */
export function readOptions<T extends object>(
  op: string,
  args: readonly unknown[],
  defaults: T,
): T {
  const known = Object.keys(defaults);
  const [first] = args;
  const isObject =
    typeof first === 'object' &&
    first !== null &&
    Object.getPrototypeOf(first) === Object.prototype;
  let options: Record<string, unknown>;
  if (isObject) {
    if (args.length > 1)
      throw new ArgumentError(
        `${op}: unexpected argument ${describe(args[1])} after the options object`,
      );
    options = first as Record<string, unknown>;
    for (const key of Object.keys(options)) {
      if (!known.includes(key))
        throw new ArgumentError(
          `${op}: unknown option '${key}' (expected one of ${known.join(', ')})`,
        );
    }
  } else {
    if (args.length > known.length)
      throw new ArgumentError(
        `${op}: takes at most ${known.length} arguments after the optimizer (${known.join(', ')}) or an options object, got ${args.length}`,
      );
    options = Object.fromEntries(args.map((value, i) => [known[i], value]));
  }
  const merged = { ...defaults };
  for (const [key, value] of Object.entries(options)) {
    if (value !== undefined) (merged as Record<string, unknown>)[key] = value;
  }
  return merged;
}

export function checkOptimizer(op: string, optimizer: unknown): void {
  if (!(optimizer instanceof Optimizer))
    throw new ArgumentError(`${op}: expected an Optimizer, got ${describe(optimizer)}`);
}

/** A finite number within [min, max] (an integer if asked). */
export function checkNumber(
  op: string,
  name: string,
  value: unknown,
  { min = -Infinity, max = Infinity, integer = false } = {},
): void {
  const ok =
    typeof value === 'number' &&
    Number.isFinite(value) &&
    value >= min &&
    value <= max &&
    (!integer || Number.isInteger(value));
  if (!ok) {
    const kind = integer ? 'an integer' : 'a finite number';
    const range =
      min === -Infinity && max === Infinity
        ? ''
        : max === Infinity
          ? ` >= ${min}`
          : min === -Infinity
            ? ` <= ${max}`
            : ` in [${min}, ${max}]`;
    throw new ArgumentError(`${op}: ${name} must be ${kind}${range}, got ${describe(value)}`);
  }
}

/** One value per parameter group: a single number for all, or a list with one per group. */
export function perGroup(op: string, name: string, value: unknown, groups: number): number[] {
  const values = Array.isArray(value) ? value : [value];
  if (Array.isArray(value) && value.length !== groups)
    throw new ArgumentError(`${op}: expected ${groups} values for ${name}, got ${value.length}`);
  for (const v of values) checkNumber(op, name, v);
  return Array.isArray(value) ? [...value] : Array(groups).fill(value);
}
