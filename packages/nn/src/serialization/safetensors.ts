// The safetensors format (huggingface/safetensors): an 8-byte little-endian header length
// N, N bytes of JSON { name: { dtype, shape, data_offsets: [begin, end] }, __metadata__ },
// then the tensors' bytes, back to back, offsets relative to the end of the header.
import { type Backend, type DType, empty, Tensor, type TypedArray, XError } from '@x/tensor';
import { SafetensorsError } from '../errors';
import { describe } from '../format';
import {
  decodeInto,
  encodeInto,
  READ_DTYPE,
  SAFETENSORS_DTYPE_BITS,
  SAFETENSORS_DTYPE_SIZES,
  WRITTEN_DTYPE,
} from './dtypes';
import {
  isJsonSpace,
  type JsonObject,
  type JsonValue,
  parseStrictJson,
  showJson,
} from './strict-json';

/** The largest header read, as in the reference implementation. */
export const MAX_HEADER_BYTES = 100_000_000;
const METADATA_KEY = '__metadata__';
/** The metadata entry where save() records tied tensors: JSON { alias: storedName }. */
export const ALIASES_KEY = 'aliases';
/** Longest name or value an error message quotes in full. */
const QUOTED_LENGTH = 120;

type StateLike = Map<string, Tensor> | Record<string, Tensor>;

interface Entry {
  name: string;
  dtype: string;
  shape: number[];
  begin: number;
  end: number;
}

export interface SaveOptions {
  /**
   * Free-form string pairs stored in `__metadata__` ('aliases' is reserved). A Map keeps
   * every key as it is, `'__proto__'` included, which an object literal cannot hold.
   */
  metadata?: Record<string, string> | Map<string, string>;
}

function fail(message: string): never {
  throw new SafetensorsError(`safetensors: ${message}`);
}

/** Bytes that cannot be a safetensors file at all, and why. */
function notSafetensors(why: string): never {
  fail(`not a safetensors file: ${why}`);
}

/** Text for an error message, cut short: a header may hold 100 MB in one string. */
function clip(text: string): string {
  return text.length <= QUOTED_LENGTH
    ? text
    : `${text.slice(0, QUOTED_LENGTH)}… (${text.length} characters)`;
}

const quote = (name: string) => `'${clip(name)}'`;

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Whether `text` has half a surrogate pair: JSON can only escape it, and readers refuse that. */
function hasLoneSurrogate(text: string): boolean {
  return LONE_SURROGATE.test(text);
}

function entriesOf(state: StateLike): [string, Tensor][] {
  return state instanceof Map ? [...state] : Object.entries(state);
}

/** For each name, the earlier name whose tensor is the very same view (a tied parameter). */
function findAliases(entries: [string, Tensor][]): Map<string, string> {
  const seen = new Map<unknown, [string, Tensor][]>();
  const aliases = new Map<string, string>();
  for (const [name, value] of entries) {
    const storage = value._storage;
    const same = (seen.get(storage) ?? []).find(
      ([, other]) =>
        other.offset === value.offset &&
        other.dtype === value.dtype &&
        other.shape.length === value.shape.length &&
        other.shape.every((s, i) => s === value.shape[i] && other.strides[i] === value.strides[i]),
    );
    if (same !== undefined) aliases.set(name, same[0]);
    else seen.set(storage, [...(seen.get(storage) ?? []), [name, value]]);
  }
  return aliases;
}

function checkSaveInput(
  entries: [string, Tensor][],
  metadata: SaveOptions['metadata'],
): [string, string][] {
  for (const [name, value] of entries) {
    if (name === METADATA_KEY) fail(`'${METADATA_KEY}' is reserved and cannot name a tensor`);
    if (hasLoneSurrogate(name))
      fail(`the tensor name ${quote(name)} holds a lone surrogate, which JSON cannot carry`);
    if (!(value instanceof Tensor))
      fail(`the value of ${quote(name)} must be a Tensor, got ${describe(value)}`);
    if (value.isDisposed) fail(`the tensor ${quote(name)} was disposed`);
  }
  const pairs = metadata instanceof Map ? [...metadata] : Object.entries(metadata ?? {});
  for (const [key, value] of pairs) {
    if (key === ALIASES_KEY) fail(`the metadata key '${ALIASES_KEY}' is reserved for tied tensors`);
    if (typeof key !== 'string' || typeof value !== 'string')
      fail(`metadata keys and values must be strings, got ${describe(value)} for ${describe(key)}`);
    if (hasLoneSurrogate(key) || hasLoneSurrogate(value))
      fail(`metadata ${quote(key)} holds a lone surrogate, which JSON cannot carry`);
  }
  return pairs;
}

