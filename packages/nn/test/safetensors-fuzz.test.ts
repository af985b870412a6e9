// Seeded mutations of valid safetensors files (bytes flipped, truncated or appended; header
// fields rewritten). load() must either throw a SafetensorsError, or return tensors that
// agree with the header and, bit for bit, with the data bytes. A property test (fast-check)
// saves random state dicts, names and metadata and loads them back bit for bit.
//
// X_FUZZ_RUNS sets the number of mutated files (default 4000, the CI size; nightly 50000+).
// X_FUZZ_DUMP=dir also writes every mutated file there with x's outcome (outcomes.tsv), to
// compare with the reference parser (fixtures/safetensors-corpus/reference-check).

import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Tensor, tensor } from '@x/tensor';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Linear, load, loadMetadata, SafetensorsError, Sequential, save } from '../src';
import { fixtureBytes } from './helpers';

/** mulberry32: a small seeded generator, so every run throws the same inputs. */
function seeded(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
  return {
    next,
    int: (n: number) => Math.floor(next() * n),
    pick: <T>(items: readonly T[]) => items[Math.floor(next() * items.length)],
  };
}
type Random = ReturnType<typeof seeded>;

function split(bytes: Uint8Array) {
  const length = Number(new DataView(bytes.buffer, bytes.byteOffset).getBigUint64(0, true));
  return {
    header: JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + length))),
    data: bytes.subarray(8 + length),
  };
}

function assemble(header: unknown, data: Uint8Array): Uint8Array {
  const text = new TextEncoder().encode(JSON.stringify(header));
  const out = new Uint8Array(8 + text.byteLength + data.byteLength);
  new DataView(out.buffer).setBigUint64(0, BigInt(text.byteLength), true);
  out.set(text, 8);
  out.set(data, 8 + text.byteLength);
  return out;
}

const WEIRD_VALUES: unknown[] = [
  -1,
  0,
  1,
  3,
  2 ** 31,
  2 ** 53,
  2 ** 64,
  1.5,
  -0.5,
  '4',
  null,
  true,
  [],
  {},
  [1, 2, 3],
  'F32',
  'I64',
  'BF16',
  'X',
];

/** Rewrites one field of a parsed header: the kind of damage a buggy writer produces. */
function mutateHeader(random: Random, header: Record<string, any>): void {
  const names = Object.keys(header);
  const name = random.pick(names);
  const entry = header[name];
  switch (random.int(7)) {
    case 0:
      if (entry && typeof entry === 'object')
        entry[random.pick(['dtype', 'shape', 'data_offsets', 'extra'])] = random.pick(WEIRD_VALUES);
      break;
    case 1:
      if (Array.isArray(entry?.data_offsets))
        entry.data_offsets[random.int(2)] += random.pick([-4, -1, 1, 4, 8]);
      break;
    case 2:
      if (Array.isArray(entry?.shape))
        entry.shape = random.pick([
          [...entry.shape, 2],
          entry.shape.slice(1),
          entry.shape.map((s: number) => s + 1),
          [0],
        ]);
      break;
    case 3:
      delete header[name];
      break;
    case 4:
      header[`${name}_copy`] = structuredClone(entry);
      break;
    case 5:
      header.__metadata__ = random.pick([
        { aliases: '{"x":"y"}' },
        { aliases: `{"z":"${name}"}` },
        { a: 1 },
        [],
        'm',
        { ok: 'yes' },
      ]);
      break;
    default:
      if (entry && typeof entry === 'object')
        entry.dtype = random.pick(['F32', 'I32', 'BOOL', 'F16', 'BF16', 'F64', 'I64', 'U8', 'f32']);
  }
}

/** One random mutation of a valid file. */
function mutate(random: Random, base: Uint8Array): Uint8Array {
  const bytes = base.slice();
  switch (random.int(6)) {
    case 0: {
      for (let k = 1 + random.int(4); k > 0; k--)
        bytes[random.int(bytes.length)] ^= 1 << random.int(8);
      return bytes;
    }
    case 1:
      return bytes.subarray(0, random.int(bytes.length));
    case 2: {
      const extra = Uint8Array.from({ length: 1 + random.int(16) }, () => random.int(256));
      const out = new Uint8Array(bytes.length + extra.length);
      out.set(bytes);
      out.set(extra, bytes.length);
      return out;
    }
    case 3: {
      const view = new DataView(bytes.buffer);
      view.setUint32(
        random.int(2) * 4,
        random.pick([
          0,
          1,
          7,
          2 ** 31,
          0xffffffff,
          random.int(2 ** 32),
          view.getUint32(0, true) + random.int(9) - 4,
        ]),
        true,
      );
      return bytes;
    }
    case 4: {
      const { header, data } = split(bytes);
      mutateHeader(random, header);
      return assemble(header, data);
    }
    default: {
      // Byte damage inside the header text only: characters swapped for JSON punctuation.
      const length = new DataView(bytes.buffer).getUint32(0, true);
      const at = 8 + random.int(length);
      bytes[at] = random.pick([...'{}[]":,0123456789-e.ntf \\'].map((c) => c.charCodeAt(0)));
      return bytes;
    }
  }
}

/** Checks an accepted result against the header: shapes, and F32/I32/BOOL values bit for bit. */
function checkConsistent(bytes: Uint8Array, result: Map<string, any>): void {
  const { header, data } = split(bytes);
  for (const [name, value] of result) {
    const info = Object.hasOwn(header, name)
      ? header[name]
      : header[JSON.parse(header.__metadata__.aliases)[name]];
    expect(value.shape).toEqual(info.shape);
    if (!['F32', 'I32', 'BOOL'].includes(info.dtype)) continue;
    const [begin, end] = info.data_offsets;
    const values = value.toArraySync();
    const got = new Uint8Array(values.buffer, values.byteOffset, values.byteLength);
    expect(got).toEqual(data.subarray(begin, end));
  }
}

