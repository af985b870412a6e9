import { beforeAll, describe } from 'vitest';
import type { Backend } from '../index';
import { copyFillTests } from './copy-fill';
import { elementwiseTests } from './elementwise';
import { indexingTests } from './indexing';
import { matmulTests } from './matmul';
import { randomTests } from './random';
import { reduceTests } from './reduce';
import { storageTests } from './storage';

/**
 * The backend conformance suite: one set of tests, run against every backend, that covers
 * every Backend method through the public Tensor API (plus the few kernels no method
 * reaches, called through the Backend interface). Each result is checked against a naive
 * host evaluation or closed form (host.ts), so the CPU backend is tested by it as much as any
 * device; composite ops are compared with the CPU backend's results.
 *
 * @example
 * // test/conformance.test.ts of a backend package (vitest)
 * import { describeBackend } from '@x/tensor/testing';
 * describeBackend('webgpu', () => webgpu());
 */
export function describeBackend(name: string, getBackend: () => Promise<Backend>): void {
  // A device compiles a kernel the first time each (op, dtypes, layout) appears: on a software
  // GPU with a cold shader cache that is most of a test's time.
  describe(`backend conformance: ${name}`, { timeout: 60_000 }, () => {
    let backend: Backend | undefined;
    beforeAll(async () => {
      backend = await getBackend();
    });
    const current = (): Backend => {
      if (backend === undefined)
        throw new Error(`describeBackend(${name}): getBackend() has not resolved`);
      return backend;
    };
    elementwiseTests(current);
    copyFillTests(current);
    reduceTests(current);
    matmulTests(current);
    indexingTests(current);
    randomTests(current);
    storageTests(current);
  });
}
