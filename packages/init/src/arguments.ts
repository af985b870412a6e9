import { ArgumentError, checkGenerator, checkOptionNames, isOptionsObject, show } from '@x/tensor';

/** One of PyTorch's positional parameters after the tensor, in its order. */
export interface Slot {
  readonly name: string;
  /** What a positional value must be; the value's domain is checked later by the function. */
  readonly kind: 'number' | 'string';
}

/**
 * Reads the arguments after the tensor in either of the two forms an initialiser takes, and
 * returns them as one options object:
 * - PyTorch's positional form, `uniform_(w, -10, 10)`, optionally followed by
 *   `{ generator }` (the only option that has no positional slot);
 * - the options object alone, `uniform_(w, { a: -10, b: 10, generator })`.
 * Anything else (more values than slots, a value of the wrong kind in a slot, an object before
 * the last argument, a parameter both positional and in the object, an unknown option) is an
 * ArgumentError naming `op` and the argument, thrown before anything is drawn or written.
 */
export function readArguments(
  op: string,
  args: readonly unknown[],
  slots: readonly Slot[],
): Record<string, unknown> {
  const last = args.at(-1);
  const options = isOptionsObject(last) ? last : undefined;
  const positional = options ? args.slice(0, -1) : args;
  const names = slots.map((slot) => slot.name);
  if (positional.length > slots.length) {
    throw new ArgumentError(
      `${op}: expected at most ${slots.length} positional argument${slots.length === 1 ? '' : 's'} after the tensor` +
        `${slots.length ? ` (${names.join(', ')})` : ''}${options ? '' : ' and an options object'}, got ${positional.length}: ${positional.map(show).join(', ')}`,
    );
  }
  const read: Record<string, unknown> = {};
  positional.forEach((value, i) => {
    const { name, kind } = slots[i];
    if (value === undefined) return;
    if (typeof value !== kind) {
      throw new ArgumentError(
        `${op}: ${name} (positional argument ${i + 2}) must be a ${kind}, got ${show(value)}`,
      );
    }
    read[name] = value;
  });
  if (options) checkOptionNames(op, options, [...names, 'generator']);
  for (const [key, value] of Object.entries(options ?? {})) {
    if (key !== 'generator' && positional.length > 0) {
      throw new ArgumentError(
        `${op}: option '${key}' cannot follow positional arguments; pass ${names.join(', ')} either positionally or in the options object (after positional arguments it takes only 'generator')`,
      );
    }
    read[key] = value;
  }
  checkGenerator(op, read.generator);
  return read;
}

/** For a function with no optional parameters: `extra` (what follows them) must be empty. */
export function rejectExtra(op: string, extra: readonly unknown[], takes: string): void {
  if (extra.length > 0) {
    throw new ArgumentError(
      `${op}: takes only ${takes}, got ${extra.length} more argument${extra.length === 1 ? '' : 's'}: ${extra.map(show).join(', ')}`,
    );
  }
}
