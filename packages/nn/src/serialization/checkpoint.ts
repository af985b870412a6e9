// Checkpoints (torch.save / torch.load for x): any nesting of tensors, numbers, strings,
// booleans, null, arrays, plain objects and Maps as ONE safetensors file. The tensors are
// entries named by their path ('optimizer.state.0.exp_avg'), so any safetensors reader
// loads them; the structure is JSON under `__metadata__.structure`. A flat Map or record
// of tensors (a model's stateDict) is written exactly as the named-tensor form always was.
import { ArgumentError, type Backend, Tensor } from '@x/tensor';
import { SafetensorsError } from '../errors';
import { describe } from '../format';
import {
  loadMetadata,
  load as loadTensors,
  type SaveOptions,
  save as saveTensors,
  saveAsync as saveTensorsAsync,
} from './safetensors';

/** The metadata entry holding a checkpoint's structure (JSON, see `encode`). */
export const STRUCTURE_KEY = 'structure';
/** Deeper structures than this are refused on load (a hostile file cannot exhaust the stack). */
const MAX_DEPTH = 1000;

/**
 * What save() takes and load() gives back. Objects are plain ones (their prototype is
 * Object.prototype or null); Map keys may be any checkpoint value.
 */
export type CheckpointValue =
  | Tensor
  | number
  | string
  | boolean
  | null
  | readonly CheckpointValue[]
  | { readonly [key: string]: CheckpointValue }
  | ReadonlyMap<CheckpointValue, CheckpointValue>;

// The structure's JSON: arrays, strings, booleans, null and finite numbers other than -0 are
// themselves; every JSON object is a node with one tag:
//   { $tensor: entry name } { $number: 'NaN' | 'Infinity' | '-Infinity' | '-0' }
//   { $object: { key: node } } { $map: [[key node, value node], ...] }
type Node = null | boolean | number | string | Node[] | { [tag: string]: unknown };

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const prototype = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

/** A Map of string keys or a plain object whose values are all tensors: the named-tensor form. */
function isNamedTensors(value: unknown): value is Map<string, Tensor> | Record<string, Tensor> {
  if (value instanceof Map)
    return [...value].every(([key, v]) => typeof key === 'string' && v instanceof Tensor);
  return isPlainObject(value) && Object.values(value).every((v) => v instanceof Tensor);
}

function pathText(path: string[]): string {
  return path.length === 0 ? 'the top level' : `'${path.join('.')}'`;
}

/** The structure of `value` and its tensors under unique entry names. */
function encode(value: unknown): { structure: Node; tensors: Map<string, Tensor> } {
  const tensors = new Map<string, Tensor>();
  const ancestors = new Set<object>();
  const nameFor = (path: string[]): string => {
    const base = path.length === 0 ? 'tensor' : path.join('.');
    let name = base;
    for (let n = 1; tensors.has(name) || name === '__metadata__'; n++) name = `${base}#${n}`;
    return name;
  };
  const visit = (current: unknown, path: string[]): Node => {
    if (current === null || typeof current === 'boolean' || typeof current === 'string')
      return current;
    if (typeof current === 'number') {
      if (Number.isFinite(current) && !Object.is(current, -0)) return current;
      return { $number: Object.is(current, -0) ? '-0' : String(current) };
    }
    if (current instanceof Tensor) {
      const name = nameFor(path);
      tensors.set(name, current);
      return { $tensor: name };
    }
    const container = Array.isArray(current) || current instanceof Map || isPlainObject(current);
    if (!container) {
      const what =
        typeof current === 'function'
          ? 'a function'
          : typeof current === 'bigint'
            ? `${current}n (a bigint)`
            : typeof current === 'symbol'
              ? 'a symbol'
              : describe(current);
      throw new ArgumentError(
        `save: the value at ${pathText(path)} is ${what}; a checkpoint holds tensors, numbers, strings, booleans, null, arrays, plain objects and Maps`,
      );
    }
    if (ancestors.has(current))
      throw new ArgumentError(`save: the value at ${pathText(path)} contains itself (a cycle)`);
    ancestors.add(current);
    let node: Node;
    if (Array.isArray(current)) {
      node = current.map((item, i) => visit(item, [...path, String(i)]));
    } else if (current instanceof Map) {
      node = {
        $map: [...current].map(([key, item]) => [
          visit(key, [...path, `key(${String(key)})`]),
          visit(item, [...path, String(key)]),
        ]),
      };
    } else {
      const fields: Record<string, Node> = Object.create(null);
      for (const [key, item] of Object.entries(current as object))
        fields[key] = visit(item, [...path, key]);
      node = { $object: fields };
    }
    ancestors.delete(current);
    return node;
  };
  return { structure: visit(value, []), tensors };
}

function checkMetadata(options: SaveOptions): void {
  if (options.metadata !== undefined && STRUCTURE_KEY in options.metadata)
    throw new ArgumentError(
      `save: the metadata key '${STRUCTURE_KEY}' is reserved for the checkpoint's structure`,
    );
}

function checkSaveOptions(options: unknown): void {
  if (typeof options === 'string')
    throw new ArgumentError(
      `save: returns the file's bytes and takes no path (got ${describe(options)}); write them yourself, e.g. await writeFile(path, save(value))`,
    );
  if (!isPlainObject(options))
    throw new ArgumentError(
      `save: options must be an object { metadata }, got ${describe(options)}`,
    );
}

/** The tensors to write and the metadata, or null for the plain named-tensor form. */
function prepare(value: unknown, options: SaveOptions) {
  checkSaveOptions(options);
  if (isNamedTensors(value)) return null;
  checkMetadata(options);
  const { structure, tensors } = encode(value);
  const metadata = { ...options.metadata, [STRUCTURE_KEY]: JSON.stringify(structure) };
  return { tensors, options: { ...options, metadata } };
}

