// The safetensors format (huggingface/safetensors): an 8-byte little-endian header length
// N, N bytes of JSON { name: { dtype, shape, data_offsets: [begin, end] }, __metadata__ },
// then the tensors' bytes, back to back, offsets relative to the end of the header.
import { type Backend, type Storage, Tensor, type TypedArray, tensor } from '@x/tensor';
import { SafetensorsError } from '../errors';
import { describe } from '../format';
import { decodeValues, encodeValues, SAFETENSORS_DTYPE_SIZES, WRITTEN_DTYPE } from './dtypes';
import { type JsonValue, parseStrictJson } from './strict-json';

/** The largest header read, as in the reference implementation. */
export const MAX_HEADER_BYTES = 100_000_000;
const METADATA_KEY = '__metadata__';
/** The metadata entry where save() records tied tensors: JSON { alias: storedName }. */
export const ALIASES_KEY = 'aliases';

type StateLike = Map<string, Tensor> | Record<string, Tensor>;

interface Entry {
  name: string;
  dtype: string;
  shape: number[];
  begin: number;
  end: number;
}

export interface SaveOptions {
  /** Free-form string pairs stored in `__metadata__` ('aliases' is reserved). */
  metadata?: Record<string, string>;
}

function fail(message: string): never {
  throw new SafetensorsError(`safetensors: ${message}`);
}

function entriesOf(state: StateLike): [string, Tensor][] {
  return state instanceof Map ? [...state] : Object.entries(state);
}

