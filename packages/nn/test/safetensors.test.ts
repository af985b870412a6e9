// safetensors: our bytes re-read by an independent reader written from the spec; files
// PyTorch wrote (fixtures) load and compute PyTorch's outputs; the file we write was loaded
// and checked in PyTorch by generate.py and is still what we write; malformed input fails
// with SafetensorsError naming the problem.
import { noGrad } from '@x/autograd';
import { type Tensor, tensor, zeros } from '@x/tensor';
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
  const tensors: Record<string, { dtype: string; shape: number[]; values: number[] }> = {};
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
      'metadata values must be strings',
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
    ['too short', new Uint8Array(5), 'the file has 5 bytes, fewer than the 8'],
    [
      'header over 100 MB',
      craft('{}', data, 100_000_001n),
      'the header length 100000001 exceeds the 100000000-byte limit',
    ],
    ['huge u64 length', craft('{}', data, 2n ** 60n), 'exceeds the 100000000-byte limit'],
    [
      'length past the end',
      craft('{}', data, 100n),
      'the header length 100 runs past the end of the 18-byte file',
    ],
    [
      'not UTF-8',
      craft('{"\xff"}').map((b, i) => (i === 10 ? 0xff : b)),
      'the header is not valid UTF-8',
    ],
    ['not an object', craft('[1]'), "the header must start with '{'"],
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
      'list of non-negative integers',
    ],
    [
      'fractional offset',
      craft(f32('x', [1], 0, 4.5), data.subarray(0, 4)),
      'must be two non-negative integers',
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
    ['huge shape', craft(f32('x', [2 ** 40, 2 ** 40], 0, 8), data), 'needs more than 2^53 bytes'],
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
      'extra field',
      craft({ a: { dtype: 'F32', shape: [2], data_offsets: [0, 8], x: 1 } }, data),
      'exactly dtype, shape and data_offsets',
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