const ELEMENT_BYTES: Readonly<Record<string, number>> = { float32: 4, int32: 4, bool: 1 };

/** A JSON object's text from already-encoded member values, keys in the given order. */
function jsonObject(members: [string, string][]): string {
  return `{${members.map(([key, value]) => `${JSON.stringify(key)}:${value}`).join(',')}}`;
}

interface Layout {
  bytes: Uint8Array;
  /** Each stored tensor and the byte where its data starts in `bytes`. */
  stored: [Tensor, number][];
}

/**
 * The file's bytes with the header written and room for the data: the header is built as
 * text (not through an object, where a '__proto__' key would vanish).
 */
function layout(entries: [string, Tensor][], metadata: [string, string][]): Layout {
  const aliases = findAliases(entries);
  const allMetadata = metadata.map(([k, v]): [string, string] => [k, JSON.stringify(v)]);
  if (aliases.size > 0) {
    const text = jsonObject([...aliases].map(([k, v]) => [k, JSON.stringify(v)]));
    allMetadata.push([ALIASES_KEY, JSON.stringify(text)]);
  }
  const members: [string, string][] = [];
  if (allMetadata.length > 0) members.push([METADATA_KEY, jsonObject(allMetadata)]);
  const offsets: [Tensor, number][] = [];
  let offset = 0;
  for (const [name, value] of entries) {
    if (aliases.has(name)) continue;
    const size = value.numel() * ELEMENT_BYTES[value.dtype];
    const info = `{"dtype":"${WRITTEN_DTYPE[value.dtype]}","shape":[${value.shape.join(',')}],"data_offsets":[${offset},${offset + size}]}`;
    members.push([name, info]);
    offsets.push([value, offset]);
    offset += size;
  }
  const json = new TextEncoder().encode(jsonObject(members));
  // Spaces pad the header so the data starts 8-byte aligned, as the reference writer does.
  const headerLength = json.byteLength + ((8 - (json.byteLength % 8)) % 8);
  const bytes = new Uint8Array(8 + headerLength + offset);
  new DataView(bytes.buffer).setBigUint64(0, BigInt(headerLength), true);
  bytes.fill(0x20, 8, 8 + headerLength);
  bytes.set(json, 8);
  return { bytes, stored: offsets.map(([t, at]) => [t, 8 + headerLength + at]) };
}

/**
 * A state dict as safetensors bytes: F32, I32 and BOOL tensors in insertion order, values
 * bit for bit (NaN payloads included). Tied tensors (the same view under several names)
 * are stored once and listed under `__metadata__.aliases`, so load() ties them again. CPU
 * tensors; see saveAsync. Counterpart of `safetensors.torch.save`.
 *
 * @example
 * const bytes = save(net.stateDict());
 * net.loadStateDict(load(bytes));
 */
export function save(state: StateLike, options: SaveOptions = {}): Uint8Array {
  const entries = entriesOf(state);
  const { bytes, stored } = layout(entries, checkSaveInput(entries, options.metadata));
  for (const [value, at] of stored) encodeInto(value.toArraySync(), bytes, at);
  return bytes;
}

/** save() for tensors on any backend (GPU values are read asynchronously, one at a time). */
export async function saveAsync(state: StateLike, options: SaveOptions = {}): Promise<Uint8Array> {
  const entries = entriesOf(state);
  const { bytes, stored } = layout(entries, checkSaveInput(entries, options.metadata));
  for (const [value, at] of stored) encodeInto((await value.toArray()) as TypedArray, bytes, at);
  return bytes;
}

function isObject(value: JsonValue | undefined): value is JsonObject {
  return value instanceof Map;
}

function isCount(value: JsonValue): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value);
}

const show = (value: JsonValue) => clip(showJson(value));

