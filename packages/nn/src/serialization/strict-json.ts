// A JSON parser for safetensors headers. JSON.parse keeps the last of duplicate keys,
// recurses without bound and forgets how a number was written; a header is untrusted
// input, so this one rejects duplicates and lone surrogates, limits nesting, keeps the
// text of non-integer numbers, and reports every error as a SafetensorsError with its
// position. It runs in time linear in the text: strings are sliced or decoded whole,
// never built a character at a time.
import { SafetensorsError } from '../errors';

/**
 * A number written with a sign, fraction or exponent (`-1`, `2.0`, `8e0`). The reference
 * parser (serde_json into u64) refuses these wherever the format expects a count, so they
 * are kept apart from plain integers, with their text for error messages.
 */
export class NonInteger {
  constructor(readonly text: string) {}
}

export type JsonValue = null | boolean | number | NonInteger | string | JsonValue[] | JsonObject;
/** A JSON object as a Map: keys in order, any key (`__proto__` too) kept, fast to fill. */
export type JsonObject = Map<string, JsonValue>;

/** A safetensors header nests three levels; anything deeper than this is not one. */
const MAX_DEPTH = 16;

/** The characters JSON allows after a backslash, `u` aside. */
const ESCAPES = '"\\/bfnrt';
const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const HEX4 = /^[0-9a-fA-F]{4}$/;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/** Whether `code` is JSON whitespace: space, tab, line feed, carriage return. */
export function isJsonSpace(code: number): boolean {
  return code === 0x20 || code === 0x09 || code === 0x0a || code === 0x0d;
}

/** Parses `text` as one JSON value; objects become Maps in key order. */
export function parseStrictJson(text: string): JsonValue {
  let position = 0;
  const fail = (what: string): never => {
    throw new SafetensorsError(
      `safetensors: the header is not valid JSON: ${what} at character ${position}`,
    );
  };
  const skipSpace = () => {
    while (position < text.length && isJsonSpace(text.charCodeAt(position))) position++;
  };
  const expect = (char: string) => {
    if (text[position] !== char) fail(`expected '${char}'`);
    position++;
  };

  /** The code unit of a `\uXXXX` escape whose backslash is at `position`. */
  const unicodeEscape = (): number => {
    const hex = text.slice(position + 2, position + 6);
    if (text[position + 1] !== 'u' || !HEX4.test(hex)) fail('a malformed \\u escape');
    position += 6;
    return Number.parseInt(hex, 16);
  };

  /**
   * Scans a string, checking its escapes; one without escapes is a slice of the text, one
   * with escapes is decoded by JSON.parse (which would accept the lone surrogates refused
   * here, and which is linear where appending pieces is not).
   */
  const parseString = (): string => {
    const start = position;
    expect('"');
    let escaped = false;
    for (;;) {
      if (position >= text.length) fail('unterminated string');
      const code = text.charCodeAt(position);
      if (code === QUOTE) {
        position++;
        return escaped
          ? JSON.parse(text.slice(start, position))
          : text.slice(start + 1, position - 1);
      }
      if (code < 0x20) fail('a control character inside a string');
      if (code !== BACKSLASH) {
        position++;
        continue;
      }
      escaped = true;
      const next = text[position + 1];
      if (next === 'u') {
        const unit = unicodeEscape();
        if (unit >= 0xdc00 && unit <= 0xdfff) fail('a lone low surrogate escape');
        if (unit >= 0xd800 && unit <= 0xdbff) {
          // Only a pair makes a character; the reference parser refuses a lone half.
          const low = text[position] === '\\' ? unicodeEscape() : -1;
          if (low < 0xdc00 || low > 0xdfff) fail('a lone high surrogate escape');
        }
      } else if (next !== undefined && ESCAPES.includes(next)) {
        position += 2;
      } else {
        fail('an invalid escape');
      }
    }
  };

  const parseValue = (depth: number): JsonValue => {
    if (depth > MAX_DEPTH) fail(`nesting deeper than ${MAX_DEPTH} levels`);
    skipSpace();
    const char = text[position];
    if (char === '{') {
      position++;
      const object: JsonObject = new Map();
      skipSpace();
      if (text[position] === '}') {
        position++;
        return object;
      }
      for (;;) {
        skipSpace();
        const key = parseString();
        if (object.has(key)) fail(`duplicate key ${JSON.stringify(key)}`);
        skipSpace();
        expect(':');
        object.set(key, parseValue(depth + 1));
        skipSpace();
        if (text[position] === '}') {
          position++;
          return object;
        }
        expect(',');
      }
    }
    if (char === '[') {
      position++;
      const array: JsonValue[] = [];
      skipSpace();
      if (text[position] === ']') {
        position++;
        return array;
      }
      for (;;) {
        array.push(parseValue(depth + 1));
        skipSpace();
        if (text[position] === ']') {
          position++;
          return array;
        }
        expect(',');
      }
    }
    if (char === '"') return parseString();
    for (const [word, value] of [
      ['true', true],
      ['false', false],
      ['null', null],
    ] as const) {
      if (text.startsWith(word, position)) {
        position += word.length;
        return value;
      }
    }
    NUMBER.lastIndex = position;
    const match = NUMBER.exec(text);
    if (match === null)
      fail(char === undefined ? 'unexpected end' : `unexpected ${JSON.stringify(char)}`);
    const written = match![0];
    position += written.length;
    return /^\d+$/.test(written) ? Number(written) : new NonInteger(written);
  };

  const value = parseValue(0);
  skipSpace();
  if (position !== text.length) fail('trailing characters after the header object');
  return value;
}

/** A parsed value as JSON text, numbers as they were written (for error messages). */
export function showJson(value: JsonValue): string {
  if (value instanceof NonInteger) return value.text;
  if (Array.isArray(value)) return `[${value.map(showJson).join(',')}]`;
  if (value instanceof Map) {
    return `{${[...value].map(([k, v]) => `${JSON.stringify(k)}:${showJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}
