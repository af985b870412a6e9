import { manualSeed } from '@x/tensor';
import { describe, expect, test } from 'vitest';
import { gradcheck } from '../src';
import { CASES } from './cases';

// Every VJP rule against central differences, on inputs that are contiguous, transposed
// and strided, with broadcasting. float32 forwards: eps 1e-3, atol 1e-3, rtol 1e-2.
for (const [kind, cases] of Object.entries(CASES)) {
  describe(`gradcheck: ${kind}`, () => {
    test.each(cases.map((c) => [c.name, c] as const))('%s', async (_, { fn, inputs, options }) => {
      manualSeed(0);
      const result = await gradcheck(fn, inputs(), options);
      expect(result.ok).toBe(true);
      expect(result.checked).toBeGreaterThan(0);
    });
  });
}
