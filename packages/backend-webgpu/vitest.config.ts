import { defineConfig } from 'vitest/config';
import { workspaceAliases } from '../../vitest.shared.mjs';

export default defineConfig({
  resolve: { alias: workspaceAliases },
  // --expose-gc: the memory test checks that storages dropped without dispose() come back.
  test: { include: ['test/**/*.test.ts'], execArgv: ['--expose-gc'] },
});
