// A JSON parser for safetensors headers. JSON.parse keeps the last of duplicate keys and
// recurses without bound; a header is untrusted input, so this one rejects duplicates,
// limits nesting, and reports every error as a SafetensorsError with its position.
import { SafetensorsError } from '../errors';

export type JsonValue =
  | null
  | boolean
  | number
  | string
  | JsonValue[]
  | { [key: string]: JsonValue };

/** A safetensors header nests three levels; anything deeper than this is not one. */
const MAX_DEPTH = 16;

const ESCAPES: Record<string, string> = {
  '"': '"',
  '\\': '\\',
  '/': '/',
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
};
const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;

/** Parses `text` as one JSON value; objects are null-prototype records in key order. */
export function parseStrictJson(text: string): JsonValue {
  let position = 0;
  const fail = (what: string): never => {
    throw new SafetensorsError(
      `safetensors: the header is not valid JSON: ${what} at character ${position}`,
    );
  };
  const skipSpace = () => {
    while (position < text.length && ' \t\n\r'.includes(text[position])) position++;
  };
  const expect = (char: string) => {
    if (text[position] !== char) fail(`expected '${char}'`);
    position++;
  };

  const parseString = (): string => {
    expect('"');
    let out = '';
    for (;;) {
      if (position >= text.length) fail('unterminated string');
      const char = text[position++];
      if (char === '"') return out;
      if (char < ' ') fail('a control character inside a string');
      if (char !== '\\') {
        out += char;
        continue;
      }
      const escaped = text[position++];
      if (escaped === 'u') {
        const hex = text.slice(position, position + 4);
        if (!/^[0-9a-fA-F]{4}$/.test(hex)) fail('a malformed \\u escape');
        out += String.fromCharCode(Number.parseInt(hex, 16));
        position += 4;
      } else if (escaped !== undefined && escaped in ESCAPES) {
        out += ESCAPES[escaped];
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
      const object: { [key: string]: JsonValue } = Object.create(null);
      skipSpace();
      if (text[position] === '}') {
        position++;
        return object;
      }
      for (;;) {
        skipSpace();
        const key = parseString();
        if (Object.hasOwn(object, key)) fail(`duplicate key ${JSON.stringify(key)}`);
        skipSpace();
        expect(':');
        object[key] = parseValue(depth + 1);
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
    position += match![0].length;
    return Number(match![0]);
  };

  const value = parseValue(0);
  skipSpace();
  if (position !== text.length) fail('trailing characters after the header object');
  return value;
}
