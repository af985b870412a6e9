// torch.nn.utils.weight_norm as PyTorch 1.13 has it: `weight` becomes `weight_g * weight_v /
// ||weight_v||`, with the parameters `weight_g` and `weight_v`, recomputed by a forward
// pre-hook. (PyTorch 2.x adds torch.nn.utils.parametrizations.weight_norm, whose names are
// `parametrizations.weight.original0/1`; this is the 1.13 form, which checkpoints of that
// era use.)
import { noGrad } from '@x/autograd';
import { ArgumentError, keep, type Tensor } from '@x/tensor';
import { describe } from '../format';
import { moduleHooks } from '../hooks';
import type { Module } from '../module';
import { Parameter } from '../parameter';
import { REGISTRY } from '../registration';

/** What a weight-norm pre-hook normalises: its name and dim, by hook. */
const specs = new WeakMap<object, { name: string; dim: number }>();

/**
 * torch.norm_except_dim(v, 2, dim): the 2-norm over every dim but `dim`, shaped to broadcast
 * against `v`; for dim -1, the norm of the whole tensor.
 */
export function normExceptDim(v: Tensor, dim: number): Tensor {
  if (dim === -1) return v.square().sum().sqrt();
  const kept = dim < 0 ? dim + v.ndim : dim;
  const others = [...Array(v.ndim).keys()].filter((d) => d !== kept);
  return others.length === 0 ? v.abs() : v.square().sum(others, { keepdim: true }).sqrt();
}

function computeWeight(module: Module, name: string, dim: number): Tensor {
  const own = module as unknown as Record<string, Tensor>;
  const g = own[`${name}_g`];
  const v = own[`${name}_v`];
  return v.mul(g.div(normExceptDim(v, dim)));
}

/**
 * Reparametrizes `module[name]` as `g * v / ||v||` (torch.nn.utils.weight_norm, PyTorch 1.13):
 * the parameter is replaced by `${name}_g` (the norms over every dim but `dim`; `dim: null`
 * for the norm of the whole tensor) and `${name}_v` (its direction), and `module[name]` is
 * recomputed from them before every forward(). Returns the module.
 *
 * @example
 * const layer = weightNorm(new Linear(20, 40));
 * [...layer.namedParameters()].map(([n]) => n); // ['bias', 'weight_g', 'weight_v']
 * layer.weight_g.shape;                         // [40, 1]
 */
export function weightNorm<M extends Module>(
  module: M,
  name = 'weight',
  dim: number | null = 0,
): M {
  const op = 'weightNorm';
  if (typeof name !== 'string') {
    throw new ArgumentError(`${op}: name must be a string, got ${describe(name)}`);
  }
  if (dim !== null && !Number.isInteger(dim)) {
    throw new ArgumentError(`${op}: dim must be an integer or null, got ${describe(dim)}`);
  }
  const hooks = moduleHooks(module).forwardPre;
  for (const hook of hooks.values()) {
    if (specs.get(hook)?.name === name) {
      throw new ArgumentError(
        `${op}: Cannot register two weight_norm hooks on the same parameter ${name}`,
      );
    }
  }
  const weight = module[REGISTRY].parameters.get(name);
  if (!(weight instanceof Parameter)) {
    throw new ArgumentError(`${op}: ${module._getName()} has no parameter '${name}'`);
  }
  const normDim = dim ?? -1;
  if (normDim < -weight.ndim || normDim >= Math.max(weight.ndim, 1)) {
    throw new ArgumentError(
      `${op}: dim ${normDim} is out of range for a parameter of ${weight.ndim} dimensions`,
    );
  }
  const g = noGrad(() => normExceptDim(weight, normDim));
  module[REGISTRY].parameters.delete(name);
  module.registerParameter(`${name}_g`, new Parameter(g));
  module.registerParameter(`${name}_v`, new Parameter(weight.data));
  const own = module as unknown as Record<string, Tensor>;
  own[name] = keep(computeWeight(module, name, normDim));
  const hook = (target: Module) => {
    (target as unknown as Record<string, Tensor>)[name] = keep(
      computeWeight(target, name, normDim),
    );
  };
  specs.set(hook, { name, dim: normDim });
  module.registerForwardPreHook(hook);
  return module;
}

/**
 * Undoes weightNorm: `module[name]` becomes a Parameter again, holding the current
 * `g * v / ||v||` (torch.nn.utils.remove_weight_norm). Returns the module.
 *
 * @example
 * removeWeightNorm(layer); // layer.weight is a Parameter; weight_g and weight_v are gone
 */
export function removeWeightNorm<M extends Module>(module: M, name = 'weight'): M {
  const hooks = moduleHooks(module).forwardPre;
  for (const [id, hook] of hooks) {
    const spec = specs.get(hook);
    if (spec?.name !== name) continue;
    const weight = noGrad(() => computeWeight(module, name, spec.dim));
    const own = module as unknown as Record<string, unknown>;
    delete own[name];
    delete own[`${name}_g`];
    delete own[`${name}_v`];
    own[name] = new Parameter(weight);
    hooks.delete(id);
    return module;
  }
  throw new ArgumentError(
    `removeWeightNorm: weight_norm of '${name}' not found in ${module._getName()}`,
  );
}
