// safetensors: our bytes re-read by an independent reader written from the spec; files
// PyTorch wrote (fixtures) load and compute PyTorch's outputs; the file we write was loaded
// and checked in PyTorch by generate.py and is still what we write; malformed input fails
// with SafetensorsError naming the problem.
import { noGrad } from '@x/autograd';
import { cpu, OutOfMemoryError, type Tensor, tensor, zeros } from '@x/tensor';
import { describe, expect, it } from 'vitest';
import {
  BatchNorm1d,
  Linear,
  load,
  loadMetadata,
  SafetensorsError,
  Sequential,
  save,
  saveAsync,
} from '../src';
import { buildExportedModel, buildTiedModel } from './fixtures/x-model';
import { decode, expectClose, fixture, fixtureBytes } from './helpers';

const interop = fixture('interop.json');

/** A reader following the spec only: u64 LE length, JSON header, offsets from the data start. */
function independentRead(bytes: Uint8Array) {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const length = Number(view.getBigUint64(0, true));
  const headerText = new TextDecoder().decode(bytes.subarray(8, 8 + length));
  const header = JSON.parse(headerText);
  const dataStart = 8 + length;
  // Null prototype: a tensor named '__proto__' must stay an entry.
  const tensors: Record<string, { dtype: string; shape: number[]; values: number[] }> =
    Object.create(null);
  for (const [name, info] of Object.entries<any>(header)) {
    if (name === '__metadata__') continue;
    const [begin, end] = info.data_offsets;
    const chunk = new DataView(bytes.buffer, bytes.byteOffset + dataStart + begin, end - begin);
    const size = { F32: 4, I32: 4, BOOL: 1 }[info.dtype as 'F32']!;
    const values = Array.from({ length: (end - begin) / size }, (_, i) =>
      info.dtype === 'F32'
        ? chunk.getFloat32(4 * i, true)
        : info.dtype === 'I32'
          ? chunk.getInt32(4 * i, true)
          : chunk.getUint8(i),
    );
    tensors[name] = { dtype: info.dtype, shape: info.shape, values };
  }
  return { length, headerText, header, dataStart, tensors };
}

/** A file from a header (object or raw text) and data bytes; `length` overrides the prefix. */
function craft(header: object | string, data = new Uint8Array(0), length?: bigint): Uint8Array {
  const text = new TextEncoder().encode(
    typeof header === 'string' ? header : JSON.stringify(header),
  );
  const out = new Uint8Array(8 + text.byteLength + data.byteLength);
  new DataView(out.buffer).setBigUint64(0, length ?? BigInt(text.byteLength), true);
  out.set(text, 8);
  out.set(data, 8 + text.byteLength);
  return out;
}

const f32 = (name: string, shape: number[], begin: number, end: number) => ({
  [name]: { dtype: 'F32', shape, data_offsets: [begin, end] },
});

