// The safetensors corpus (fixtures/safetensors-corpus, written by its generate.py): files on
// which parsers are known to differ, each with what the reference parser (the Rust crate)
// did and what load() must do. x may refuse what the reference accepts only where
// expected.json says why (README: "Stricter than the reference").
import { describe, expect, it } from 'vitest';
import { load, loadMetadata, SafetensorsError } from '../src';
import { fixture, fixtureBytes } from './helpers';

interface Case {
  name: string;
  reference: string;
  referenceDetail?: string;
  x: 'accept' | 'reject';
  xError?: string;
  why?: string;
}

const cases = fixture<Case[]>('safetensors-corpus/expected.json');

describe('safetensors corpus against the reference parser', () => {
  it('covers the cases of the hardening issue', () => {
    const names = cases.map((c) => c.name);
    for (const name of [
      'utf8_bom',
      'leading_whitespace',
      'shape_written_2_0',
      'offset_written_8e0',
      'lone_high_surrogate',
      'lone_low_surrogate',
      'dtype_constructor',
      'dtype___proto__',
      'tensor_named___proto__',
      'metadata_key___proto__',
      'f32_signalling_nan',
      'f16_nan_payloads',
      'text_file',
    ])
      expect(names).toContain(name);
  });

  for (const c of cases) {
    it(`${c.name}: reference ${c.reference}, x ${c.x}`, () => {
      const bytes = fixtureBytes(`safetensors-corpus/${c.name}.safetensors`);
      const agrees = (c.reference === 'accept') === (c.x === 'accept');
      // Every difference from the reference is a refusal with a stated reason.
      if (!agrees) expect([c.x, c.why]).toEqual(['reject', expect.stringMatching(/\w/)]);
      if (c.x === 'accept') {
        load(bytes);
        loadMetadata(bytes);
        return;
      }
      expect(() => load(bytes)).toThrow(SafetensorsError);
      expect(() => load(bytes)).toThrow(c.xError);
    });
  }

  it('keeps a __proto__ tensor name and metadata key from the corpus', () => {
    const named = load(fixtureBytes('safetensors-corpus/tensor_named___proto__.safetensors'));
    expect([...named.keys()]).toEqual(['__proto__']);
    const metadata = loadMetadata(
      fixtureBytes('safetensors-corpus/metadata_key___proto__.safetensors'),
    );
    expect(Object.getOwnPropertyDescriptor(metadata, '__proto__')?.value).toBe('kept');
  });
});