/** For each name, the earlier name whose tensor is the very same view (a tied parameter). */
function findAliases(entries: [string, Tensor][]): Map<string, string> {
  const seen = new Map<Storage, [string, Tensor][]>();
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

function checkSaveInput(entries: [string, Tensor][], metadata: Record<string, string>): void {
  for (const [name, value] of entries) {
    if (name === METADATA_KEY) fail(`'${METADATA_KEY}' is reserved and cannot name a tensor`);
    if (!(value instanceof Tensor))
      fail(`the value of '${name}' must be a Tensor, got ${describe(value)}`);
  }
  for (const [key, value] of Object.entries(metadata)) {
    if (key === ALIASES_KEY) fail(`the metadata key '${ALIASES_KEY}' is reserved for tied tensors`);
    if (typeof value !== 'string')
      fail(`metadata values must be strings, got ${describe(value)} for '${key}'`);
  }
}

function serialize(
  entries: [string, Tensor][],
  read: (t: Tensor) => TypedArray,
  metadata: Record<string, string>,
): Uint8Array {
  const aliases = findAliases(entries);
  const header: Record<string, unknown> = {};
  const allMetadata =
    aliases.size > 0
      ? { ...metadata, [ALIASES_KEY]: JSON.stringify(Object.fromEntries(aliases)) }
      : metadata;
  if (Object.keys(allMetadata).length > 0) header[METADATA_KEY] = allMetadata;
  const chunks: Uint8Array[] = [];
  let offset = 0;
  for (const [name, value] of entries) {
    if (aliases.has(name)) continue;
    const bytes = encodeValues(read(value));
    header[name] = {
      dtype: WRITTEN_DTYPE[value.dtype],
      shape: [...value.shape],
      data_offsets: [offset, offset + bytes.byteLength],
    };
    chunks.push(bytes);
    offset += bytes.byteLength;
  }
  const json = new TextEncoder().encode(JSON.stringify(header));
  // Spaces pad the header so the data starts 8-byte aligned, as the reference writer does.
  const headerLength = json.byteLength + ((8 - (json.byteLength % 8)) % 8);
  const out = new Uint8Array(8 + headerLength + offset);
  new DataView(out.buffer).setBigUint64(0, BigInt(headerLength), true);
  out.fill(0x20, 8, 8 + headerLength);
  out.set(json, 8);
  let position = 8 + headerLength;
  for (const chunk of chunks) {
    out.set(chunk, position);
    position += chunk.byteLength;
  }
  return out;
}

/**
 * A state dict as safetensors bytes: F32, I32 and BOOL tensors in insertion order. Tied
 * tensors (the same view under several names) are stored once and listed under
 * `__metadata__.aliases`, so load() ties them again. CPU tensors; see saveAsync.
 *
 * @example
 * const bytes = save(net.stateDict());
 * net.loadStateDict(load(bytes));
 */
export function save(state: StateLike, options: SaveOptions = {}): Uint8Array {
  const entries = entriesOf(state);
  const metadata = options.metadata ?? {};
  checkSaveInput(entries, metadata);
  return serialize(entries, (t) => t.toArraySync(), metadata);
}

/** save() for tensors on any backend (GPU values are read asynchronously). */
export async function saveAsync(state: StateLike, options: SaveOptions = {}): Promise<Uint8Array> {
  const entries = entriesOf(state);
  const metadata = options.metadata ?? {};
  checkSaveInput(entries, metadata);
  const values = new Map<Tensor, TypedArray>();
  for (const [, value] of entries) values.set(value, await value.toArray());
  return serialize(entries, (t) => values.get(t)!, metadata);
}

function isObject(value: JsonValue | undefined): value is { [key: string]: JsonValue } {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isCount(value: JsonValue): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}

function checkEntry(name: string, info: JsonValue, dataLength: number): Entry {
  if (!isObject(info))
    fail(`the entry of '${name}' must be an object, got ${JSON.stringify(info)}`);
  const keys = Object.keys(info).sort().join(',');
  if (keys !== 'data_offsets,dtype,shape')
    fail(`the entry of '${name}' must have exactly dtype, shape and data_offsets, got {${keys}}`);
  const { dtype, shape, data_offsets: offsets } = info;
  if (typeof dtype !== 'string' || !(dtype in SAFETENSORS_DTYPE_SIZES))
    fail(`tensor '${name}' has an unknown dtype ${JSON.stringify(dtype)}`);
  if (!Array.isArray(shape) || !shape.every(isCount))
    fail(
      `the shape of '${name}' must be a list of non-negative integers, got ${JSON.stringify(shape)}`,
    );
  if (!Array.isArray(offsets) || offsets.length !== 2 || !offsets.every(isCount)) {
    fail(
      `the data_offsets of '${name}' must be two non-negative integers, got ${JSON.stringify(offsets)}`,
    );
  }
  const [begin, end] = offsets as number[];
  if (begin > end || end > dataLength)
    fail(
      `the data_offsets [${begin}, ${end}] of '${name}' do not lie within the ${dataLength} data bytes`,
    );
  // A product past 2^53 would be inexact: it is Infinity instead (and never matches).
  let bytes = (shape as number[]).includes(0) ? 0 : SAFETENSORS_DTYPE_SIZES[dtype as string];
  for (const size of shape as number[])
    bytes = bytes * size > Number.MAX_SAFE_INTEGER ? Number.POSITIVE_INFINITY : bytes * size;
  if (bytes !== end - begin) {
    const needs = Number.isFinite(bytes) ? `${bytes} bytes` : 'more than 2^53 bytes';
    fail(
      `tensor '${name}' of dtype ${dtype} and shape [${shape}] needs ${needs}, but its data_offsets [${begin}, ${end}] span ${end - begin}`,
    );
  }
  return { name, dtype: dtype as string, shape: shape as number[], begin, end };
}

interface Parsed {
  entries: Entry[];
  metadata: Record<string, string>;
  data: Uint8Array;
}

/** Reads and validates the header; touches no tensor data. */
function parse(input: Uint8Array | ArrayBuffer): Parsed {
  if (!(input instanceof Uint8Array) && !(input instanceof ArrayBuffer))
    fail(`expected a Uint8Array or ArrayBuffer, got ${describe(input)}`);
  const bytes = input instanceof Uint8Array ? input : new Uint8Array(input);
  if (bytes.byteLength < 8)
    fail(`the file has ${bytes.byteLength} bytes, fewer than the 8 of the header length`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerLength = view.getUint32(0, true) + view.getUint32(4, true) * 2 ** 32;
  if (headerLength > MAX_HEADER_BYTES)
    fail(`the header length ${headerLength} exceeds the ${MAX_HEADER_BYTES}-byte limit`);
  if (8 + headerLength > bytes.byteLength)
    fail(
      `the header length ${headerLength} runs past the end of the ${bytes.byteLength}-byte file`,
    );
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(8, 8 + headerLength));
  } catch {
    fail('the header is not valid UTF-8');
  }
  if (!text.startsWith('{'))
    fail(`the header must start with '{', got ${JSON.stringify(text.slice(0, 1))}`);
  const header = parseStrictJson(text);
  if (!isObject(header)) fail('the header must be a JSON object');
  const data = bytes.subarray(8 + headerLength);
  const metadata: Record<string, string> = {};
  const entries: Entry[] = [];
  for (const [name, info] of Object.entries(header)) {
    if (name !== METADATA_KEY) {
      entries.push(checkEntry(name, info, data.byteLength));
      continue;
    }
    if (!isObject(info)) fail(`'${METADATA_KEY}' must be an object of strings`);
    for (const [key, value] of Object.entries(info)) {
      if (typeof value !== 'string')
        fail(`metadata '${key}' must be a string, got ${JSON.stringify(value)}`);
      metadata[key] = value;
    }
  }
  const sorted = [...entries].sort((a, b) => a.begin - b.begin || a.end - b.end);
  let expected = 0;
  for (const entry of sorted) {
    if (entry.begin !== expected) {
      fail(
        `tensor '${entry.name}' starts at byte ${entry.begin} but the previous tensor ends at ${expected} (overlap or gap)`,
      );
    }
    expected = entry.end;
  }
  if (expected !== data.byteLength)
    fail(`the tensors cover ${expected} bytes but the file holds ${data.byteLength} data bytes`);
  return { entries, metadata, data };
}

