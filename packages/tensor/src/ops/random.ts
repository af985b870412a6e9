import { checkGenerator, checkInteger, checkNumber, checkOptions, checkTensor } from '../checks';
import { getDefaultBackend } from '../device';
import { checkDType } from '../dtype';
import { ArgumentError, DTypeError, show } from '../errors';
import { isContiguous } from '../layout';
import {
  bernoulliFill,
  normalFill,
  randintFill,
  randperm as randpermValues,
  uniformFill,
} from '../random/distributions';
import { defaultGenerator, type Generator } from '../random/generator';
import { checkShape } from '../shape';
import type { Tensor } from '../tensor';
import { allocateTensor, viewOf } from './core';
import { type CreateOptions, empty, fromTypedArray, writeValues } from './creation';
import { inPlace } from './elementwise';

export interface RandomOptions {
  /** The stream to draw from; the default generator (seeded by manualSeed) otherwise. */
  generator?: Generator;
}

type HostFill = (g: Generator, out: Float32Array) => void;
interface DeviceFill {
  distribution: 'uniform' | 'normal';
  params: [number, number];
}

/**
 * Fills `target` in place from the generator. A Philox stream on a backend with a device
 * kernel is computed there; a backend with `generatorFill` draws the stream in place;
 * everything else is drawn on the host in PyTorch's order and written, so the same seed
 * gives the same values on every backend. Arguments are validated before any draw, so a failed call changes neither the tensor nor the stream.
 */
function randomFill(
  target: Tensor,
  op: string,
  options: RandomOptions,
  host: HostFill,
  device?: DeviceFill,
): Tensor {
  checkTensor(op, 'self', target);
  if (target.dtype !== 'float32')
    throw new DTypeError(`${op}: expected a float32 tensor, got ${target.dtype}`);
  const generator = checkGenerator(op, checkOptions(op, options).generator) ?? defaultGenerator;
  inTheNameOf(op, () => host(generator, new Float32Array(0)));
  const backend = target.backend;
  const philoxFill = backend.philoxFill;
  let write: (out: Tensor) => void;
  if (device !== undefined && generator.algorithm === 'philox' && philoxFill !== undefined) {
    const offset = generator.advance(Math.ceil(target.numel() / 4));
    const fill = { seed: generator.initialSeed(), offset, ...device };
    write = (out) => philoxFill.call(backend, viewOf(out, op), fill);
  } else {
    write = (out) => {
      const view = viewOf(out, op);
      if (device !== undefined && backend.generatorFill?.(view, generator, device)) return;
      const values = drawOnHost(generator, out.numel(), host, device);
      if (isContiguous(out.shape, out.strides)) {
        backend.write(view.storage, values, view.offset);
        return;
      }
      const source = fromTypedArray(values, out.shape, { backend }, op);
      backend.copy(viewOf(source, op), view);
      source.dispose();
    };
  }
  return inPlace(
    op,
    target,
    [],
    'float32',
    () => write(target),
    () => {
      const fresh = allocateTensor(backend, target.shape, 'float32');
      write(fresh);
      return fresh;
    },
  );
}

/**
 * `n` values of the host's draw, in stream order. The default backend's kernels draw them
 * when it reads synchronously and they apply (the CPU backend, the default unless changed: a
 * contiguous staging tensor always suits its kernels); the TypeScript reference otherwise.
 * Either way the values and the generator's state afterwards are the same.
 */
function drawOnHost(
  generator: Generator,
  n: number,
  host: HostFill,
  device: DeviceFill | undefined,
): Float32Array {
  const drawer = getDefaultBackend();
  if (device !== undefined && drawer.generatorFill !== undefined && drawer.readSync !== undefined) {
    const staging = allocateTensor(drawer, [n], 'float32');
    try {
      const view = viewOf(staging, 'drawOnHost');
      if (drawer.generatorFill(view, generator, device))
        return drawer.readSync(view) as Float32Array;
    } finally {
      staging.dispose();
    }
  }
  const values = new Float32Array(n);
  host(generator, values);
  return values;
}

export function uniform_(
  target: Tensor,
  low: number,
  high: number,
  options: RandomOptions = {},
): Tensor {
  checkNumber('uniform_', 'low', low);
  checkNumber('uniform_', 'high', high);
  return randomFill(target, 'uniform_', options, (g, out) => uniformFill(g, out, low, high), {
    distribution: 'uniform',
    params: [low, high],
  });
}

