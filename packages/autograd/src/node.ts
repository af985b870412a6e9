import type { GradFn, NoAttrs, Tensor } from '@x/tensor';
import { AutogradError } from './errors';
import type { Recorded, VjpContext, VjpRule } from './vjp/rule';

/**
 * Where a node sends the gradient of one of its inputs: the node that produced that input,
 * the input itself when it is a leaf that requires grad (its `.grad` accumulates), or
 * nowhere (null) when the input needs no gradient.
 */
export type Edge = Node | Tensor | null;

/** A tensor kept for backward, with the version it had then (PyTorch's SavedVariable). */
interface SavedTensor {
  readonly tensor: Tensor;
  readonly version: number;
  readonly isOutput: boolean;
}

const FREED =
  'Trying to backward through the graph a second time (or directly access saved tensors after ' +
  'they have already been freed). Saved intermediate values of the graph are freed when you call ' +
  '.backward() or autograd.grad(). Specify retainGraph: true if you need to backward through the ' +
  'graph a second time or if you need to access saved tensors after calling backward.';

const TENSOR_TYPE = { float32: 'FloatTensor', int32: 'IntTensor', bool: 'BoolTensor' } as const;

/** `[torch.FloatTensor [2, 3]]`, as PyTorch names a tensor in autograd errors. */
function describe(tensor: Tensor): string {
  const device = tensor.device === 'cpu' ? '' : `${tensor.device}.`;
  return `[torch.${device}${TENSOR_TYPE[tensor.dtype]} [${tensor.shape.join(', ')}]]`;
}

/** A rule's VJP with its call's attributes bound in: what a node runs, whatever its op. */
type BoundVjp = (outputGrad: Tensor, ctx: Omit<VjpContext, 'attrs'>) => readonly (Tensor | null)[];

/**
 * Binds a call's attributes into its rule's VJP. A function of its own so that the closure
 * holds the rule and the attributes only: one made in Node's constructor would share its
 * scope, which holds the output, and keep every output alive as long as the graph.
 */
function bindAttrs<Attrs>(rule: VjpRule<Attrs>, attrs: Attrs): BoundVjp {
  // Fields named, not spread: an object spread here made backward of small ops twice as slow.
  return (outputGrad, { inputShapes, inputStrides, needsInputGrad, saved }) =>
    rule.vjp(outputGrad, { attrs, inputShapes, inputStrides, needsInputGrad, saved });
}

/**
 * A backward node: one recorded op, its VJP rule, the tensors the rule saved and the edges
 * to its inputs. It is the tensor's `gradFn`, printed by its PyTorch name. `Attrs` only types
 * the constructor (the rule and the call must agree); a node keeps the attributes bound into
 * its VJP, so nodes of every op share one type.
 */
export class Node<Attrs = NoAttrs> implements GradFn {
  readonly name: string;
  readonly edges: readonly Edge[];
  readonly inputShapes: readonly (readonly number[])[];
  readonly inputStrides: readonly (readonly number[])[];
  /** For view ops, the output's version when the view was taken; null for other ops. */
  readonly viewVersion: number | null;
  private readonly vjp: BoundVjp;
  private readonly needsInputGrad: readonly boolean[];
  private saved: readonly (SavedTensor | undefined)[] | null;
  private readonly savesTensors: boolean;

  constructor(rule: VjpRule<Attrs>, recorded: Recorded<Attrs>) {
    const { inputs, output, attrs, needsInputGrad } = recorded;
    this.name = typeof rule.name === 'string' ? rule.name : rule.name(recorded);
    this.vjp = bindAttrs(rule, attrs);
    this.needsInputGrad = needsInputGrad;
    this.inputShapes = inputs.map((input) => input.shape);
    this.inputStrides = inputs.map((input) => input.strides);
    this.edges = inputs.map((input) =>
      input.requiresGrad ? ((input.gradFn as Node | null) ?? input) : null,
    );
    this.viewVersion = rule.isView === true ? output.version : null;
    this.saved = (rule.save?.(recorded) ?? []).map((tensor) =>
      tensor === undefined
        ? undefined
        : { tensor, version: tensor.version, isOutput: tensor === output },
    );
    this.savesTensors = this.saved.some((entry) => entry !== undefined);
  }

  /**
   * Runs the VJP for `outputGrad`: one gradient per input. Throws PyTorch's errors when the
   * saved tensors were freed by an earlier backward or changed in place since they were saved.
   */
  apply(outputGrad: Tensor, op: string): readonly (Tensor | null)[] {
    const saved = this.saved;
    if (saved === null) throw new AutogradError(`${op}: ${FREED}`);
    for (const entry of saved) if (entry !== undefined) this.checkVersion(entry, op);
    return this.vjp(outputGrad, {
      inputShapes: this.inputShapes,
      inputStrides: this.inputStrides,
      needsInputGrad: this.needsInputGrad,
      saved: (index) => {
        const entry = saved[index];
        if (entry === undefined) {
          throw new AutogradError(
            `${this.name}: read saved tensor ${index}, which it did not save`,
          );
        }
        return entry.tensor;
      },
    });
  }

  /** Frees the saved tensors; running this node again then throws (PyTorch's retain_graph=False). */
  release(): void {
    if (this.savesTensors) this.saved = null;
  }

  private checkVersion({ tensor, version, isOutput }: SavedTensor, op: string): void {
    if (tensor.version === version) return;
    // PyTorch names the node that output the tensor: this one for a saved output, else the
    // tensor's current producer.
    const producer = isOutput ? this.name : tensor.gradFn?.name;
    const origin = producer === undefined ? '' : `, which is output 0 of ${producer},`;
    throw new AutogradError(
      `${op}: one of the variables needed for gradient computation has been modified by an ` +
        `inplace operation: ${describe(tensor)}${origin} is at version ${tensor.version}; ` +
        `expected version ${version} instead. Hint: the tensor was changed in place after ` +
        `${this.name} saved it; use the out-of-place op (add instead of add_) or clone() it first.`,
    );
  }
}
