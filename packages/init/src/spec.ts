import { ArgumentError, type RandomOptions, show, type Tensor } from '@x/tensor';
import { REGISTRY } from './registry';
import type { InitName, InitSpec, ParamValue } from './spec-types';

/** An initialiser made from a spec: call it on a tensor; `spec` says what it is. */
export interface Initializer {
  (tensor: Tensor, options?: RandomOptions): Tensor;
  /** The spec it was made from, every parameter filled in (defaults included). */
  readonly spec: InitSpec;
}

/**
 * Turns a spec (or a bare name) into an initialiser `(tensor, { generator }) => tensor`.
 * The spec is checked now (name, parameter names, types, choices, ranges that need no
 * tensor); what depends on the tensor (dims, dtype) is checked at the call, before any write.
 * Specs assume PyTorch's weight layout [out, in, ...kernel], for Keras names too.
 *
 * @example
 * const linearDefault = fromSpec({ name: 'kaiming_uniform', a: Math.sqrt(5) });
 * linearDefault(linear.weight); // what nn.Linear does
 * fromSpec(JSON.parse('{"name":"he_normal"}'))(conv.weight);
 */
export function fromSpec(spec: InitSpec | InitName): Initializer {
  const full = normalizeSpec(typeof spec === 'string' ? ({ name: spec } as InitSpec) : spec);
  const entry = REGISTRY.get(full.name)!;
  const params = full as unknown as Record<string, ParamValue>;
  const initializer = (tensor: Tensor, options: RandomOptions = {}) =>
    entry.apply(tensor, params, options.generator);
  return Object.assign(initializer, { spec: full });
}

/**
 * The spec an initialiser was made from, with every default filled in: plain JSON data.
 *
 * @example
 * toSpec(fromSpec('he_uniform')); // { name: 'he_uniform' }
 * JSON.stringify(toSpec(fromSpec({ name: 'normal', std: 0.02 }))); // '{"name":"normal","mean":0,"std":0.02}'
 */
export function toSpec(initializer: Initializer): InitSpec {
  const spec = (initializer as Partial<Initializer> | undefined)?.spec;
  if (typeof initializer !== 'function' || spec === undefined) {
    throw new ArgumentError(
      `toSpec: expected an initializer made by fromSpec, got ${show(initializer)}`,
    );
  }
  return { ...spec };
}

/** Checks a spec against the registry and fills in defaults, in the registry's order. */
function normalizeSpec(spec: InitSpec): InitSpec {
  const op = 'fromSpec';
  if (spec === null || typeof spec !== 'object') {
    throw new ArgumentError(
      `${op}: expected a spec object like { name: 'xavier_uniform' } or a name, got ${show(spec)}`,
    );
  }
  const entry = REGISTRY.get(spec.name);
  if (entry === undefined) {
    throw new ArgumentError(
      `${op}: unknown initializer name ${show(spec.name)}; known names: ${[...REGISTRY.keys()].join(', ')}`,
    );
  }
  const given = spec as unknown as Record<string, unknown>;
  const known = entry.params.map((p) => p.name);
  for (const key of Object.keys(given)) {
    if (key !== 'name' && !known.includes(key)) {
      const expected = known.length === 0 ? 'takes no parameters' : `takes ${known.join(', ')}`;
      throw new ArgumentError(
        `${op}: '${entry.name}' has no parameter ${show(key)}; it ${expected}`,
      );
    }
  }
  const full: Record<string, ParamValue> = { name: entry.name };
  for (const param of entry.params) {
    const value = given[param.name] ?? param.default;
    const where = `${op}: '${entry.name}' parameter '${param.name}'`;
    if (value === undefined) throw new ArgumentError(`${where} is required, got nothing`);
    if (param.type === 'number' && (typeof value !== 'number' || !Number.isFinite(value))) {
      throw new ArgumentError(`${where} must be a finite number, got ${show(value)}`);
    }
    if (param.type === 'string' && (typeof value !== 'string' || !param.choices?.includes(value))) {
      throw new ArgumentError(
        `${where} must be one of ${param.choices?.map(show).join(', ')}, got ${show(value)}`,
      );
    }
    full[param.name] = value as ParamValue;
  }
  entry.check?.(full, `${op}: '${entry.name}'`);
  return Object.freeze(full) as unknown as InitSpec;
}
