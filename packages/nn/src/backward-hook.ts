// How registerFullBackwardHook sees a module's gradients, as PyTorch's BackwardHook does:
// the module's tensor inputs and outputs pass through identity nodes
// (BackwardHookFunctionBackward), and the gradients that reach them are the module's
// gradInput and gradOutput. PyTorch's identity is one node with several outputs; @x/autograd's
// nodes have one output each, so every tensor gets its own identity node and all of them feed
// one join node. The engine runs the join only after every identity node (they all send to
// it), so the join sees all the gradients at once and may replace them before they flow on.
import { isGradEnabled, Node, type VjpRule } from '@x/autograd';
import { ArgumentError, ShapeError, Tensor, zeros } from '@x/tensor';
import { describe } from './format';
import type { Module } from './module';

/** A hook of registerFullBackwardHook; it may return replacement gradients of the inputs. */
export type FullBackwardHook<M extends Module = Module> = (
  module: M,
  gradInput: (Tensor | null)[],
  gradOutput: (Tensor | null)[],
  // biome-ignore lint/suspicious/noConfusingVoidType: a hook that returns nothing keeps the gradients
) => (Tensor | null)[] | null | undefined | void;

const NAME = 'BackwardHookFunctionBackward';

/**
 * Returns aliases of `tensors` whose gradients, once all have arrived in backward, are
 * passed to `onGradients` (null where none arrived, or where the tensor needs none); what it
 * returns flows on to `tensors`.
 */
function joinGradients(
  tensors: readonly Tensor[],
  onGradients: (gradients: (Tensor | null)[]) => (Tensor | null)[],
): Tensor[] {
  const tracked = tensors.filter((tensor) => tensor.requiresGrad);
  const arrived: (Tensor | null)[] = tensors.map(() => null);
  const joinRule: VjpRule = {
    name: NAME,
    vjp: () => {
      const gradients = [...arrived];
      arrived.fill(null);
      const replaced = onGradients(gradients);
      return tensors.flatMap((tensor, i) => (tensor.requiresGrad ? [replaced[i]] : []));
    },
  };
  // The join's output only orders the graph: a 0-element tensor the identity nodes consume.
  const token = zeros([0], { backend: tracked[0].backend });
  const join = new Node(joinRule, {
    inputs: tracked,
    output: token,
    attrs: {},
    needsInputGrad: tracked.map(() => true),
  });
  token.gradFn = join;
  token.requiresGrad = true;
  return tensors.map((tensor, i) => {
    if (!tensor.requiresGrad) return tensor;
    const identityRule: VjpRule = {
      name: NAME,
      isView: true,
      // The engine has summed this tensor's gradient before it runs the node, once a pass.
      vjp: (gradient) => {
        arrived[i] = gradient;
        return [zeros([0], { backend: gradient.backend })];
      },
    };
    const alias = tensor.detach();
    alias.gradFn = new Node(identityRule, {
      inputs: [token],
      output: alias,
      attrs: {},
      needsInputGrad: [true],
    });
    alias.requiresGrad = true;
    return alias;
  });
}

/** Where `values` go among `size` slots: `values[k]` at `indices[k]`, null elsewhere. */
function packWithNull(
  indices: readonly number[],
  values: readonly (Tensor | null)[],
  size: number,
): (Tensor | null)[] {
  const packed: (Tensor | null)[] = Array(size).fill(null);
  indices.forEach((index, k) => {
    packed[index] = values[k];
  });
  return packed;
}

/** One forward call's backward hooks (torch.utils.hooks.BackwardHook). */
export class BackwardHook {
  private gradOutputs: (Tensor | null)[] | null = null;
  private nInputs = -1;
  private inputIndices: number[] | null = null;
  private nOutputs = -1;
  private outputIndices: number[] | null = null;
  private inputTensors: Tensor[] = [];

  constructor(
    private readonly module: Module,
    private readonly hooks: readonly FullBackwardHook[],
  ) {}

  /** Wraps the tensors among the forward's inputs. */
  setupInputHook(inputs: readonly unknown[]): unknown[] {
    const [wrapped, indices] = this.applyOnTensors(inputs, (grads) => this.onInputGrads(grads));
    this.inputTensors = inputs.filter((input): input is Tensor => input instanceof Tensor);
    this.nInputs = inputs.length;
    this.inputIndices = indices;
    return wrapped;
  }

