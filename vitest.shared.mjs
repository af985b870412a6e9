import { fileURLToPath } from 'node:url';

const src = (name) => fileURLToPath(new URL(`./packages/${name}/src/index.ts`, import.meta.url));

const at = (path) => fileURLToPath(new URL(`./packages/${path}`, import.meta.url));

/**
 * Tests run against the packages' sources, so a change is tested without a rebuild. A key
 * matches its subpaths too, so each subpath comes before its package.
 */
export const workspaceAliases = {
  '@x/tensor/backend': at('tensor/src/backend-kit.ts'),
  '@x/tensor/testing': at('tensor/src/testing/index.ts'),
  '@x/tensor': src('tensor'),
  '@x/autograd': src('autograd'),
  '@x/init': src('init'),
  '@x/nn/optim': at('nn/src/optim/index.ts'),
  '@x/nn': src('nn'),
  '@x/backend-webgpu': src('backend-webgpu'),
};

/**
 * CI runs two packages' tests at once on two cores, beside worker threads and lavapipe: a
 * compute-heavy test that takes 1 s alone can take several, past vitest's 5 s default.
 */
export const testTimeouts = { testTimeout: 30_000, hookTimeout: 60_000 };
