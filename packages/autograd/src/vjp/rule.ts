import type { DifferentiableOp, NoAttrs, OpAttrs, Tensor } from '@x/tensor';

/** One call of a recorded op, as @x/tensor reported it, with the attributes it recorded. */
export interface Recorded<Attrs = NoAttrs> {
  readonly inputs: readonly Tensor[];
  readonly output: Tensor;
  readonly attrs: Attrs;
  /** Per input: whether a gradient must flow to it (it requires grad). */
  readonly needsInputGrad: readonly boolean[];
}

/** What a VJP sees when backward runs. */
export interface VjpContext<Attrs = NoAttrs> {
  readonly attrs: Attrs;
  readonly inputShapes: readonly (readonly number[])[];
  /** The inputs' strides when the op ran (PyTorch saves them where a gradient's layout follows its input's). */
  readonly inputStrides: readonly (readonly number[])[];
  readonly needsInputGrad: readonly boolean[];
  /** The `index`-th tensor the rule saved, already checked against in-place changes. */
  saved(index: number): Tensor;
}

/**
 * The vector-Jacobian product of one op, written with tensor ops so that every backend
 * gets backward for free (tinygrad's gradient table, tfjs's gradient registry). `Attrs` is
 * what the op records (@x/tensor's schema); rules built outside it (nn's) record none.
 */
export interface VjpRule<Attrs = NoAttrs> {
  /** PyTorch's name of the backward node (`MulBackward0`), or how to pick it from the call. */
  readonly name: string | ((recorded: Recorded<Attrs>) => string);
  /** The tensors the VJP reads, in the order `ctx.saved(i)` returns them; `undefined` keeps none. */
  readonly save?: (recorded: Recorded<Attrs>) => readonly (Tensor | undefined)[];
  /** True for ops whose output shares its input's storage (views). */
  readonly isView?: boolean;
  /** One gradient per input, shaped like that input; null where `needsInputGrad` is false. */
  readonly vjp: (outputGrad: Tensor, ctx: VjpContext<Attrs>) => readonly (Tensor | null)[];
}

/** The rule of `Op`, typed by the attributes it records. */
export type VjpRuleOf<Op extends DifferentiableOp> = VjpRule<OpAttrs<Op>>;

/** A rule for every differentiable op of @x/tensor's schema: a missing one does not compile. */
export type VjpRules = { readonly [Op in DifferentiableOp]: VjpRuleOf<Op> };