  /** Wraps the forward's output: a tensor, or the tensors of an array of outputs. */
  setupOutputHook(output: unknown): unknown {
    const isTuple = Array.isArray(output);
    const outputs: unknown[] = isTuple ? output : [output];
    const [wrapped, indices] = this.applyOnTensors(outputs, (grads) => this.onOutputGrads(grads));
    this.nOutputs = outputs.length;
    this.outputIndices = indices;
    return isTuple ? wrapped : wrapped[0];
  }

  private applyOnTensors(
    values: readonly unknown[],
    onGradients: (gradients: (Tensor | null)[]) => (Tensor | null)[],
  ): [unknown[], number[] | null] {
    const indices: number[] = [];
    const tensors: Tensor[] = [];
    values.forEach((value, i) => {
      if (value instanceof Tensor) {
        indices.push(i);
        tensors.push(value);
      }
    });
    if (!(tensors.some((tensor) => tensor.requiresGrad) && isGradEnabled())) {
      return [[...values], null];
    }
    const aliases = joinGradients(tensors, onGradients);
    const wrapped = [...values];
    indices.forEach((index, k) => {
      wrapped[index] = aliases[k];
    });
    return [wrapped, indices];
  }

  private onOutputGrads(gradients: (Tensor | null)[]): (Tensor | null)[] {
    const outputIndices = this.outputIndices ?? [];
    this.gradOutputs = packWithNull(outputIndices, gradients, this.nOutputs);
    // No input needs a gradient, so no input join will run: call the hooks from here.
    if (this.inputIndices === null) {
      const gradInput = packWithNull([], [], this.nInputs);
      for (const hook of this.hooks) {
        const result = hook(this.module, gradInput, this.gradOutputs);
        if (result !== undefined && result !== null && !result.every((g) => g === null)) {
          throw new ArgumentError(
            'registerFullBackwardHook: a backward hook of a module none of whose inputs ' +
              'requires gradient must return nothing, or null for every gradient',
          );
        }
      }
      this.gradOutputs = null;
    }
    return gradients;
  }

  private onInputGrads(arrived: (Tensor | null)[]): (Tensor | null)[] {
    // Gradients flowing into the inputs without passing through the outputs (double backward).
    if (this.gradOutputs === null) return arrived;
    const inputIndices = this.inputIndices ?? [];
    // PyTorch's identity materialises the gradient of a tensor input that got none as zeros.
    const materialized = arrived.map(
      (gradient, k) =>
        gradient ?? zeros(this.inputTensors[k].shape, { backend: this.inputTensors[k].backend }),
    );
    let gradInput = packWithNull(inputIndices, materialized, this.nInputs);
    for (const hook of this.hooks) {
      const result = hook(this.module, gradInput, this.gradOutputs);
      if (result === undefined || result === null) continue;
      this.checkReplacement(result, gradInput);
      gradInput = result;
    }
    this.gradOutputs = null;
    return inputIndices.map((index) => gradInput[index]);
  }

  private checkReplacement(result: unknown, gradInput: readonly (Tensor | null)[]): void {
    if (!Array.isArray(result) || result.length !== gradInput.length) {
      throw new ArgumentError(
        `registerFullBackwardHook: Backward hook returned an invalid number of grad_input, got ${
          Array.isArray(result) ? result.length : describe(result)
        }, but expected ${gradInput.length}`,
      );
    }
    result.forEach((gradient, i) => {
      const expected = gradInput[i];
      if (gradient === null || expected === null) return;
      if (!(gradient instanceof Tensor)) {
        throw new ArgumentError(
          `registerFullBackwardHook: gradInput[${i}] returned by a backward hook must be a Tensor or null, got ${describe(gradient)}`,
        );
      }
      if (gradient.shape.join() !== expected.shape.join()) {
        throw new ShapeError(
          `registerFullBackwardHook: gradInput[${i}] returned by a backward hook has shape [${gradient.shape}], but input ${i} has shape [${expected.shape}]`,
        );
      }
    });
  }
}
