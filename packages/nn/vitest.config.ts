import { defineConfig } from 'vitest/config';
import { testTimeouts, workspaceAliases } from '../../vitest.shared.mjs';

export default defineConfig({
  resolve: { alias: workspaceAliases },
  test: { include: ['test/**/*.test.ts'], ...testTimeouts },
});
