import { ArgumentError, enableGrad, noGrad, show, Tensor, tensor } from '@x/tensor';
import { grad } from './engine';
import { AutogradError } from './errors';

export interface GradcheckOptions {
  /** Perturbation of each element. The forward runs in float32, so 1e-3..1e-2. Default 1e-3. */
  eps?: number;
  /** Absolute tolerance. Default 1e-3. */
  atol?: number;
  /** Relative tolerance, times |numerical|. Default 1e-2. */
  rtol?: number;
  /** Throw a GradcheckError on a mismatch (default), or only report it in the result. */
  raiseException?: boolean;
  /** Seed of the random projection of the outputs. Default 0. */
  seed?: number;
}

/** One element of one input's gradient, computed both ways. */
export interface GradcheckMismatch {
  inputIndex: number;
  /** Row-major index of the element within its input. */
  elementIndex: number;
  /** The same element as a multi-dimensional index. */
  position: number[];
  analytic: number;
  numeric: number;
  /** |analytic - numeric| / (atol + rtol * |numeric|): above 1 fails. */
  ratio: number;
}

export interface GradcheckResult {
  ok: boolean;
  /** The element furthest outside (or closest to) the tolerance; null if no input has elements. */
  worst: GradcheckMismatch | null;
  /** How many elements were compared. */
  checked: number;
}

/** gradcheck found analytic and numerical gradients that disagree; `result` has the details. */
export class GradcheckError extends AutogradError {
  override name = 'GradcheckError';
  constructor(
    message: string,
    readonly result: GradcheckResult,
  ) {
    super(message);
  }
}

type Outputs = Tensor | readonly Tensor[];

/** mulberry32: a small seeded stream, so gradcheck leaves the library's generators alone. */
function uniformStream(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}

function listOf(outputs: Outputs, op: string): Tensor[] {
  const list: unknown[] = Array.isArray(outputs) ? [...outputs] : [outputs];
  list.forEach((output, i) => {
    if (!(output instanceof Tensor)) {
      throw new ArgumentError(
        `${op}: fn must return a tensor or an array of tensors, got ${show(output)} at ${i}`,
      );
    }
  });
  return (list as Tensor[]).filter((output) => output.dtype === 'float32');
}

function positionOf(index: number, shape: readonly number[]): number[] {
  const position = new Array<number>(shape.length);
  for (let d = shape.length - 1; d >= 0; d--) {
    position[d] = index % shape[d];
    index = Math.floor(index / shape[d]);
  }
  return position;
}

function checkOption(name: string, value: number, positive: boolean): number {
  if (!Number.isFinite(value) || value < 0 || (positive && value === 0)) {
    throw new ArgumentError(
      `gradcheck: ${name} must be a ${positive ? 'positive' : 'non-negative'} finite number, got ${show(value)}`,
    );
  }
  return value;
}

/**
 * Compares the gradients autograd computes for `fn` with central differences
 * (torch.autograd.gradcheck). The outputs are projected on a fixed random vector v, so one
 * backward gives v·J; each input element is then perturbed by ±eps on the host and the
 * forward rerun, with the differences summed in float64. Elements pass when
 * |analytic - numeric| <= atol + rtol * |numeric|; the worst one is reported.
 *
 * @example
 * const x = randn([3, 4]).requiresGrad_();
 * await gradcheck((a) => a.tanh().sum(1), [x]);   // { ok: true, worst: {...}, checked: 12 }
 */
