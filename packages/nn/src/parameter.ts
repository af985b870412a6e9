import { ArgumentError, keep, Tensor } from '@x/tensor';
import { describe } from './format';

/**
 * A tensor that is a module's learnable weight: it requires grad by default, and assigning
 * it to a Module field registers it, so `namedParameters()` and `stateDict()` list it.
 * It shares `data`'s storage and version counter (edits through either show in both) and is
 * a leaf.
 * Mirrors torch.nn.Parameter.
 *
 * @example
 * const w = new Parameter(zeros([2]));
 * String(w); // 'Parameter containing:\ntensor([0., 0.], requires_grad=True)'
 */
export class Parameter extends Tensor {
  constructor(data: Tensor, requiresGrad = true) {
    if (!(data instanceof Tensor)) {
      throw new ArgumentError(`Parameter: data must be a Tensor, got ${describe(data)}`);
    }
    data._view('Parameter');
    super(data._parts());
    // A module's weight outlives any tidy() scope it is created in (LazyLinear's first forward).
    keep(this);
    this.requiresGrad_(requiresGrad);
  }

  /** @internal PyTorch prints 'Parameter containing:' above the tensor's own text. */
  override _printPrefix(): string {
    return 'Parameter containing:\ntensor(';
  }
}

/**
 * Resets a parameter's gradient as zero_grad does: zeroed in place, or dropped. A dropped
 * gradient's storage is freed now rather than at some later garbage collection, so read or
 * clone a `.grad` you need before calling zeroGrad().
 */
export function resetGrad(param: Tensor, setToNone: boolean): void {
  const grad = param.grad;
  if (grad === null) return;
  if (setToNone) {
    param.grad = null;
    grad.dispose();
  } else {
    grad.zero_();
  }
}