const RUNS = Number(process.env.X_FUZZ_RUNS ?? 4000);
const DUMP = process.env.X_FUZZ_DUMP;

describe('safetensors parser under fuzzing', () => {
  const shared = new Linear(3, 2);
  const bases = [
    save(new Sequential(shared, new Linear(2, 3), shared).stateDict(), {
      metadata: { who: 'fuzz' },
    }),
    save({ i: tensor([1, -2], { dtype: 'int32' }), b: tensor([true, false]), s: tensor(1.5) }),
    fixtureBytes('torch_model.safetensors'),
    fixtureBytes('torch_dtypes.safetensors'),
    ...[
      'tensor_named___proto__',
      'metadata_key___proto__',
      'f16_nan_payloads',
      'surrogate_pair',
    ].map((name) => fixtureBytes(`safetensors-corpus/${name}.safetensors`)),
  ];

  it(
    `rejects or consistently accepts ${RUNS} mutated files, never throwing anything else`,
    () => {
      const random = seeded(20240607);
      const outcomes = { rejected: 0, accepted: 0 };
      const log: string[] = [];
      if (DUMP !== undefined) mkdirSync(DUMP, { recursive: true });
      for (let round = 0; round < RUNS; round++) {
        const bytes = mutate(random, random.pick(bases));
        let result: Map<string, any> | undefined;
        let outcome = 'accept';
        try {
          result = load(bytes);
        } catch (error) {
          if (!(error instanceof SafetensorsError)) {
            throw new Error(`round ${round}: ${String(error)} is not a SafetensorsError`);
          }
          outcome = `reject\t${(error as Error).message.slice(0, 200).replace(/\s/g, ' ')}`;
        }
        if (DUMP !== undefined) {
          writeFileSync(join(DUMP, `${round}.safetensors`), bytes);
          log.push(`${round}\t${outcome}`);
        }
        if (result === undefined) {
          outcomes.rejected++;
          continue;
        }
        outcomes.accepted++;
        checkConsistent(bytes, result);
        for (const value of new Set(result.values())) value.dispose();
      }
      if (DUMP !== undefined) writeFileSync(join(DUMP, 'outcomes.tsv'), `${log.join('\n')}\n`);
      // Both outcomes occur, so the fuzzer reaches past the first checks.
      expect(outcomes.rejected).toBeGreaterThan(RUNS / 4);
      expect(outcomes.accepted).toBeGreaterThan(RUNS / 40);
    },
    60_000 + RUNS * 5,
  );

  it('rejects random garbage of every small length', () => {
    const random = seeded(7);
    for (let length = 0; length < 300; length++) {
      const bytes = Uint8Array.from({ length }, () => random.int(256));
      expect(() => load(bytes)).toThrow(SafetensorsError);
    }
  });

  it('save then load gives back every name, metadata key and value bit for bit (property)', () => {
    const name = fc.oneof(
      fc.constantFrom('__proto__', 'constructor', 'toString', 'aliases', '', 'a.b'),
      fc.string({ unit: 'grapheme', maxLength: 8 }),
    );
    const entry = fc.record({
      shape: fc.array(fc.integer({ min: 0, max: 3 }), { maxLength: 3 }),
      dtype: fc.constantFrom('float32', 'int32', 'bool'),
      words: fc.array(fc.integer({ min: 0, max: 2 ** 32 - 1 }), { minLength: 27, maxLength: 27 }),
    });
    const state = fc.uniqueArray(fc.tuple(name, entry), {
      selector: ([key]) => key,
      maxLength: 5,
    });
    const metadata = fc.uniqueArray(fc.tuple(name, fc.string({ unit: 'grapheme' })), {
      selector: ([key]) => key,
      maxLength: 4,
    });
    fc.assert(
      fc.property(state, metadata, (entries, pairs) => {
        const tensors = new Map<string, Tensor>();
        for (const [key, { shape, dtype, words }] of entries) {
          if (key === '__metadata__') continue;
          const count = shape.reduce((a, b) => a * b, 1);
          // Any 32-bit pattern: NaN payloads and signalling NaNs included.
          const bits = Uint32Array.from(words.slice(0, count));
          const data =
            dtype === 'float32'
              ? new Float32Array(bits.buffer)
              : dtype === 'int32'
                ? new Int32Array(bits.buffer)
                : Uint8Array.from(bits, (w) => w & 1);
          tensors.set(key, tensor(data, { shape, dtype }));
        }
        const meta = new Map(pairs.filter(([key]) => key !== 'aliases'));
        const bytes = save(tensors, { metadata: meta });
        const loaded = load(bytes);
        expect([...loaded.keys()]).toEqual([...tensors.keys()]);
        for (const [key, value] of tensors) {
          const back = loaded.get(key)!;
          expect([back.shape, back.dtype]).toEqual([value.shape, value.dtype]);
          const a = value.toArraySync();
          const b = back.toArraySync();
          expect(new Uint8Array(b.buffer, b.byteOffset, b.byteLength)).toEqual(
            new Uint8Array(a.buffer, a.byteOffset, a.byteLength),
          );
        }
        expect(Object.entries(loadMetadata(bytes)).sort()).toEqual([...meta].sort());
        expect(save(loaded, { metadata: meta })).toEqual(bytes);
        for (const value of [...tensors.values(), ...loaded.values()]) value.dispose();
      }),
      { seed: 20261203, numRuns: Math.max(200, Math.floor(RUNS / 20)) },
    );
  }, 60_000);
});
