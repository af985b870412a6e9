import { getRngState, Tensor, tensor, XError } from '@x/tensor';

/** What an argument must be; each kind has its pool of values of the wrong kind. */
export type Kind =
  | 'self' // the receiver of a method: bad only when disposed
  | 'operand' // a tensor, a number or a boolean
  | 'tensor'
  | 'tensors' // an array of tensors
  | 'number' // any number (NaN and ±inf included)
  | 'integer'
  | 'dim'
  | 'shape'
  | 'dtype'
  | 'generator'
  | 'boolean'
  | 'string'
  | 'function'
  | 'params'; // an optimiser's parameters

/** One argument of a call: its name as the error message must say it, and a valid value. */
export interface Slot {
  name: string;
  kind: Kind;
  valid: () => unknown;
  /** undefined is a valid value (the argument may be omitted). */
  optional?: boolean;
  /** Values of the right kind but out of range for this argument. */
  outOfRange?: unknown[];
  /** Values of the kind's wrong pool that this argument accepts (a bigint seed, ...). */
  accepts?: (value: unknown) => boolean;
}

/** A public function and how to call it with one value per slot. */
export interface CallSpec {
  /** The function the user called, as the error message must name it. */
  fn: string;
  slots: Slot[];
  call: (...args: any[]) => unknown;
}

/** A disposed 2×3 tensor: the shape of the valid tensors, so only its disposal is wrong. */
export function disposed(): Tensor {
  const t = tensor([
    [1, 2, 3],
    [4, 5, 6],
  ]);
  t.dispose();
  return t;
}

const notAValue = () => [null, Symbol('s'), 1n, () => 1, {}];
const BAD: Record<Kind, () => unknown[]> = {
  self: () => [disposed()],
  operand: () => [...notAValue(), '2', [1, 2], disposed()],
  tensor: () => [...notAValue(), '2', 2, true, [1, 2], disposed()],
  tensors: () => [...notAValue(), '2', 2, [tensor([1]), 'x'], [tensor([1]), disposed()]],
  number: () => [...notAValue(), '2', [1]],
  integer: () => [...notAValue(), '2', [1], 1.5, Number.NaN, Number.POSITIVE_INFINITY],
  dim: () => [...notAValue(), '0', 1.5, Number.NaN, 99, -99],
  shape: () => [...notAValue(), '2', [-2], [1.5], [Number.NaN], [[2]], ['2']],
  dtype: () => [Symbol('s'), 1n, () => 1, {}, 'float64', 'int64', 3],
  // null is PyTorch's generator=None: valid.
  generator: () => [Symbol('s'), 1n, () => 1, {}, 'x', 3, { nextUintN: () => 0 }],
  boolean: () => [Symbol('s'), 1n, () => 1, {}, 'yes', [true]],
  string: () => [...notAValue(), 3, 'bogus', ['x']],
  function: () => [null, Symbol('s'), 1n, {}, 3, 'x'],
  params: () => [null, Symbol('s'), 1n, 3, 'x', {}, [1, 2]],
};

/** The wrong values tried for a slot: its kind's pool, its out-of-range values, and undefined if required. */
export function badValues(slot: Slot): unknown[] {
  // An optional argument may be null, JavaScript's "none" (PyTorch's None).
  const pool = BAD[slot.kind]().filter((value) => !(slot.optional && value === null));
  return [
    ...pool.filter((value) => !slot.accepts?.(value)),
    ...(slot.outOfRange ?? []),
    ...(slot.optional || slot.kind === 'self' ? [] : [undefined]),
  ];
}

export type Outcome =
  | 'refused' // an XError naming the function and the argument, nothing changed
  | 'accepted' // no error: a wrong value was taken
  | 'foreign error' // a non-library error (TypeError, RangeError, ...)
  | 'unnamed function'
  | 'unnamed argument'
  | 'argument changed'
  | 'generator advanced';

/** Everything observable about the tensors among (or one level inside) the arguments. */
function snapshot(args: readonly unknown[]): string {
  const seen: string[] = [];
  const visit = (value: unknown, depth: number) => {
    if (value instanceof Tensor) {
      if (value.isDisposed) return seen.push('disposed');
      return seen.push(
        `${value.dtype}${value.shape}@${value.version}:${[...value.toArraySync()].join()}`,
      );
    }
    if (depth > 0 || value === null || typeof value !== 'object') return;
    for (const inner of Object.values(value as object)) visit(inner, depth + 1);
  };
  for (const arg of args) visit(arg, 0);
  return seen.join('|');
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const names = (message: string, word: string) =>
  new RegExp(`(^|[^\\w])${escapeRegExp(word)}([^\\w]|$)`, 'i').test(message);

/** Calls `spec` with slot `index` given `bad`, the others valid, and says what happened. */
export function attempt(
  spec: CallSpec,
  index: number,
  bad: unknown,
): { outcome: Outcome; detail: string } {
  const args = spec.slots.map((slot, i) => (i === index ? bad : slot.valid()));
  const before = snapshot(args);
  const rng = getRngState();
  const slot = spec.slots[index];
  let error: unknown = null;
  try {
    spec.call(...args);
  } catch (caught) {
    error = caught;
  }
  const detail = `${spec.fn} with ${slot.name} = ${describe(bad)}: ${error instanceof Error ? `${error.name}: ${error.message}` : 'no error'}`;
  if (error === null) return { outcome: 'accepted', detail };
  if (!(error instanceof XError)) return { outcome: 'foreign error', detail };
  if (!names(error.message, spec.fn)) return { outcome: 'unnamed function', detail };
  // A disposed tensor is named as such: which argument it was shows in the stack.
  // A disposed tensor may be named as such: which argument it was shows in the stack.
  const isDisposed = (v: unknown) => v instanceof Tensor && v.isDisposed;
  const disposal = isDisposed(bad) || (Array.isArray(bad) && bad.some(isDisposed));
  if (!names(error.message, slot.name) && !(disposal && names(error.message, 'disposed')))
    return { outcome: 'unnamed argument', detail };
  if (snapshot(args) !== before) return { outcome: 'argument changed', detail };
  const after = getRngState();
  if (after.length !== rng.length || after.some((byte, i) => byte !== rng[i]))
    return { outcome: 'generator advanced', detail };
  return { outcome: 'refused', detail };
}

export function describe(value: unknown): string {
  if (value instanceof Tensor) return value.isDisposed ? 'a disposed tensor' : 'a tensor';
  if (typeof value === 'symbol') return String(value);
  if (typeof value === 'bigint') return `${value}n`;
  if (typeof value === 'function') return 'a function';
  if (value === undefined) return 'undefined';
  try {
    return JSON.stringify(value);
  } catch {
    return String(value);
  }
}

/** A computation whose answer is known, to show the library still works after a refusal. */
export function stillComputes(): boolean {
  const sum = tensor([1, 2, 3]).mul(2).add(1).sum().item();
  return sum === 15;
}