function checkEntry(name: string, info: JsonValue, dataLength: number): Entry {
  if (!isObject(info)) fail(`the entry of ${quote(name)} must be an object, got ${show(info)}`);
  for (const field of ['dtype', 'shape', 'data_offsets']) {
    if (!info.has(field)) fail(`the entry of ${quote(name)} has no "${field}"`);
  }
  const [dtype, shape, offsets] = ['dtype', 'shape', 'data_offsets'].map((f) => info.get(f)!);
  const bits =
    typeof dtype === 'string'
      ? (SAFETENSORS_DTYPE_BITS.get(dtype) ??
        8 * (SAFETENSORS_DTYPE_SIZES.get(dtype) ?? Number.NaN))
      : Number.NaN;
  if (Number.isNaN(bits)) fail(`tensor ${quote(name)} has an unknown dtype ${show(dtype)}`);
  if (!Array.isArray(shape) || !shape.every(isCount))
    fail(
      `the shape of ${quote(name)} must be a list of integers from 0 to 2^53 - 1 written without sign, fraction or exponent, got ${show(shape)}`,
    );
  if (!Array.isArray(offsets) || offsets.length !== 2 || !offsets.every(isCount)) {
    fail(
      `the data_offsets of ${quote(name)} must be two integers from 0 to 2^53 - 1 written without sign, fraction or exponent, got ${show(offsets)}`,
    );
  }
  const [begin, end] = offsets as number[];
  if (begin > end || end > dataLength)
    fail(
      `the data_offsets [${begin}, ${end}] of ${quote(name)} do not lie within the ${dataLength} data bytes`,
    );
  // Bits; a product past 2^53 would be inexact: it is Infinity instead (and never matches).
  let size = (shape as number[]).includes(0) ? 0 : bits;
  for (const dim of shape as number[])
    size = size * dim > Number.MAX_SAFE_INTEGER ? Number.POSITIVE_INFINITY : size * dim;
  if (Number.isFinite(size) && size % 8 !== 0)
    fail(`tensor ${quote(name)} of dtype ${dtype} and shape [${shape}] does not fill whole bytes`);
  if (size / 8 !== end - begin) {
    const needs = Number.isFinite(size) ? `${size / 8} bytes` : 'more than 2^50 bytes';
    fail(
      `tensor ${quote(name)} of dtype ${dtype} and shape [${shape}] needs ${needs}, but its data_offsets [${begin}, ${end}] span ${end - begin}`,
    );
  }
  return { name, dtype: dtype as string, shape: shape as number[], begin, end };
}

interface Parsed {
  entries: Entry[];
  metadata: Map<string, string>;
  data: Uint8Array;
}

/** The header's text, once the bytes are known to be shaped like a safetensors file. */
function headerText(input: Uint8Array | ArrayBuffer): { text: string; data: Uint8Array } {
  if (!(input instanceof Uint8Array) && !(input instanceof ArrayBuffer))
    fail(`expected a Uint8Array or ArrayBuffer, got ${describe(input)}`);
  const bytes = input instanceof Uint8Array ? input : new Uint8Array(input);
  const size = bytes.byteLength;
  if (size < 8)
    notSafetensors(`it has ${size} bytes, fewer than the 8 that give the header length`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, size);
  const headerLength = view.getUint32(0, true) + view.getUint32(4, true) * 2 ** 32;
  if (headerLength > MAX_HEADER_BYTES)
    notSafetensors(
      `its first 8 bytes give a header length of ${headerLength}, over the ${MAX_HEADER_BYTES}-byte limit`,
    );
  if (8 + headerLength > size)
    notSafetensors(
      `its first 8 bytes give a header length of ${headerLength}, but only ${size - 8} bytes follow`,
    );
  let text = '';
  try {
    // ignoreBOM keeps a byte order mark in the text, to refuse it as the reference does.
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(
      bytes.subarray(8, 8 + headerLength),
    );
  } catch {
    notSafetensors('its header is not UTF-8 text');
  }
  if (text.startsWith('\ufeff'))
    notSafetensors('its header starts with a byte order mark, which the format does not allow');
  let first = 0;
  while (first < text.length && isJsonSpace(text.charCodeAt(first))) first++;
  if (text[first] !== '{')
    notSafetensors(
      `its header must be a JSON object, but it begins with ${JSON.stringify(text.slice(first, first + 16))}`,
    );
  return { text, data: bytes.subarray(8 + headerLength) };
}

