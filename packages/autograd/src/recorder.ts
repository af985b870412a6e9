import type { DefinedUnaryOp, OpAttrs, RecordedOp, Recorder, Tensor } from '@x/tensor';
import { backward } from './engine';
import { AutogradError } from './errors';
import { registerHook } from './hooks';
import { Node } from './node';
import { ruleFor } from './vjp';

/**
 * The version at which each storage's history was last replaced by an in-place op (keyed
 * by the version counter a tensor shares with its views), to catch views taken before it.
 */
const rebasedAt = new WeakMap<object, number>();

/** Refuses a view whose base took a new history in place after the view was taken. */
function checkViewIsCurrent(input: Tensor, op: string): void {
  const node = input.gradFn;
  if (!(node instanceof Node) || node.viewVersion === null) return;
  const rebased = rebasedAt.get(input._versionCounter);
  if (rebased !== undefined && rebased > node.viewVersion) {
    throw new AutogradError(
      `${op}: this view (the output of ${node.name}) was taken before its base was modified by an ` +
        `in-place operation, so its gradient would miss that change; x does not support this. ` +
        'Take the view again after the in-place operation.',
    );
  }
}

/** Whether a chain of view nodes starts at a leaf that requires grad. */
function isViewOfLeaf(view: Node): boolean {
  let node: Node = view;
  while (node.viewVersion !== null) {
    const base = node.edges[0];
    if (!(base instanceof Node)) return base !== null;
    node = base;
  }
  return false;
}

/** A tensor that does not own all of its storage (a slice, a select, a transposed or expanded view). */
function isPartialView(tensor: Tensor): boolean {
  return tensor.offset !== 0 || !tensor.isContiguous() || tensor.numel() !== tensor._storage.length;
}

function record<Op extends RecordedOp | DefinedUnaryOp>(
  op: Op,
  inputs: readonly Tensor[],
  output: Tensor,
  attrs: OpAttrs<Op>,
): void {
  // Integer and bool results (comparisons, indices, casts) carry no gradient.
  if (output.dtype !== 'float32') return;
  const rule = ruleFor(op);
  if (rule === undefined) {
    throw new AutogradError(`${op}: @x/autograd has no gradient rule for this op`);
  }
  for (const input of inputs) checkViewIsCurrent(input, op);
  const needsInputGrad = inputs.map((input) => input.requiresGrad);
  output.gradFn = new Node(rule, { inputs, output, attrs, needsInputGrad });
  output.requiresGrad = true;
}

function beforeInPlace(target: Tensor, op: string): void {
  const node = target.gradFn;
  if (node === null && target.requiresGrad) {
    throw new AutogradError(
      `${op}: a leaf Variable that requires grad is being used in an in-place operation.`,
    );
  }
  if (node instanceof Node && node.viewVersion !== null) {
    if (isViewOfLeaf(node)) {
      throw new AutogradError(
        `${op}: a view of a leaf Variable that requires grad is being used in an in-place operation.`,
      );
    }
    throw new AutogradError(
      `${op}: x does not support in-place operations on a view of a tensor that requires grad ` +
        `(this tensor is the output of ${node.name}); compute the result out of place ` +
        '(cat, where, ...) or modify it inside noGrad().',
    );
  }
  if (!target.requiresGrad && isPartialView(target)) {
    throw new AutogradError(
      `${op}: x does not support writing values that require grad in place into a view of a ` +
        "tensor that does not (the view's base would not record the history); build the result " +
        'out of place (cat, stack, where) instead.',
    );
  }
}

function rebase(target: Tensor, result: Tensor): void {
  target.gradFn = result.gradFn;
  target.requiresGrad = result.requiresGrad;
  rebasedAt.set(target._versionCounter, target.version);
}

/** What importing @x/autograd installs into @x/tensor. */
export const recorder: Recorder = {
  isTracking(inputs) {
    for (const input of inputs) if (input.requiresGrad) return true;
    return false;
  },
  record,
  beforeInPlace,
  rebase,
  backward,
  registerHook,
};
