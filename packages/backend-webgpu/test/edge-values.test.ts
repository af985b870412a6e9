import { primitives, XError } from '@x/tensor';
import {
  caseName,
  decode,
  EDGE_CASES,
  type EdgeTensor,
  elementwiseOpsUsing,
  mismatches,
  run,
  showNumber,
} from '@x/tensor/testing';
import { beforeAll, describe, expect, test } from 'vitest';
import { type WebGPUBackend, webgpu } from '../src';
import { hasWebGPU, reportMissingWebGPU } from './gpu-available';

/**
 * Ops whose WebGPU results are the GPU's own approximations (WGSL leaves transcendentals, pow
 * and denormals to the implementation; llvmpipe flushes denormals), so they are bounded by
 * the conformance suite's tolerances instead (listed in @x/tensor's README).
 */
const APPROXIMATE = new Set([
  ...elementwiseOpsUsing((p) => primitives.EXACTNESS[p] === 'approximate'),
  'rpowScalar', // the edge cases' name for pow(scalar, t)
  'logsumexp',
  'softmax',
  'logSoftmax',
  'std',
]);

/** Exact ops where the GPU still differs, element by element, and why. */
const KNOWN: Record<string, number[]> = {
  // WGSL's select() on ±0 and NaN comparisons: the sign bit of a zero result differs.
  'unary sign float32': [0, 3, 4],
  // Which zero wins a tie of +0 and −0 (as on the CPU, PyTorch's depends on position).
  'reduce amax float32 {"row":"zeros"}': [0],
  'reduce amin float32 {"row":"zeros"}': [0],
};

reportMissingWebGPU('edge values on WebGPU');
if (hasWebGPU) {
  describe('edge values on WebGPU match PyTorch 1.13 bit for bit for the exact ops', () => {
    let gpu: WebGPUBackend;
    beforeAll(async () => {
      gpu = await webgpu();
    });
    for (const c of EDGE_CASES.filter((c) => !APPROXIMATE.has(c.op))) {
      test(caseName(c), async () => {
        if (c.error !== undefined) {
          await expect(async () => run(c, gpu).toArray()).rejects.toThrow(XError);
          return;
        }
        const expected = c.out as EdgeTensor;
        const out = run(c, gpu);
        expect(out.dtype).toBe(expected.dtype);
        const got = await out.toArray();
        const want = decode(expected).toArraySync();
        const report = (indices: number[]) =>
          indices.map((i) => `[${i}] x ${showNumber(got[i])}, PyTorch ${showNumber(want[i])}`);
        expect(report(mismatches(got, want, expected.dtype))).toEqual(
          report(KNOWN[caseName(c)] ?? []),
        );
      });
    }
  });
}
