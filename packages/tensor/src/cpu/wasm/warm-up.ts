import type { Backend, View } from '../../backend';
import { nextTurn } from '../../next-turn';
import { Generator } from '../../random/generator';
import { contiguousStrides } from '../../shape';
import { CpuStorage } from '../storage';
import { binaryWasm, copyWasm, unaryWasm, whereWasm } from './ops/elementwise';
import { matmulWasm } from './ops/matmul';
import { mt19937FillWasm } from './ops/random';
import { reduceWasm } from './ops/reduce';

/**
 * V8 runs a WebAssembly function first as baseline code and recompiles it optimised once it
 * has done enough work, but a call already running stays on the baseline code. Left alone,
 * the first steps of a training loop run several times slower. So once compiled, each hot
 * kernel is run on small inputs until it has done that work, a kernel per task so the page or
 * program is not held up; `ready()` resolves when this is done.
 */
const CALLS = 200;

export async function warmUp(backend: Backend): Promise<void> {
  const storages: CpuStorage[] = [];
  const view = (shape: number[], dtype: 'float32' | 'bool' = 'float32'): View => {
    const length = shape.reduce((p, s) => p * s, 1);
    const storage = CpuStorage.staging(backend, length, dtype);
    storage.data.fill(dtype === 'bool' ? 1 : 0.5);
    storages.push(storage);
    return { storage, shape, strides: contiguousStrides(shape), offset: 0 };
  };
  const [a, b, out] = [view([16, 16]), view([16, 16]), view([16, 16])];
  const mask = view([16, 16], 'bool');
  const row = view([16, 1]);
  const transposed = { ...a, strides: [1, 16] };
  const matrix = [view([40, 40]), view([40, 40]), view([40, 40])];
  const fill = view([2048]);
  const generator = new Generator({ seed: 0 });
  const runs: (() => void)[] = [
    () => matmulWasm(matrix[0], { ...matrix[1], strides: [1, 40] }, matrix[2]),
    () => matmulWasm({ ...matrix[0], strides: [1, 40] }, matrix[1], matrix[2]),
    ...(['add', 'sub', 'mul', 'div'] as const).flatMap((op) => [
      () => binaryWasm(op, a, b, out),
      () => binaryWasm(op, a, 0.5, out),
    ]),
    () => binaryWasm('add', a, { ...row, shape: [16, 16], strides: [1, 0] }, out),
    () => binaryWasm('gt', a, 0, mask),
    () => unaryWasm('relu', a, out, []),
    () => whereWasm(mask, transposed, b, out),
    () => copyWasm(transposed, out),
    () => reduceWasm('sum', a, [1], row),
    () => reduceWasm('sum', a, [0], { ...row, shape: [16], strides: [1] }),
    () => reduceWasm('max', a, [1], row),
  ];
  const fills = [
    () => mt19937FillWasm(fill, generator, { distribution: 'uniform', params: [0, 1] }),
    () => mt19937FillWasm(fill, generator, { distribution: 'uniform', params: [-1, 1] }),
    () => mt19937FillWasm(fill, generator, { distribution: 'normal', params: [0, 1] }),
  ];
  try {
    for (const run of runs) {
      for (let i = 0; i < CALLS; i++) run();
      await nextTurn();
    }
    for (const run of fills) {
      for (let i = 0; i < CALLS / 10; i++) run();
      await nextTurn();
    }
  } finally {
    for (const storage of storages) storage.release();
  }
}
