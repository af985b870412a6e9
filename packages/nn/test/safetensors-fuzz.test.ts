// Thousands of seeded mutations of valid safetensors files (bytes flipped, truncated or
// appended; header fields rewritten). load() must either throw a SafetensorsError, or return
// tensors that agree with the header and with an independent decode of the data bytes.

import { tensor } from '@x/tensor';
import { describe, expect, it } from 'vitest';
import { Linear, load, SafetensorsError, Sequential, save } from '../src';
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

/** Checks an accepted result against the header: shapes, and F32/I32/BOOL values byte for byte. */
function checkConsistent(bytes: Uint8Array, result: Map<string, any>): void {
  const { header, data } = split(bytes);
  for (const [name, value] of result) {
    const info = header[name] ?? header[JSON.parse(header.__metadata__.aliases)[name]];
    expect(value.shape).toEqual(info.shape);
    const [begin, end] = info.data_offsets;
    const chunk = new DataView(data.buffer, data.byteOffset + begin, end - begin);
    const values = value.toArraySync();
    const sizes: Record<string, number> = { F32: 4, I32: 4, BOOL: 1 };
    if (!(info.dtype in sizes)) continue;
    for (let i = 0; i < values.length; i++) {
      const raw =
        info.dtype === 'F32'
          ? chunk.getFloat32(4 * i, true)
          : info.dtype === 'I32'
            ? chunk.getInt32(4 * i, true)
            : chunk.getUint8(i);
      expect(Object.is(values[i], raw) || (Number.isNaN(values[i]) && Number.isNaN(raw))).toBe(
        true,
      );
    }
  }
}

describe('safetensors parser under fuzzing', () => {
  const shared = new Linear(3, 2);
  const bases = [
    save(new Sequential(shared, new Linear(2, 3), shared).stateDict(), {
      metadata: { who: 'fuzz' },
    }),
    save({ i: tensor([1, -2], { dtype: 'int32' }), b: tensor([true, false]), s: tensor(1.5) }),
    fixtureBytes('torch_model.safetensors'),
    fixtureBytes('torch_dtypes.safetensors'),
  ];

  it('rejects or consistently accepts 4000 mutated files, never throwing anything else', () => {
    const random = seeded(20240607);
    const outcomes = { rejected: 0, accepted: 0 };
    for (let round = 0; round < 4000; round++) {
      const bytes = mutate(random, random.pick(bases));
      let result: Map<string, any> | undefined;
      try {
        result = load(bytes);
      } catch (error) {
        if (!(error instanceof SafetensorsError)) {
          throw new Error(`round ${round}: ${String(error)} is not a SafetensorsError`);
        }
        outcomes.rejected++;
        continue;
      }
      outcomes.accepted++;
      checkConsistent(bytes, result);
    }
    // Both outcomes occur, so the fuzzer reaches past the first checks.
    expect(outcomes.rejected).toBeGreaterThan(1000);
    expect(outcomes.accepted).toBeGreaterThan(100);
  }, 60_000);

  it('rejects random garbage of every small length', () => {
    const random = seeded(7);
    for (let length = 0; length < 300; length++) {
      const bytes = Uint8Array.from({ length }, () => random.int(256));
      expect(() => load(bytes)).toThrow(SafetensorsError);
    }
  });
});
