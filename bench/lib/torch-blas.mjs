import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
export const PYTHON = '/usr/bin/python3';

/**
 * OpenBLAS tuning variables these machines set for old OpenBLAS builds. They pin a core type
 * and cache size older than the CPU, which slows a current OpenBLAS, so PyTorch runs without
 * them when its products stay right without them.
 */
const OPENBLAS_TUNING = ['OPENBLAS_CORETYPE', 'OPENBLAS_L2_SIZE'];
// float32 products of a few hundred terms are within ~1e-6 of float64; a wrong kernel is O(1).
const MAX_RELATIVE_ERROR = 1e-4;
const NATIVE = new Set(['OpenBLAS', 'MKL', 'BLIS', 'ATLAS']);

function probe(env) {
  const run = spawnSync(PYTHON, [join(here, '..', 'torch', 'blas.py')], {
    env: { ...env, OMP_NUM_THREADS: '2', OPENBLAS_NUM_THREADS: '2' },
    encoding: 'utf8',
  });
  if (run.error) return { failure: `${PYTHON} not found` };
  if (run.status !== 0) {
    const lastLine = run.stderr.trim().split('\n').at(-1) ?? '';
    return { failure: `the BLAS probe exited (${run.signal ?? run.status}): ${lastLine}` };
  }
  const found = JSON.parse(run.stdout);
  if (!(found.relativeError <= MAX_RELATIVE_ERROR)) {
    return { ...found, failure: `products off by ${found.relativeError} of float64's` };
  }
  return found;
}

/**
 * The BLAS PyTorch runs on here: { env, blas } for the PyTorch engines, or { unavailable }
 * when /usr/bin/python3 has no torch. `blas.native` is false for the reference BLAS (or one
 * not recognised), against which the report prints no x/torch ratio.
 */
export function torchBlas(env) {
  const imports = spawnSync(PYTHON, ['-c', 'import torch'], { encoding: 'utf8' });
  if (imports.error) return { unavailable: `${PYTHON} not found` };
  if (imports.status !== 0) return { unavailable: `${PYTHON} has no torch` };

  const tuned = OPENBLAS_TUNING.filter((name) => env[name] !== undefined);
  let torchEnv = env;
  let found;
  let tuning = '';
  if (tuned.length > 0) {
    const untuned = { ...env };
    for (const name of tuned) delete untuned[name];
    found = probe(untuned);
    if (found.failure === undefined) {
      torchEnv = untuned;
      tuning = `${tuned.join(', ')} unset for PyTorch (its products checked against float64)`;
    } else {
      const without = found.failure;
      found = probe(env);
      tuning = `${tuned.join(', ')} kept set for PyTorch: without them ${without}`;
    }
  } else {
    found = probe(env);
  }
  if (found.failure !== undefined && found.libraries === undefined) {
    return { env: torchEnv, blas: { native: false, label: found.failure, tuning } };
  }
  const library = found.libraries.find((l) => NATIVE.has(l.vendor)) ?? found.libraries[0];
  // A PyTorch built with MKL or OpenBLAS inside (pip wheels) says so in BLAS_INFO.
  const native = NATIVE.has(library?.vendor) || !['generic', null].includes(found.blasInfo);
  const vendor = library?.vendor === 'reference' ? 'the reference BLAS (netlib)' : library?.vendor;
  const name = found.openblasConfig ?? vendor ?? 'no BLAS library loaded';
  const label =
    `${name}${library ? ` (${library.path})` : ''}, torch ${found.torch} BLAS_INFO=${found.blasInfo}` +
    (found.failure ? `; ${found.failure}` : '');
  return { env: torchEnv, blas: { native, label, tuning, ...found } };
}