export async function gradcheck(
  fn: (...inputs: Tensor[]) => Outputs,
  inputs: readonly Tensor[],
  options: GradcheckOptions = {},
): Promise<GradcheckResult> {
  if (typeof fn !== 'function')
    throw new ArgumentError(`gradcheck: fn must be a function, got ${show(fn)}`);
  if (!Array.isArray(inputs) || !inputs.every((input) => input instanceof Tensor)) {
    throw new ArgumentError(`gradcheck: inputs must be an array of tensors, got ${show(inputs)}`);
  }
  const eps = checkOption('eps', options.eps ?? 1e-3, true);
  const atol = checkOption('atol', options.atol ?? 1e-3, false);
  const rtol = checkOption('rtol', options.rtol ?? 1e-2, false);
  const differentiable = inputs.flatMap((input, i) => (input.requiresGrad ? [i] : []));
  if (differentiable.length === 0) {
    throw new ArgumentError('gradcheck: at least one input must require grad');
  }

  const outputs = listOf(
    enableGrad(() => fn(...inputs)),
    'gradcheck',
  );
  const next = uniformStream(options.seed ?? 0);
  const projections = outputs.map((output) => {
    const values = new Float32Array(output.numel()).map(() => 2 * next() - 1);
    return { values, tensor: tensor(values, { shape: output.shape, backend: output.backend }) };
  });
  const tracked = outputs.flatMap((output, k) => (output.requiresGrad ? [k] : []));
  const analytic =
    tracked.length === 0
      ? differentiable.map(() => null)
      : grad(
          tracked.map((k) => outputs[k]),
          differentiable.map((i) => inputs[i]),
          { gradOutputs: tracked.map((k) => projections[k].tensor), allowUnused: true },
        );

  const projected = async (args: Tensor[]): Promise<number> => {
    const perturbed = listOf(
      noGrad(() => fn(...args)),
      'gradcheck',
    );
    let total = 0;
    for (let k = 0; k < perturbed.length; k++) {
      const values = await perturbed[k].toArray();
      const weights = projections[k].values;
      for (let e = 0; e < values.length; e++) total += values[e] * weights[e];
    }
    return total;
  };

  let worst: GradcheckMismatch | null = null;
  let checked = 0;
  for (let n = 0; n < differentiable.length; n++) {
    const inputIndex = differentiable[n];
    const input = inputs[inputIndex];
    const analyticGrad = analytic[n];
    const analyticValues = analyticGrad === null ? null : await analyticGrad.toArray();
    const values = Float32Array.from(await input.toArray());
    const args = [...inputs];
    const evaluate = async (value: number, elementIndex: number) => {
      values[elementIndex] = value;
      args[inputIndex] = tensor(values, { shape: input.shape, backend: input.backend });
      return projected(args);
    };
    for (let j = 0; j < values.length; j++) {
      const original = values[j];
      // The perturbed values are rounded to float32; dividing by their real distance keeps
      // that rounding out of the derivative.
      const above = Math.fround(original + eps);
      const below = Math.fround(original - eps);
      const numeric = ((await evaluate(above, j)) - (await evaluate(below, j))) / (above - below);
      values[j] = original;
      const analyticValue = analyticValues === null ? 0 : analyticValues[j];
      const difference = Math.abs(analyticValue - numeric);
      const ratio = Number.isNaN(difference)
        ? Number.isNaN(analyticValue) && Number.isNaN(numeric)
          ? 0
          : Number.POSITIVE_INFINITY
        : difference / (atol + rtol * Math.abs(numeric));
      checked++;
      if (worst === null || ratio > worst.ratio) {
        worst = {
          inputIndex,
          elementIndex: j,
          position: positionOf(j, input.shape),
          analytic: analyticValue,
          numeric,
          ratio,
        };
      }
    }
  }
  const result: GradcheckResult = { ok: worst === null || worst.ratio <= 1, worst, checked };
  if (!result.ok && options.raiseException !== false && worst !== null) {
    throw new GradcheckError(
      `gradcheck: analytic and numerical gradients differ for input ${worst.inputIndex} at element ` +
        `${worst.elementIndex} (position ${show(worst.position)}): analytic ${worst.analytic}, ` +
        `numerical ${worst.numeric}; |difference| ${Math.abs(worst.analytic - worst.numeric)} > ` +
        `atol ${atol} + rtol ${rtol} * |numerical| (the outputs are projected on a random vector; eps ${eps})`,
      result,
    );
  }
  return result;
}