describe('save', () => {
  const state = new Map<string, Tensor>([
    [
      'weight',
      tensor([
        [1.5, -2],
        [3, 4],
      ]),
    ],
    ['steps', tensor(7, { dtype: 'int32' })],
    ['mask', tensor([true, false, true])],
    ['empty', zeros([0, 3])],
  ]);

  it('writes the spec: u64 length, 8-byte aligned JSON header, contiguous little-endian data', () => {
    const bytes = save(state, { metadata: { note: 'hi' } });
    const read = independentRead(bytes);
    expect(read.dataStart % 8).toBe(0);
    expect(read.headerText.startsWith('{')).toBe(true);
    expect(read.headerText.trimEnd()).toBe(JSON.stringify(read.header));
    expect(read.header.__metadata__).toEqual({ note: 'hi' });
    expect(Object.keys(read.header)).toEqual(['__metadata__', 'weight', 'steps', 'mask', 'empty']);
    expect(read.header.weight).toEqual({ dtype: 'F32', shape: [2, 2], data_offsets: [0, 16] });
    expect(read.header.steps).toEqual({ dtype: 'I32', shape: [], data_offsets: [16, 20] });
    expect(read.header.mask).toEqual({ dtype: 'BOOL', shape: [3], data_offsets: [20, 23] });
    expect(read.header.empty).toEqual({ dtype: 'F32', shape: [0, 3], data_offsets: [23, 23] });
    expect(bytes.byteLength).toBe(read.dataStart + 23);
    expect(read.tensors.weight.values).toEqual([1.5, -2, 3, 4]);
    expect(read.tensors.steps.values).toEqual([7]);
    expect(read.tensors.mask.values).toEqual([1, 0, 1]);
  });

  it('round-trips through load with shapes, dtypes and values', () => {
    const loaded = load(save(state));
    expect([...loaded.keys()]).toEqual([...state.keys()]);
    for (const [name, value] of state) {
      const back = loaded.get(name)!;
      expect([back.shape, back.dtype]).toEqual([value.shape, value.dtype]);
      expect(back.toArraySync()).toEqual(value.toArraySync());
    }
  });

  it('stores a tied tensor once and ties it again on load', () => {
    const shared = new Linear(3, 3);
    const net = new Sequential(shared, new Linear(3, 3), shared);
    const bytes = save(net.stateDict());
    const read = independentRead(bytes);
    expect(Object.keys(read.tensors)).toEqual(['0.weight', '0.bias', '1.weight', '1.bias']);
    expect(JSON.parse(read.header.__metadata__.aliases)).toEqual({
      '2.weight': '0.weight',
      '2.bias': '0.bias',
    });
    const loaded = load(bytes);
    expect(loaded.get('2.weight')).toBe(loaded.get('0.weight'));
    const copy = new Sequential(new Linear(3, 3), new Linear(3, 3), new Linear(3, 3));
    copy.loadStateDict(loaded);
    expect(copy.at(2).weight.toArraySync()).toEqual(shared.weight.toArraySync());
    expect(loadMetadata(bytes).aliases).toBe(read.header.__metadata__.aliases);
  });

  it('saveAsync writes the same bytes', async () => {
    expect(await saveAsync(state)).toEqual(save(state));
  });

  // Values other than tensors make a structured checkpoint (checkpoint.test.ts).
  it('rejects reserved names and non-string metadata', () => {
    expect(() => save({ __metadata__: zeros([1]) })).toThrow("'__metadata__' is reserved");
    expect(() => save(state, { metadata: { aliases: '{}' } })).toThrow(
      "metadata key 'aliases' is reserved",
    );
    expect(() => save(state, { metadata: { n: 3 as unknown as string } })).toThrow(
      'metadata keys and values must be strings',
    );
  });
});

describe('interop with PyTorch', () => {
  it('loads a model PyTorch trained and saved (tied layer stored once) and computes its outputs', () => {
    const state = load(fixtureBytes('torch_model.safetensors'));
    expect(loadMetadata(fixtureBytes('torch_model.safetensors')).format).toBe('pt');
    const model = buildTiedModel();
    expect(model.loadStateDict(state)).toEqual({ missingKeys: [], unexpectedKeys: [] });
    expect([...model.stateDict().keys()]).toEqual(interop.torchModel.keys);
    expect(state.get('5.num_batches_tracked')!.item()).toBe(3);
    model.eval();
    const output = noGrad(() => model.forward(decode(interop.torchModel.input)));
    expectClose(output, interop.torchModel.output, { rtol: 1e-5, atol: 1e-6 });
  });

  it('reads F64, F16, BF16 and I64 as PyTorch wrote them, converting to float32 / int32', () => {
    const loaded = load(fixtureBytes('torch_dtypes.safetensors'));
    for (const [name, expected] of Object.entries<any>(interop.torchDtypes)) {
      expectClose(loaded.get(name)!, expected, { rtol: 0, atol: 0 });
    }
  });

  it('writes the file generate.py loaded into PyTorch and checked', () => {
    expect(interop.xModel.maxAbsDiffInTorch).toBeLessThan(1e-5);
    expect(interop.xModel.linearWeightsEqualTorchSeed0).toBe(true);
    const { bytes, output } = buildExportedModel();
    const ours = independentRead(bytes);
    const checked = independentRead(fixtureBytes('x_model.safetensors'));
    expect(ours.headerText).toBe(checked.headerText);
    for (const [name, value] of Object.entries(checked.tensors)) {
      const got = ours.tensors[name].values;
      value.values.forEach((v, i) => {
        expect(Math.abs(got[i] - v)).toBeLessThanOrEqual(1e-6 + 1e-6 * Math.abs(v));
      });
    }
    expectClose(output, interop.xModel.torchOutput, { rtol: 1e-5, atol: 1e-5 });
  });
});

