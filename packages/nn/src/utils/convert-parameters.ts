import { noGrad } from '@x/autograd';
import { ArgumentError, cat, Tensor, tidy } from '@x/tensor';
import { describe } from '../format';
import { checkNoExtra, parameterList } from './check-arguments';

function checkOneBackend(op: string, params: Tensor[]): void {
  const backend = params[0]?.backend;
  params.forEach((param, i) => {
    if (param.backend !== backend)
      throw new ArgumentError(
        `${op}: Found two parameters on different backends: parameters[0] and parameters[${i}] (move them with .to() first)`,
      );
  });
}

/**
 * Every parameter flattened and concatenated into one 1-D tensor, in order
 * (torch.nn.utils.parameters_to_vector). The result is a new tensor, recorded for autograd.
 *
 * @example
 * const flat = parametersToVector(net.parameters());
 * console.log(flat.shape); // [number of parameters]
 */
export function parametersToVector(
  parameters: Tensor | Iterable<Tensor>,
  ...extra: never[]
): Tensor {
  const op = 'parametersToVector';
  checkNoExtra(op, 1, extra);
  const params = parameterList(op, parameters);
  if (params.length === 0) throw new ArgumentError(`${op}: parameters is empty`);
  checkOneBackend(op, params);
  return cat(params.map((param) => param.flatten()));
}

/**
 * Copies consecutive slices of the 1-D tensor `vector` into the parameters, in order
 * (torch.nn.utils.vector_to_parameters). Unlike PyTorch, which makes each parameter a view
 * of `vector`, the values are copied, so `vector` may be freed or changed afterwards.
 *
 * @example
 * vectorToParameters(parametersToVector(trained.parameters()), net.parameters());
 */
export function vectorToParameters(
  vector: Tensor,
  parameters: Tensor | Iterable<Tensor>,
  ...extra: never[]
): void {
  const op = 'vectorToParameters';
  checkNoExtra(op, 2, extra);
  if (!(vector instanceof Tensor))
    throw new ArgumentError(`${op}: expected vector to be a Tensor, but got ${describe(vector)}`);
  const params = parameterList(op, parameters);
  params.forEach((param, i) => {
    if (param.backend !== vector.backend)
      throw new ArgumentError(
        `${op}: parameters[${i}] is on another backend than vector (move them with .to() first)`,
      );
  });
  const needed = params.reduce((sum, param) => sum + param.numel(), 0);
  if (vector.ndim !== 1 || vector.shape[0] !== needed)
    throw new ArgumentError(
      `${op}: vector must be 1-D with ${needed} elements (the parameters' total), got shape [${vector.shape}]`,
    );
  noGrad(() =>
    tidy(() => {
      let offset = 0;
      for (const param of params) {
        const size = param.numel();
        param.data.copy_(vector.detach().narrow(0, offset, size).view(param.shape));
        offset += size;
      }
    }),
  );
}
