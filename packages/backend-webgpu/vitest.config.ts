import { defineConfig } from 'vitest/config';
import { workspaceAliases } from '../../vitest.shared.mjs';

export default defineConfig({
  resolve: { alias: workspaceAliases },
  // --expose-gc: the memory test checks that storages dropped without dispose() come back.
  // lavapipe runs the GPU on the CPU: a step that takes 1 s alone takes several on a busy machine.
  test: { include: ['test/**/*.test.ts'], execArgv: ['--expose-gc'], testTimeout: 30_000 },
});
