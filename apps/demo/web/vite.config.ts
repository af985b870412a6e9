import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import { workspaceAliases } from '../../../vitest.shared.mjs';

// The page is built from the packages' sources (as the tests are), so it needs no prior
// build of @x/*; output goes to apps/demo/dist/web, next to the CLI's dist/main.js.
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: './',
  resolve: { alias: workspaceAliases },
  build: {
    outDir: fileURLToPath(new URL('../dist/web', import.meta.url)),
    emptyOutDir: true,
    target: 'es2022',
    chunkSizeWarningLimit: 2048,
  },
  preview: { host: '127.0.0.1' },
});
