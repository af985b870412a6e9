import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** The workspace packages the benches import, in an order where dependencies build first. */
export const X_PACKAGES = ['tensor', 'autograd', 'init', 'backend-webgpu', 'nn'];

/**
 * Builds each package with its own tsup config (or, with `build: false`, only checks that a
 * dist exists). Returns `unavailable` ({ '@x/name': reason }) for every package whose
 * JavaScript did not build, so its rows print "n/a (reason)" while the run goes on, and
 * `warnings` for packages whose JavaScript built but whose type declarations failed (the
 * benches run the JavaScript, so those rows still run).
 */
export function preparePackages(root, { build, log }) {
  const unavailable = {};
  const warnings = {};
  for (const name of X_PACKAGES) {
    const dir = join(root, 'packages', name);
    const id = `@x/${name}`;
    const entry = join(dir, 'dist', 'index.js');
    if (!existsSync(join(dir, 'src', 'index.ts'))) {
      unavailable[id] = `not written yet (packages/${name}/src/index.ts missing)`;
      continue;
    }
    if (!build) {
      if (!existsSync(entry))
        unavailable[id] = `not built (drop --no-build, or run npx tsup in packages/${name})`;
      continue;
    }
    log(`building ${id} ...`);
    const started = Date.now();
    const result = spawnSync('npx', ['tsup'], {
      cwd: dir,
      encoding: 'utf8',
      timeout: 240_000,
      env: { ...process.env, NO_COLOR: '1' },
    });
    if (result.status === 0) continue;
    // tsup cleans dist first, so a fresh entry means esbuild succeeded and only d.ts failed.
    const jsBuilt = existsSync(entry) && statSync(entry).mtimeMs >= started - 1000;
    if (jsBuilt) warnings[id] = `JavaScript built, type declarations failed: ${buildError(result)}`;
    else unavailable[id] = `build failed: ${buildError(result)}`;
  }
  return { unavailable, warnings };
}

/** The first line of tsup's output that names an error, else the last line it printed. */
function buildError(result) {
  if (result.error) return result.error.message;
  const lines = `${result.stdout}\n${result.stderr}`
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
  const error = lines.find((l) => /error/i.test(l));
  return (error ?? lines.at(-1) ?? `tsup exited with ${result.status}`).slice(0, 160);
}
