// The config test/integration/loops/sync-loop.child.ts runs under, in a child process of
// test/integration/training-loops.test.ts (never part of the normal test run).
import { defineConfig } from 'vitest/config';
import { workspaceAliases } from '../../vitest.shared.mjs';

export default defineConfig({
  resolve: { alias: workspaceAliases },
  test: { include: ['test/integration/loops/sync-loop.child.ts'], pool: 'forks' },
});