describe('load rejects malformed files', () => {
  const data = new Uint8Array(8);
  const cases: [string, Uint8Array | ArrayBuffer, string][] = [
    ['too short', new Uint8Array(5), 'not a safetensors file: it has 5 bytes, fewer than the 8'],
    [
      'header over 100 MB',
      craft('{}', data, 100_000_001n),
      'not a safetensors file: its first 8 bytes give a header length of 100000001, over the 100000000-byte limit',
    ],
    ['huge u64 length', craft('{}', data, 2n ** 60n), 'over the 100000000-byte limit'],
    [
      'length past the end',
      craft('{}', data, 100n),
      'not a safetensors file: its first 8 bytes give a header length of 100, but only 10 bytes follow',
    ],
    [
      'not UTF-8',
      craft('{"\xff"}').map((b, i) => (i === 10 ? 0xff : b)),
      'not a safetensors file: its header is not UTF-8 text',
    ],
    [
      'not an object',
      craft('[1]'),
      'not a safetensors file: its header must be a JSON object, but it begins with "[1]"',
    ],
    [
      'invalid JSON',
      craft('{"a": }'),
      'the header is not valid JSON: unexpected "}" at character 6',
    ],
    ['trailing garbage', craft('{} x'), 'trailing characters'],
    [
      'duplicate keys',
      craft(`{"a":${JSON.stringify(f32('x', [1], 0, 4).x)},"a":1}`, data),
      'duplicate key "a"',
    ],
    [
      'deep nesting',
      craft(`{"a":${'['.repeat(40)}${']'.repeat(40)}}`),
      'nesting deeper than 16 levels',
    ],
    [
      'unknown dtype',
      craft({ x: { dtype: 'F31', shape: [1], data_offsets: [0, 4] } }, data.subarray(0, 4)),
      'unknown dtype "F31"',
    ],
    [
      'unsupported dtype',
      craft({ x: { dtype: 'U8', shape: [4], data_offsets: [0, 4] } }, data.subarray(0, 4)),
      'dtype U8, which x cannot load',
    ],
    [
      'negative dim',
      craft({ x: { dtype: 'F32', shape: [-1], data_offsets: [0, 4] } }, data.subarray(0, 4)),
      'must be a list of integers from 0 to 2^53 - 1 written without sign, fraction or exponent, got [-1]',
    ],
    [
      'fractional offset',
      craft(f32('x', [1], 0, 4.5), data.subarray(0, 4)),
      'must be two integers from 0 to 2^53 - 1 written without sign, fraction or exponent, got [0,4.5]',
    ],
    [
      'offsets reversed',
      craft(f32('x', [0], 4, 0), data.subarray(0, 4)),
      'do not lie within the 4 data bytes',
    ],
    [
      'offsets out of range',
      craft(f32('x', [4], 0, 16), data),
      "data_offsets [0, 16] of 'x' do not lie within the 8 data bytes",
    ],
    [
      'size mismatch',
      craft(f32('x', [3], 0, 8), data),
      "tensor 'x' of dtype F32 and shape [3] needs 12 bytes",
    ],
    ['huge shape', craft(f32('x', [2 ** 40, 2 ** 40], 0, 8), data), 'needs more than 2^50 bytes'],
    ['overlap', craft({ ...f32('a', [2], 0, 8), ...f32('b', [1], 4, 8) }, data), 'overlap or gap'],
    [
      'gap',
      craft(f32('a', [1], 4, 8), data),
      "tensor 'a' starts at byte 4 but the previous tensor ends at 0",
    ],
    [
      'bytes left over',
      craft(f32('a', [1], 0, 4), data),
      'the tensors cover 4 bytes but the file holds 8 data bytes',
    ],
    [
      'missing field',
      craft({ a: { dtype: 'F32', data_offsets: [0, 8] } }, data),
      'the entry of \'a\' has no "shape"',
    ],
    ['metadata not strings', craft({ __metadata__: { a: 1 } }), "metadata 'a' must be a string"],
    [
      'bad alias',
      craft({ __metadata__: { aliases: '{"b":"c"}' }, ...f32('a', [2], 0, 8) }, data),
      'alias \'b\' refers to "c"',
    ],
    [
      'alias shadows',
      craft({ __metadata__: { aliases: '{"a":"a"}' }, ...f32('a', [2], 0, 8) }, data),
      "alias 'a' is also the name",
    ],
    [
      'aliases not JSON',
      craft({ __metadata__: { aliases: '{' } }),
      "metadata 'aliases' is not valid JSON",
    ],
    [
      'bool byte',
      craft({ m: { dtype: 'BOOL', shape: [1], data_offsets: [0, 1] } }, Uint8Array.of(2)),
      'holds the byte 2',
    ],
    [
      'I64 out of int32',
      craft(
        { i: { dtype: 'I64', shape: [1], data_offsets: [0, 8] } },
        new Uint8Array(new BigInt64Array([2n ** 40n]).buffer),
      ),
      "I64 tensor 'i' holds 1099511627776, outside int32's range",
    ],
    ['not bytes', 'abc' as unknown as Uint8Array, 'expected a Uint8Array or ArrayBuffer'],
  ];
  for (const [name, bytes, message] of cases) {
    it(name, () => {
      let error: unknown;
      try {
        load(bytes);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(SafetensorsError);
      expect((error as Error).message).toContain(message);
    });
  }

  it('accepts an ArrayBuffer and a Uint8Array view into a larger buffer', () => {
    const bytes = save({ w: tensor([1, 2]) });
    const padded = new Uint8Array(bytes.byteLength + 3);
    padded.set(bytes, 3);
    expect(load(padded.subarray(3)).get('w')!.toArraySync()).toEqual(Float32Array.of(1, 2));
    expect(load(bytes.slice().buffer).get('w')!.toArraySync()).toEqual(Float32Array.of(1, 2));
  });

  it('loads onto a given backend and into a BatchNorm with its int32 counter', () => {
    const bn = new BatchNorm1d(2);
    bn.forward(
      tensor([
        [1, 2],
        [3, 5],
      ]),
    );
    const copy = new BatchNorm1d(2);
    copy.loadStateDict(load(save(bn.stateDict())));
    expect(copy.num_batches_tracked!.item()).toBe(1);
    expect(copy.running_var!.toArraySync()).toEqual(bn.running_var!.toArraySync());
  });
});

/** The raw 32-bit patterns of a float32 tensor's values. */
const bitsOf = (t: Tensor) => [
  ...new Uint32Array((t.toArraySync() as Float32Array).slice().buffer),
];

/** A float32 tensor holding exactly these bit patterns. */
const fromBits = (bits: number[]) => tensor(new Float32Array(Uint32Array.from(bits).buffer));

describe('names and metadata keys that are Object.prototype properties', () => {
  it('save writes a header entry for a tensor named __proto__', () => {
    const bytes = save(
      new Map([
        ['__proto__', tensor([1, 2])],
        ['w', tensor([3])],
      ]),
    );
    const read = independentRead(bytes);
    expect(Object.hasOwn(read.header, '__proto__')).toBe(true);
    expect(Object.getOwnPropertyDescriptor(read.tensors, '__proto__')?.value.values).toEqual([
      1, 2,
    ]);
    const loaded = load(bytes);
    expect([...loaded.keys()]).toEqual(['__proto__', 'w']);
    expect(loaded.get('__proto__')!.toArraySync()).toEqual(Float32Array.of(1, 2));
  });

  it('a __proto__ metadata key survives save, load and loadMetadata', () => {
    const fromMap = save({ w: tensor([1]) }, { metadata: new Map([['__proto__', 'kept']]) });
    const fromJson = save(
      { w: tensor([1]) },
      { metadata: JSON.parse('{"__proto__":"kept","a":"b"}') },
    );
    for (const bytes of [fromMap, fromJson]) {
      expect(independentRead(bytes).header.__metadata__).toHaveProperty(['__proto__'], 'kept');
      const metadata = loadMetadata(bytes);
      expect(Object.hasOwn(metadata, '__proto__')).toBe(true);
      expect(Object.getOwnPropertyDescriptor(metadata, '__proto__')?.value).toBe('kept');
      expect(load(bytes).get('w')!.toArraySync()).toEqual(Float32Array.of(1));
    }
    expect(Object.keys(loadMetadata(fromJson))).toEqual(['__proto__', 'a']);
  });

  it('dtypes named like Object.prototype members are unknown', () => {
    for (const dtype of ['constructor', '__proto__', 'toString', 'hasOwnProperty']) {
      const bytes = craft({ x: { dtype, shape: [1], data_offsets: [0, 4] } }, new Uint8Array(4));
      expect(() => load(bytes)).toThrow(`unknown dtype "${dtype}"`);
    }
  });
});

describe('load keeps values bit for bit', () => {
  // Signalling NaNs (quiet bit clear), quiet NaNs with payloads, both signs.
  const nanBits = [0x7f800001, 0xff800001, 0x7fa00000, 0x7fc00001, 0xffc12345, 0x7fffffff];

  it('F32 signalling NaNs and NaN payloads survive load, and save(load(f)) is byte-identical', () => {
    const bytes = save({ nan: fromBits(nanBits), i: tensor(Int32Array.of(-1, 7)) });
    const { dataStart } = independentRead(bytes);
    expect([...new Uint32Array(bytes.slice(dataStart, dataStart + 24).buffer)]).toEqual(nanBits);
    const loaded = load(bytes);
    expect(bitsOf(loaded.get('nan')!)).toEqual(nanBits);
    expect(save(loaded)).toEqual(bytes);
  });

  it('save(load(f)) gives back the committed file x wrote, byte for byte', () => {
    const bytes = fixtureBytes('x_model.safetensors');
    const { aliases, ...metadata } = loadMetadata(bytes);
    expect(aliases).toBeDefined();
    expect(save(load(bytes), { metadata })).toEqual(bytes);
  });

  it('F32 data at an address that is not 4-aligned loads the same bits', () => {
    const bytes = save({ nan: fromBits(nanBits) });
    const shifted = new Uint8Array(bytes.byteLength + 1).fill(9);
    shifted.set(bytes, 1);
    expect(bitsOf(load(shifted.subarray(1)).get('nan')!)).toEqual(nanBits);
  });

  it('F16 widens exactly: NaN payloads, the signalling bit, subnormals, -0 and inf', () => {
    // half bits -> float32 bits, worked by hand: sign moves to bit 31, fraction << 13,
    // exponent rebased from 15 to 127; subnormal 0x0001 is 2^-24 = 0x33800000.
    const cases: [number, number][] = [
      [0x7c01, 0x7f802000], // signalling NaN
      [0xfe00, 0xffc00000], // negative quiet NaN
      [0x7e01, 0x7fc02000], // quiet NaN with payload
      [0x7c00, 0x7f800000],
      [0x8000, 0x80000000],
      [0x0001, 0x33800000],
      [0x83ff, 0xb87fc000], // largest negative subnormal
      [0x3c00, 0x3f800000],
      [0x7bff, 0x477fe000], // 65504
    ];
    const halves = Uint16Array.from(cases, ([h]) => h);
    const bytes = craft(
      { h: { dtype: 'F16', shape: [cases.length], data_offsets: [0, 2 * cases.length] } },
      new Uint8Array(halves.buffer),
    );
    expect(bitsOf(load(bytes).get('h')!)).toEqual(cases.map(([, f]) => f));
  });

  it('BF16 widens exactly, NaN payloads and signalling bit included', () => {
    const halves = Uint16Array.of(0x7f81, 0xffc1, 0x7fc0, 0x0001, 0x8000, 0x3f80);
    const bytes = craft(
      { b: { dtype: 'BF16', shape: [6], data_offsets: [0, 12] } },
      new Uint8Array(halves.buffer),
    );
    expect(bitsOf(load(bytes).get('b')!)).toEqual([...halves].map((h) => (h << 16) >>> 0));
  });

  it('a tensor the backend cannot allocate is a SafetensorsError naming it', () => {
    const failing = Object.create(cpu, {
      allocate: {
        value: () => {
          throw new OutOfMemoryError('test: no memory', 4, 0);
        },
      },
    });
    expect(() => load(save({ w: tensor([1]) }), { backend: failing })).toThrow(
      new SafetensorsError(
        "safetensors: tensor 'w' of shape [1] cannot be created: test: no memory",
      ),
    );
  });

  it('a load that fails part-way frees every tensor it had allocated', () => {
    const before = cpu.memory().buffers;
    const bytes = craft(
      {
        a: { dtype: 'F32', shape: [2], data_offsets: [0, 8] },
        i: { dtype: 'I64', shape: [1], data_offsets: [8, 16] },
      },
      new Uint8Array([
        ...new Uint8Array(8),
        ...new Uint8Array(new BigInt64Array([2n ** 40n]).buffer),
      ]),
    );
    expect(() => load(bytes)).toThrow('outside int32');
    expect(cpu.memory().buffers).toBe(before);
  });
});

describe('header rules of the reference parser', () => {
  const entry = '"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}';
  const four = new Uint8Array(4);

  it('accepts leading and trailing JSON whitespace, as serde_json does', () => {
    expect([...load(craft(` \n\t{${entry}}\r\n `, four)).keys()]).toEqual(['a']);
  });

  it('refuses a UTF-8 byte order mark before the header', () => {
    expect(() => load(craft(`\ufeff{${entry}}`, four))).toThrow(
      'not a safetensors file: its header starts with a byte order mark',
    );
  });

  it('refuses counts written as 2.0, 8e0, -0 or -1 (serde_json reads those as floats)', () => {
    for (const [written, field] of [
      ['"shape":[1.0]', 'shape'],
      ['"shape":[1e0]', 'shape'],
      ['"shape":[1],"data_offsets":[-0,4]', 'data_offsets'],
      ['"shape":[1],"data_offsets":[0,4E0]', 'data_offsets'],
    ]) {
      const text = `{"a":{"dtype":"F32",${written}${field === 'shape' ? ',"data_offsets":[0,4]' : ''}}}`;
      expect(() => load(craft(text, four))).toThrow(
        new RegExp(`the ${field} of 'a' must be .* written without sign, fraction or exponent`),
      );
    }
  });

  it('refuses lone surrogate escapes and accepts a pair', () => {
    for (const name of ['\\ud800', '\\udc00', '\\ud800\\u0041', 'x\\ud83d']) {
      expect(() =>
        load(craft(`{"${name}":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}`, four)),
      ).toThrow(/lone (high|low) surrogate escape/);
    }
    const pair = load(
      craft('{"\\ud83d\\ude00":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}', four),
    );
    expect([...pair.keys()]).toEqual(['\u{1f600}']);
  });

  it('reads __metadata__: null as no metadata and ignores unknown entry fields', () => {
    const bytes = craft(
      `{"__metadata__":null,"a":{"x":[1.5],"dtype":"F32","shape":[1],"data_offsets":[0,4]}}`,
      four,
    );
    expect(loadMetadata(bytes)).toEqual({});
    expect(load(bytes).get('a')!.shape).toEqual([1]);
  });

  it('save refuses names and metadata with lone surrogates, which no reader accepts', () => {
    expect(() => save({ ['a\ud800']: tensor([1]) })).toThrow('lone surrogate');
    expect(() => save({ a: tensor([1]) }, { metadata: { k: '\udc00' } })).toThrow('lone surrogate');
  });

  it('says "not a safetensors file" for text and random bytes', () => {
    const text = new TextEncoder().encode('this is a README, not a model file\n');
    expect(() => load(text)).toThrow(
      /^safetensors: not a safetensors file: its first 8 bytes give a header length of \d+, (over|but only)/,
    );
    const pseudoHeader = craft('not json at all', four);
    expect(() => load(pseudoHeader)).toThrow(
      'not a safetensors file: its header must be a JSON object, but it begins with "not json at all"',
    );
  });

  it('quotes at most 120 characters of a huge name in an error', () => {
    const name = 'n'.repeat(1_000_000);
    const bytes = craft(`{"${name}":{"dtype":"F32","shape":[2],"data_offsets":[0,4]}}`, four);
    expect(() => load(bytes)).toThrow(`'${'n'.repeat(120)}… (1000000 characters)' of dtype F32`);
  });

  it('parses a 16 MB string with escapes to the exact text', () => {
    const value = 'ab\\n\\u00e9\\"'.repeat(1 << 20);
    const bytes = craft(`{"__metadata__":{"big":"${value}"}}`);
    expect(loadMetadata(bytes).big).toBe('ab\n\u00e9"'.repeat(1 << 20));
  });
});
