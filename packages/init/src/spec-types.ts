import type { Generator, Tensor } from '@x/tensor';
import type { FanMode } from './fan';
import type { Nonlinearity } from './gain';
import type { VarianceScalingDistribution, VarianceScalingMode } from './variance-scaling';

/** The parameters each named initialiser takes (all optional except sparse's sparsity). */
export interface InitSpecParams {
  uniform: { a?: number; b?: number };
  normal: { mean?: number; std?: number };
  trunc_normal: { mean?: number; std?: number; a?: number; b?: number };
  constant: { value?: number };
  ones: Record<never, never>;
  zeros: Record<never, never>;
  eye: Record<never, never>;
  dirac: { groups?: number };
  xavier_uniform: { gain?: number };
  xavier_normal: { gain?: number };
  kaiming_uniform: { a?: number; mode?: FanMode; nonlinearity?: Nonlinearity };
  kaiming_normal: { a?: number; mode?: FanMode; nonlinearity?: Nonlinearity };
  orthogonal: { gain?: number };
  sparse: { sparsity: number; std?: number };
  glorot_uniform: Record<never, never>;
  glorot_normal: Record<never, never>;
  he_uniform: Record<never, never>;
  he_normal: Record<never, never>;
  lecun_uniform: Record<never, never>;
  lecun_normal: Record<never, never>;
  variance_scaling: {
    scale?: number;
    mode?: VarianceScalingMode;
    distribution?: VarianceScalingDistribution;
  };
  random_normal: { mean?: number; stddev?: number };
  random_uniform: { minval?: number; maxval?: number };
  truncated_normal: { mean?: number; stddev?: number };
  identity: { gain?: number };
}
export type InitName = keyof InitSpecParams;
/** A named initialiser with its parameters: plain data, so JSON.stringify/parse round-trip it. */
export type InitSpec = { [Name in InitName]: { name: Name } & InitSpecParams[Name] }[InitName];

export type ParamValue = number | string;

export interface ParamInfo {
  readonly name: string;
  readonly type: 'number' | 'string';
  /** The value used when the spec leaves the parameter out; absent for a required one. */
  readonly default?: ParamValue;
  /** The accepted strings, for a 'string' parameter. */
  readonly choices?: readonly string[];
  readonly description: string;
}

export interface InitializerInfo {
  readonly name: InitName;
  /** The functions it mirrors: PyTorch's, Keras's and TensorFlow.js's. */
  readonly mirrors: readonly string[];
  readonly description: string;
  readonly params: readonly ParamInfo[];
}

/** @internal A spec's parameters, defaults filled in. */
export type Params = Record<string, ParamValue>;

/** @internal A registry entry: what is listed, plus how to check and apply it. */
export interface Entry extends InitializerInfo {
  /** Domain checks that need no tensor (a <= b, std >= 0, ...), run by fromSpec. */
  readonly check?: (params: Params, op: string) => void;
  readonly apply: (tensor: Tensor, params: Params, generator: Generator | undefined) => Tensor;
}

/** @internal A number parameter; without a fallback, a required one. */
export const num = (name: string, description: string, fallback?: number): ParamInfo =>
  fallback === undefined
    ? { name, type: 'number', description }
    : { name, type: 'number', default: fallback, description };
/** @internal A string parameter with its choices. */
export const choice = (
  name: string,
  choices: readonly string[],
  fallback: string,
  description: string,
): ParamInfo => ({
  name,
  type: 'string',
  default: fallback,
  choices,
  description,
});
export const gainParam = num('gain', 'multiplier of the result', 1);
/** @internal A number parameter's value. */
export const numberParam = (params: Params, name: string) => params[name] as number;