export function normal_(
  target: Tensor,
  mean: number,
  std: number,
  options: RandomOptions = {},
): Tensor {
  checkNumber('normal_', 'mean', mean);
  checkNumber('normal_', 'std', std);
  return randomFill(target, 'normal_', options, (g, out) => normalFill(g, out, mean, std), {
    distribution: 'normal',
    params: [mean, std],
  });
}

export function bernoulli_(target: Tensor, p: number, options: RandomOptions = {}): Tensor {
  checkNumber('bernoulli_', 'p', p);
  return randomFill(target, 'bernoulli_', options, (g, out) => bernoulliFill(g, out, p));
}

/**
 * Runs a distribution's own checks (their ArgumentErrors name the parameter, not the
 * function) so that a bad parameter's error names the function the user called.
 */
function inTheNameOf(op: string, check: () => void): void {
  try {
    check();
  } catch (error) {
    if (error instanceof ArgumentError) throw new ArgumentError(`${op}: ${error.message}`);
    throw error;
  }
}

export type RandomCreateOptions = CreateOptions & RandomOptions;

function created(
  op: string,
  shape: readonly number[],
  options: RandomCreateOptions,
  fill: (t: Tensor) => void,
): Tensor {
  const { generator, requiresGrad, ...rest } = checkOptions(op, options);
  checkGenerator(op, generator);
  if (rest.dtype !== undefined && rest.dtype !== null && checkDType(rest.dtype, op) !== 'float32')
    throw new DTypeError(
      `${op}: dtype must be 'float32' for random floats, got ${show(rest.dtype)}`,
    );
  checkShape(shape, op);
  const out = empty(shape, { ...rest, dtype: 'float32' });
  fill(out);
  if (requiresGrad) out.requiresGrad_(true);
  return out;
}

/** torch.rand: U[0, 1), bit-identical to PyTorch's CPU stream after the same manualSeed. */
export function rand(shape: readonly number[], options: RandomCreateOptions = {}): Tensor {
  return created('rand', shape, options, (t) => uniform_(t, 0, 1, options));
}

/** torch.randn: N(0, 1), PyTorch's CPU stream (to float rounding). */
export function randn(shape: readonly number[], options: RandomCreateOptions = {}): Tensor {
  return created('randn', shape, options, (t) => normal_(t, 0, 1, options));
}

export const randLike = (input: Tensor, options: RandomCreateOptions = {}) =>
  rand(input.shape, { backend: input.backend, ...options });
export const randnLike = (input: Tensor, options: RandomCreateOptions = {}) =>
  randn(input.shape, { backend: input.backend, ...options });

/** torch.randint: integers in [low, high), int32 (PyTorch: int64), PyTorch's stream. */
export function randint(
  low: number,
  high: number,
  shape: readonly number[],
  options: RandomCreateOptions = {},
): Tensor {
  const opts = checkOptions('randint', options);
  const generator = checkGenerator('randint', opts.generator) ?? defaultGenerator;
  for (const [name, value] of [
    ['low', low],
    ['high', high],
  ] as const) {
    if (typeof value !== 'bigint') checkInteger('randint', name, value);
  }
  const dtype = checkDType(opts.dtype ?? 'int32', 'randint');
  if (!(low >= -(2 ** 31) && high <= 2 ** 31)) {
    throw new ArgumentError(
      `randint: low and high must lie within int32's range [-2^31, 2^31], got low=${low}, high=${high}`,
    );
  }
  checkShape(shape, 'randint');
  const values = new Int32Array(shape.reduce((a, b) => a * b, 1));
  inTheNameOf('randint', () => randintFill(generator, new Int32Array(0), low, high));
  randintFill(generator, values, low, high);
  return fromTypedArray(values, shape, { backend: opts.backend, dtype }, 'randint');
}

/** torch.randperm: a random permutation of 0..n-1, int32, PyTorch's stream. */
export function randperm(n: number, options: RandomCreateOptions = {}): Tensor {
  // Everything is checked before the first draw, so a refused call leaves the stream as it was.
  const opts = checkOptions('randperm', options);
  const generator = checkGenerator('randperm', opts.generator) ?? defaultGenerator;
  checkInteger('randperm', 'n', n);
  const dtype = checkDType(opts.dtype ?? 'int32', 'randperm');
  if (n < 0 || n > 2 ** 31) {
    throw new ArgumentError(`randperm: n must be an integer in [0, 2^31], got ${show(n)}`);
  }
  // allocated first, so that a size the backend cannot hold is refused before any work
  const out = empty([n], { backend: opts.backend, dtype });
  writeValues(out, randpermValues(generator, n));
  return out;
}
