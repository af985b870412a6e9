import { ArgumentError, Tensor } from '@x/tensor';
import { describe } from './format';

type TensorParts = ConstructorParameters<typeof Tensor>;

/**
 * The constructor arguments of an alias of `data`: the same storage, layout and version
 * counter, as Tensor's `_alias` builds them. Tensor keeps its storage reference private;
 * a Parameter must be a Tensor over that very storage, so it is read here, and only here.
 */
function aliasParts(data: Tensor): TensorParts {
  data._view('Parameter');
  const { ref } = data as unknown as { ref: TensorParts[0] };
  return [ref, data.shape, data.strides, data.offset, data.dtype, data._versionCounter];
}

/**
 * A tensor that is a module's learnable weight: it requires grad by default, and assigning
 * it to a Module field registers it, so `namedParameters()` and `stateDict()` list it.
 * It shares `data`'s storage (edits through either show in both) and is a leaf.
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
    super(...aliasParts(data));
    this.requiresGrad_(requiresGrad);
  }

  /** @internal PyTorch prints 'Parameter containing:' above the tensor's own text. */
  override _printPrefix(): string {
    return 'Parameter containing:\ntensor(';
  }
}
