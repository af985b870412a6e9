import { ArgumentError, Tensor } from '@x/tensor';
import { describe } from '../format';

/** `parameters` as torch.nn.utils takes them: one tensor or an iterable of tensors. */
export function parameterList(op: string, parameters: Tensor | Iterable<Tensor>): Tensor[] {
  if (parameters instanceof Tensor) return [parameters];
  if (typeof parameters !== 'object' || parameters === null || !(Symbol.iterator in parameters)) {
    throw new ArgumentError(
      `${op}: parameters must be a Tensor or an iterable of Tensors, got ${describe(parameters)}`,
    );
  }
  const list = [...parameters];
  list.forEach((p, i) => {
    if (!(p instanceof Tensor))
      throw new ArgumentError(`${op}: parameters[${i}] must be a Tensor, got ${describe(p)}`);
  });
  return list;
}

/** Throws for arguments past the `expected` ones, which JavaScript would silently drop. */
export function checkNoExtra(op: string, expected: number, extra: readonly unknown[]): void {
  if (extra.length > 0)
    throw new ArgumentError(
      `${op}: takes at most ${expected} arguments, got ${expected + extra.length} (the extra one is ${describe(extra[0])})`,
    );
}