/** Reads and validates the header; touches no tensor data. */
function parse(input: Uint8Array | ArrayBuffer): Parsed {
  const { text, data } = headerText(input);
  const header = parseStrictJson(text) as JsonObject;
  const metadata = new Map<string, string>();
  const entries: Entry[] = [];
  for (const [name, info] of header) {
    if (name !== METADATA_KEY) {
      entries.push(checkEntry(name, info, data.byteLength));
      continue;
    }
    // The reference reads `__metadata__` as an optional map of strings: null is none.
    if (info === null) continue;
    if (!isObject(info)) fail(`'${METADATA_KEY}' must be an object of strings, got ${show(info)}`);
    for (const [key, value] of info) {
      if (typeof value !== 'string')
        fail(`metadata ${quote(key)} must be a string, got ${show(value)}`);
      metadata.set(key, value);
    }
  }
  const sorted = [...entries].sort((a, b) => a.begin - b.begin || a.end - b.end);
  let expected = 0;
  for (const entry of sorted) {
    if (entry.begin !== expected) {
      fail(
        `tensor ${quote(entry.name)} starts at byte ${entry.begin} but the previous tensor ends at ${expected} (overlap or gap)`,
      );
    }
    expected = entry.end;
  }
  if (expected !== data.byteLength)
    fail(`the tensors cover ${expected} bytes but the file holds ${data.byteLength} data bytes`);
  return { entries, metadata, data };
}

/** The validated `aliases` metadata: alias -> a stored tensor's name. */
function aliasesOf(metadata: Map<string, string>, names: Set<string>): [string, string][] {
  const text = metadata.get(ALIASES_KEY);
  if (text === undefined) return [];
  let aliases: JsonValue;
  try {
    aliases = parseStrictJson(text);
  } catch {
    fail(`metadata '${ALIASES_KEY}' is not valid JSON`);
  }
  if (!isObject(aliases)) fail(`metadata '${ALIASES_KEY}' must be a JSON object of names`);
  return [...aliases].map(([alias, target]) => {
    if (typeof target !== 'string' || !names.has(target))
      fail(`alias ${quote(alias)} refers to ${show(target)}, which is not a stored tensor`);
    if (names.has(alias)) fail(`alias ${quote(alias)} is also the name of a stored tensor`);
    return [alias, target];
  });
}

/** An empty tensor for entry `name`; a shape the backend refuses is the file's error. */
function allocate(name: string, shape: number[], dtype: DType, backend?: Backend): Tensor {
  try {
    return empty(shape, { dtype, backend });
  } catch (error) {
    if (!(error instanceof XError)) throw error;
    fail(`tensor ${quote(name)} of shape [${shape}] cannot be created: ${error.message}`);
  }
}

/**
 * Parses safetensors bytes into a name -> tensor Map (header order, then aliases, which
 * are the same Tensor as their target). F32, I32, BOOL load bit for bit; F16 and BF16
 * become float32 exactly (NaN payloads kept), F64 rounds to float32, and I64 becomes
 * int32 (a value outside int32's range is an error). Each tensor's values go straight
 * from `bytes` into its storage, so the only memory used is the tensors'. Malformed input
 * throws SafetensorsError and leaves nothing allocated. Counterpart of
 * `safetensors.torch.load`.
 *
 * @example
 * const state = load(new Uint8Array(await readFile('model.safetensors')));
 * net.loadStateDict(state);
 */
export function load(
  bytes: Uint8Array | ArrayBuffer,
  options: { backend?: Backend } = {},
): Map<string, Tensor> {
  const { entries, metadata, data } = parse(bytes);
  const aliases = aliasesOf(metadata, new Set(entries.map((e) => e.name)));
  for (const { name, dtype } of entries) {
    if (!READ_DTYPE.has(dtype))
      fail(
        `tensor ${quote(name)} has dtype ${dtype}, which x cannot load (it reads ${[...READ_DTYPE.keys()].join(', ')})`,
      );
  }
  const out = new Map<string, Tensor>();
  try {
    for (const { name, dtype, shape, begin, end } of entries) {
      const value = allocate(name, shape, READ_DTYPE.get(dtype)!, options.backend);
      out.set(name, value);
      decodeInto(data.subarray(begin, end), dtype, name, (values, offset) =>
        value.backend.write(value._storage, values, offset),
      );
    }
  } catch (error) {
    for (const value of out.values()) value.dispose();
    throw error;
  }
  for (const [alias, target] of aliases) out.set(alias, out.get(target)!);
  return out;
}

/** The `__metadata__` strings of safetensors bytes ('aliases' included), header validated. */
export function loadMetadata(bytes: Uint8Array | ArrayBuffer): Record<string, string> {
  // fromEntries defines own properties, so a '__proto__' key stays a key.
  return Object.fromEntries(parse(bytes).metadata);
}
