import type { OpAttrs, Tensor } from '@x/tensor';

/** One call of a recorded op, as @x/tensor reported it. */
export interface Recorded {
  readonly inputs: readonly Tensor[];
  readonly output: Tensor;
  readonly attrs: OpAttrs;
  /** Per input: whether a gradient must flow to it (it requires grad). */
  readonly needsInputGrad: readonly boolean[];
}

/** What a VJP sees when backward runs. */
export interface VjpContext {
  readonly attrs: OpAttrs;
  readonly inputShapes: readonly (readonly number[])[];
  /** The inputs' strides when the op ran (PyTorch saves them where a gradient's layout follows its input's). */
  readonly inputStrides: readonly (readonly number[])[];
  readonly needsInputGrad: readonly boolean[];
  /** The `index`-th tensor the rule saved, already checked against in-place changes. */
  saved(index: number): Tensor;
}

/**
 * The vector-Jacobian product of one op, written with tensor ops so that every backend
 * gets backward for free (tinygrad's gradient table, tfjs's gradient registry).
 */
export interface VjpRule {
  /** PyTorch's name of the backward node (`MulBackward0`), or how to pick it from the call. */
  readonly name: string | ((recorded: Recorded) => string);
  /** The tensors the VJP reads, in the order `ctx.saved(i)` returns them; `undefined` keeps none. */
  readonly save?: (recorded: Recorded) => readonly (Tensor | undefined)[];
  /** True for ops whose output shares its input's storage (views). */
  readonly isView?: boolean;
  /** One gradient per input, shaped like that input; null where `needsInputGrad` is false. */
  readonly vjp: (outputGrad: Tensor, ctx: VjpContext) => readonly (Tensor | null)[];
}
