import { defineConfig } from 'tsup';

export default defineConfig({
  entry: { index: 'src/index.ts', 'optim/index': 'src/optim/index.ts' },
  format: ['esm', 'cjs'],
  dts: true,
  sourcemap: true,
  clean: true,
  target: 'es2022',
  // Module names are printed (PyTorch's repr) from constructor.name: keep them through bundling.
  keepNames: true,
});