/** The validated `aliases` metadata: alias -> a stored tensor's name. */
function aliasesOf(metadata: Record<string, string>, names: Set<string>): [string, string][] {
  if (!(ALIASES_KEY in metadata)) return [];
  let aliases: JsonValue;
  try {
    aliases = parseStrictJson(metadata[ALIASES_KEY]);
  } catch {
    fail(`metadata '${ALIASES_KEY}' is not valid JSON`);
  }
  if (!isObject(aliases)) fail(`metadata '${ALIASES_KEY}' must be a JSON object of names`);
  return Object.entries(aliases).map(([alias, target]) => {
    if (typeof target !== 'string' || !names.has(target))
      fail(`alias '${alias}' refers to ${JSON.stringify(target)}, which is not a stored tensor`);
    if (names.has(alias)) fail(`alias '${alias}' is also the name of a stored tensor`);
    return [alias, target];
  });
}

/**
 * Parses safetensors bytes into a name -> tensor Map (header order, then aliases, which
 * are the same Tensor as their target). F32, I32, BOOL load as they are; F64, F16, BF16
 * become float32 and I64 int32 (a value outside int32's range is an error). Malformed
 * input throws SafetensorsError, and nothing larger than the file is ever allocated.
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
  const out = new Map<string, Tensor>();
  for (const entry of entries) {
    const values = decodeValues(data.subarray(entry.begin, entry.end), entry.dtype, entry.name);
    out.set(entry.name, tensor(values, { shape: entry.shape, backend: options.backend }));
  }
  for (const [alias, target] of aliases) out.set(alias, out.get(target)!);
  return out;
}

/** The `__metadata__` strings of safetensors bytes ('aliases' included), header validated. */
export function loadMetadata(bytes: Uint8Array | ArrayBuffer): Record<string, string> {
  return { ...parse(bytes).metadata };
}
