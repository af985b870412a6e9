import {
  ArgumentError,
  checkOptionNames,
  isOptionsObject,
  noGrad,
  type RandomOptions,
  show,
  Tensor,
} from '@x/tensor';
import { rejectExtra } from './arguments';
import { checkFinite, checkFloat, checkNdim } from './checks';
import { orthogonal_ } from './orthogonal';

/** One layer as LSUV sees it: a weight to rescale and a way to read what the layer produced. */
export interface LsuvLayer {
  /** The layer's weight, changed in place: orthogonal_ first (unless disabled), then rescaled. */
  readonly weight: Tensor;
  /** This layer's output from the latest `forward()` call (e.g. the value a hook or a field kept). */
  output(): Tensor;
}

export interface LsuvOptions extends RandomOptions {
  /** Stop once |Var(output) − 1| < tolerance; 0.1 by default (the paper's Tol_var). */
  tolerance?: number;
  /** Most rescalings per layer; 10 by default (the paper's T_max). */
  maxIterations?: number;
  /** Start from orthogonal_ weights, as the paper does; true by default. */
  orthogonal?: boolean;
}

export interface LsuvLayerResult {
  /** Var(output) after the last forward pass for this layer. */
  readonly variance: number;
  /** How many times the weight was rescaled. */
  readonly iterations: number;
  readonly converged: boolean;
}

/**
 * Layer-sequential unit-variance init (Mishkin & Matas, 2015, "All you need is a good init"):
 * weights made orthogonal, then, layer by layer from the first, `forward()` is run on a
 * batch and the layer's weight divided by √Var(output) until |Var(output) − 1| < tolerance
 * or maxIterations rescalings. Var is Tensor.var() over every element of the output
 * (unbiased, as torch.var). Biases are left alone.
 *
 * The contract, so @x/init needs no modules: `forward` runs the whole network on a fixed
 * batch (synchronously, or as a promise), with recording off for its synchronous part;
 * `layers` lists the layers in the order data flows through them, each with its weight and
 * an `output()` that returns the tensor that layer produced in the latest forward pass.
 * Asynchronous because reading a variance from a GPU tensor is. If anything fails (a layer
 * whose output does not vary, a throwing forward), every weight is restored.
 *
 * @example
 * const outputs: Tensor[] = [];
 * const forward = () => { let h = batch; weights.forEach((w, i) => { outputs[i] = h.matmul(w.t()); h = outputs[i].tanh(); }); };
 * await lsuv_(forward, weights.map((weight, i) => ({ weight, output: () => outputs[i] })));
 */
export async function lsuv_(
  forward: () => void | Promise<void>,
  layers: readonly LsuvLayer[],
  options?: LsuvOptions,
): Promise<LsuvLayerResult[]>;
export async function lsuv_(
  forward: () => void | Promise<void>,
  layers: readonly LsuvLayer[],
  options: LsuvOptions = {},
  ...extra: unknown[]
): Promise<LsuvLayerResult[]> {
  rejectExtra('lsuv_', extra, 'forward, layers and an options object');
  if (!isOptionsObject(options as unknown)) {
    throw new ArgumentError(
      `lsuv_: options must be an object { tolerance, maxIterations, orthogonal, generator }, got ${show(options)}`,
    );
  }
  checkOptionNames('lsuv_', options as Record<string, unknown>, [
    'tolerance',
    'maxIterations',
    'orthogonal',
    'generator',
  ]);
  const { tolerance = 0.1, maxIterations = 10, orthogonal = true, generator } = options;
  checkArguments(forward, layers, tolerance, maxIterations, orthogonal);
  const saved = noGrad(() => layers.map((layer) => layer.weight.clone()));
  try {
    if (orthogonal) for (const layer of layers) orthogonal_(layer.weight, { generator });
    const results: LsuvLayerResult[] = [];
    for (const [index, layer] of layers.entries()) {
      let iterations = 0;
      let variance = await outputVariance(forward, layer, index);
      while (Math.abs(variance - 1) >= tolerance && iterations < maxIterations) {
        const scale = 1 / Math.sqrt(variance);
        noGrad(() => layer.weight.mul_(scale));
        iterations++;
        variance = await outputVariance(forward, layer, index);
      }
      results.push({ variance, iterations, converged: Math.abs(variance - 1) < tolerance });
    }
    return results;
  } catch (error) {
    noGrad(() => {
      for (const [i, layer] of layers.entries()) layer.weight.copy_(saved[i]);
    });
    throw error;
  } finally {
    for (const copy of saved) copy.dispose();
  }
}

function checkArguments(
  forward: unknown,
  layers: readonly LsuvLayer[],
  tolerance: number,
  maxIterations: number,
  orthogonal: boolean,
): void {
  const op = 'lsuv_';
  if (typeof forward !== 'function')
    throw new ArgumentError(`${op}: forward must be a function, got ${show(forward)}`);
  if (!Array.isArray(layers))
    throw new ArgumentError(`${op}: layers must be an array, got ${show(layers)}`);
  layers.forEach((layer, i) => {
    if (layer === null || typeof layer !== 'object' || typeof layer.output !== 'function') {
      throw new ArgumentError(
        `${op}: layers[${i}] must be { weight, output() }, got ${show(layer)}`,
      );
    }
    checkFloat(`${op}: layers[${i}].weight`, layer.weight);
    if (orthogonal)
      checkNdim(`${op}: layers[${i}].weight`, layer.weight, (ndim) => ndim >= 2, '2 or more');
  });
  checkFinite(op, 'tolerance', tolerance);
  if (tolerance <= 0) throw new ArgumentError(`${op}: tolerance must be > 0, got ${tolerance}`);
  if (!Number.isInteger(maxIterations) || maxIterations < 0) {
    throw new ArgumentError(
      `${op}: maxIterations must be a non-negative integer, got ${show(maxIterations)}`,
    );
  }
}

/** Runs the forward pass and reads Var(output) of layer `index`. */
async function outputVariance(
  forward: () => void | Promise<void>,
  layer: LsuvLayer,
  index: number,
): Promise<number> {
  await noGrad(forward);
  const output = layer.output();
  if (!(output instanceof Tensor) || output.dtype !== 'float32' || output.numel() < 2) {
    throw new ArgumentError(
      `lsuv_: layers[${index}].output() must return a float32 tensor with at least 2 elements, got ${output instanceof Tensor ? `a ${output.dtype} tensor of shape ${show(output.shape)}` : show(output)}`,
    );
  }
  const varianceTensor = noGrad(() => output.var());
  const variance = await varianceTensor.itemAsync();
  varianceTensor.dispose();
  if (!(variance > 0) || !Number.isFinite(variance)) {
    throw new ArgumentError(
      `lsuv_: layers[${index}].output() has variance ${variance}; LSUV can only rescale a layer whose output varies`,
    );
  }
  return variance;
}