/**
 * Saves tensors, numbers, strings, booleans, null, arrays, plain objects and Maps, nested
 * in any way, as safetensors bytes (torch.save). A model's stateDict() (a Map of tensors)
 * is written in the plain named-tensor form; anything else also records its structure in
 * `__metadata__.structure`, and its tensors are entries named by their path, so PyTorch's
 * safetensors reader loads them. Numbers round-trip exactly (NaN, ±Infinity and -0
 * included). CPU tensors; see saveAsync.
 *
 * @example
 * const bytes = save({ model: net.stateDict(), optimizer: optimizer.stateDict(), epoch: 5 });
 * const checkpoint = load(bytes);
 * net.loadStateDict(checkpoint.model);
 * optimizer.loadStateDict(checkpoint.optimizer);
 */
export function save(value: unknown, options: SaveOptions = {}): Uint8Array {
  const prepared = prepare(value, options);
  if (prepared === null) return saveTensors(value as Map<string, Tensor>, options);
  return saveTensors(prepared.tensors, prepared.options);
}

/** save() for tensors on any backend (GPU values are read asynchronously). */
export async function saveAsync(value: unknown, options: SaveOptions = {}): Promise<Uint8Array> {
  const prepared = prepare(value, options);
  if (prepared === null) return saveTensorsAsync(value as Map<string, Tensor>, options);
  return saveTensorsAsync(prepared.tensors, prepared.options);
}

function fail(message: string): never {
  throw new SafetensorsError(`safetensors: the checkpoint structure ${message}`);
}

/** Rebuilds the value `node` describes; tensors come from `tensors` by entry name. */
function decode(node: unknown, tensors: Map<string, Tensor>, depth: number): CheckpointValue {
  if (depth > MAX_DEPTH) fail(`nests deeper than ${MAX_DEPTH} levels`);
  if (node === null || typeof node === 'boolean' || typeof node === 'string') return node;
  if (typeof node === 'number') return node;
  if (Array.isArray(node)) return node.map((item) => decode(item, tensors, depth + 1));
  if (typeof node !== 'object') fail(`holds ${describe(node)}`);
  const keys = Object.keys(node);
  if (keys.length !== 1) fail(`has a node with keys {${keys.join(', ')}}, expected one tag`);
  const [tag] = keys;
  const body = (node as Record<string, unknown>)[tag];
  switch (tag) {
    case '$tensor': {
      const found = typeof body === 'string' ? tensors.get(body) : undefined;
      if (found === undefined) fail(`refers to a tensor ${JSON.stringify(body)} the file lacks`);
      return found;
    }
    case '$number': {
      const special: Record<string, number> = {
        NaN: Number.NaN,
        Infinity: Number.POSITIVE_INFINITY,
        '-Infinity': Number.NEGATIVE_INFINITY,
        '-0': -0,
      };
      if (typeof body !== 'string' || !Object.hasOwn(special, body))
        fail(`has an unknown $number ${JSON.stringify(body)}`);
      return special[body as string];
    }
    case '$object': {
      if (!isPlainObject(body)) fail('has an $object that is not an object');
      const out: Record<string, CheckpointValue> = {};
      for (const [key, item] of Object.entries(body)) {
        // defineProperty: a key '__proto__' becomes a field, never the prototype.
        Object.defineProperty(out, key, {
          value: decode(item, tensors, depth + 1),
          enumerable: true,
          writable: true,
          configurable: true,
        });
      }
      return out;
    }
    case '$map': {
      if (!Array.isArray(body)) fail('has a $map that is not a list of pairs');
      const out = new Map<CheckpointValue, CheckpointValue>();
      for (const pair of body) {
        if (!Array.isArray(pair) || pair.length !== 2) fail('has a $map entry that is not a pair');
        out.set(decode(pair[0], tensors, depth + 1), decode(pair[1], tensors, depth + 1));
      }
      return out;
    }
    default:
      return fail(`has an unknown tag ${JSON.stringify(tag)}`);
  }
}

/**
 * Reads what save() wrote (torch.load): the same nesting of values, with tensors on
 * `backend` (the default backend if not given). A safetensors file without a recorded
 * structure (a state dict, or any file PyTorch's safetensors wrote) loads as a name ->
 * tensor Map; F64, F16 and BF16 become float32 and I64 int32. Malformed input throws
 * SafetensorsError. The result's type is the caller's to state; by default it is the
 * named-tensor Map.
 *
 * @example
 * type Checkpoint = { model: Map<string, Tensor>; optimizer: OptimizerStateDict<AdamOptions> };
 * const checkpoint = load<Checkpoint>(bytes);
 * net.loadStateDict(checkpoint.model);
 * optimizer.loadStateDict(checkpoint.optimizer);
 */
export function load<T = Map<string, Tensor>>(
  bytes: Uint8Array | ArrayBuffer,
  options: { backend?: Backend } = {},
): NoInfer<T> {
  // As the parser's other input errors, a SafetensorsError; a string is most likely a path.
  if (typeof bytes === 'string')
    throw new SafetensorsError(
      `safetensors: expected a Uint8Array or ArrayBuffer, got ${describe(bytes)}: load takes the file's bytes, not a path; read them yourself, e.g. load(await readFile(path))`,
    );
  const tensors = loadTensors(bytes, options);
  const metadata = loadMetadata(bytes);
  if (!(STRUCTURE_KEY in metadata)) return tensors as T;
  let structure: unknown;
  try {
    structure = JSON.parse(metadata[STRUCTURE_KEY]);
  } catch {
    fail(`in metadata '${STRUCTURE_KEY}' is not valid JSON`);
  }
  return decode(structure, tensors, 0) as T;
}
