import { defineConfig } from 'tsup';

export default defineConfig({
  // The subpath entries share the main entry's chunks (splitting, in CJS too), so a backend
  // or the conformance suite sees the same Tensor class and default backend as the user.
  entry: {
    index: 'src/index.ts',
    backend: 'src/backend-kit.ts',
    testing: 'src/testing/index.ts',
  },
  format: ['esm', 'cjs'],
  splitting: true,
  dts: true,
  sourcemap: true,
  clean: true,
  target: 'es2022',
  // Module names are printed (PyTorch's repr) from constructor.name: keep them through bundling.
  keepNames: true,
});
