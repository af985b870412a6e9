import {
  ArgumentError,
  BackendError,
  DTypeError,
  keep,
  noGrad,
  ones,
  ShapeError,
  sameShape,
  setGradEnabled,
  show,
  soleSurvivors,
  Tensor,
  tidy,
} from '@x/tensor';
import { AutogradError } from './errors';
import { applyGradHooks, hasGradHooks } from './hooks';
import { Node } from './node';

export interface BackwardOptions {
  /** Keep the saved tensors so the graph can be differentiated again (PyTorch's retain_graph). */
  retainGraph?: boolean;
}

export interface GradOptions extends BackwardOptions {
  /** The vector in the vector-Jacobian product, one per output; omitted for a scalar means 1. */
  gradOutputs?: readonly (Tensor | null | undefined)[];
  /** Return null for an input the outputs do not depend on instead of throwing. */
  allowUnused?: boolean;
}

const torchSize = (shape: readonly number[]) => `torch.Size([${shape.join(', ')}])`;

/** The gradient each output starts with: the given one, checked, or 1 for a one-element output. */
function rootGradients(
  outputs: readonly Tensor[],
  given: readonly (Tensor | null | undefined)[],
  op: string,
): Tensor[] {
  if (given.length > outputs.length) {
    throw new ArgumentError(
      `${op}: got ${given.length} gradients for ${outputs.length} outputs; pass one per output`,
    );
  }
  return outputs.map((output, i) => {
    if (!(output instanceof Tensor)) {
      throw new ArgumentError(`${op}: outputs must be tensors, got ${show(output)} at ${i}`);
    }
    if (!output.requiresGrad) {
      throw new AutogradError(
        `${op}: element ${i} of tensors does not require grad and does not have a grad_fn`,
      );
    }
    const gradient = given[i];
    if (gradient === undefined || gradient === null) {
      if (output.numel() !== 1) {
        throw new ShapeError(
          `${op}: grad can be implicitly created only for scalar outputs; output ${i} has shape ` +
            `${show(output.shape)}, so pass a gradient of that shape`,
        );
      }
      return ones(output.shape, { backend: output.backend });
    }
    if (!(gradient instanceof Tensor)) {
      throw new ArgumentError(`${op}: gradient ${i} must be a tensor, got ${show(gradient)}`);
    }
    if (!sameShape(gradient.shape, output.shape)) {
      throw new ShapeError(
        `${op}: Mismatch in shape: grad_output[${i}] has a shape of ${torchSize(gradient.shape)} ` +
          `and output[${i}] has a shape of ${torchSize(output.shape)}.`,
      );
    }
    if (gradient.dtype !== 'float32') {
      throw new DTypeError(`${op}: gradient ${i} must be float32, got ${gradient.dtype}`);
    }
    if (gradient.backend !== output.backend) {
      throw new BackendError(
        `${op}: gradient ${i} is on '${gradient.device}' but output ${i} is on '${output.device}'`,
      );
    }
    return gradient;
  });
}

/** Nodes reachable from `roots`, each before every node it sends gradient to (an explicit stack, no recursion). */
function topologicalOrder(roots: readonly Node[]): Node[] {
  const visited = new Set<Node>();
  const postOrder: Node[] = [];
  const stack: { node: Node; next: number }[] = [];
  for (const root of roots) {
    if (visited.has(root)) continue;
    visited.add(root);
    stack.push({ node: root, next: 0 });
    while (stack.length > 0) {
      const top = stack[stack.length - 1];
      if (top.next < top.node.edges.length) {
        const edge = top.node.edges[top.next++];
        if (edge instanceof Node && !visited.has(edge)) {
          visited.add(edge);
          stack.push({ node: edge, next: 0 });
        }
      } else {
        stack.pop();
        postOrder.push(top.node);
      }
    }
  }
  return postOrder.reverse();
}

/** The nodes that lead to a target: only these need to run for grad(). */
function nodesLeadingTo(order: readonly Node[], targetNodes: Set<Node>, targetLeaves: Set<Tensor>) {
  const leading = new Set<Node>();
  for (let k = order.length - 1; k >= 0; k--) {
    const node = order[k];
    const reaches = node.edges.some((edge) =>
      edge instanceof Node
        ? targetNodes.has(edge) || leading.has(edge)
        : edge !== null && targetLeaves.has(edge),
    );
    if (reaches) leading.add(node);
  }
  return leading;
}

/**
 * The leaves that have gradient hooks, by the step of `order` after which no more gradient
 * reaches them (-1 for leaves reached by no node: a root that is itself a leaf).
 */
function leavesCompletedAt(
  roots: readonly Tensor[],
  order: readonly Node[],
): Map<number, Tensor[]> {
  const lastStep = new Map<Tensor, number>();
  for (const root of roots) if (root.gradFn === null && hasGradHooks(root)) lastStep.set(root, -1);
  order.forEach((node, step) => {
    for (const edge of node.edges) {
      if (edge instanceof Tensor && hasGradHooks(edge)) lastStep.set(edge, step);
    }
  });
  const byStep = new Map<number, Tensor[]>();
  for (const [leaf, step] of lastStep) byStep.set(step, [...(byStep.get(step) ?? []), leaf]);
  return byStep;
}

function accumulate<K>(sums: Map<K, Tensor>, key: K, gradient: Tensor): void {
  const previous = sums.get(key);
  sums.set(key, previous === undefined ? gradient : previous.add(gradient));
}

interface Pass {
  /** Summed gradients of the leaves reached (of the targets only, for grad()). */
  leafGrads: Map<Tensor, Tensor>;
  /** Gradients arriving at the target nodes (for non-leaf inputs of grad()). */
  captured: Map<Node, Tensor>;
  /** Call once the results are in use: frees the saved tensors unless retainGraph. */
  finish: () => void;
}

/**
 * One backward pass: nodes run in topological order, each once all its gradients have
 * arrived, so depth and width cost heap, not stack. Nothing is written to any tensor; the
 * caller applies the results, so a pass that throws leaves every `.grad` as it was.
 */
function runBackward(
  roots: readonly Tensor[],
  rootGrads: readonly Tensor[],
  targets: readonly Tensor[] | null,
  retainGraph: boolean,
  op: string,
): Pass {
  const targetNodes = new Set<Node>();
  const targetLeaves = new Set<Tensor>();
  for (const target of targets ?? []) {
    if (target.gradFn instanceof Node) targetNodes.add(target.gradFn);
    else targetLeaves.add(target);
  }
  const pending = new Map<Node, Tensor>();
  const leafGrads = new Map<Tensor, Tensor>();
  const captured = new Map<Node, Tensor>();
  const rootNodes: Node[] = [];
  const previousMode = setGradEnabled(false);
  try {
    roots.forEach((root, i) => {
      if (root.gradFn instanceof Node) {
        accumulate(pending, root.gradFn, rootGrads[i]);
        rootNodes.push(root.gradFn);
      } else if (targets === null || targetLeaves.has(root)) {
        accumulate(leafGrads, root, rootGrads[i]);
      }
    });
    const order = topologicalOrder(rootNodes);
    const needed = targets === null ? null : nodesLeadingTo(order, targetNodes, targetLeaves);
    // Leaf hooks run in backward() only (as PyTorch 1.13's grad() skips AccumulateGrad), each
    // as soon as its leaf's gradient is complete: after the last node that sends to it.
    const hookedLeaves =
      targets === null ? leavesCompletedAt(roots, order) : new Map<number, Tensor[]>();
    const runLeafHooks = (step: number) => {
      for (const leaf of hookedLeaves.get(step) ?? []) {
        const leafGrad = leafGrads.get(leaf);
        if (leafGrad !== undefined) leafGrads.set(leaf, applyGradHooks(leaf, leafGrad, op));
      }
    };
    runLeafHooks(-1);
    const executed: Node[] = [];
    for (let step = 0; step < order.length; step++) {
      const node = order[step];
      const arrived = pending.get(node);
      if (arrived === undefined) {
        runLeafHooks(step);
        continue;
      }
      pending.delete(node);
      // grad() returns what arrived, before the tensor's hooks (PyTorch 1.13 captures it first).
      if (targetNodes.has(node)) captured.set(node, arrived);
      if (needed !== null && !needed.has(node)) continue;
      const gradient = applyGradHooks(node, arrived, op);
      const inputGrads = node.apply(gradient, op);
      executed.push(node);
      for (let i = 0; i < node.edges.length; i++) {
        const edge = node.edges[i];
        const inputGrad = inputGrads[i];
        if (edge === null || inputGrad === null || inputGrad === undefined) continue;
        if (!sameShape(inputGrad.shape, node.inputShapes[i])) {
          throw new AutogradError(
            `${op}: ${node.name} returned a gradient of shape ${show(inputGrad.shape)} for input ` +
              `${i}, which has shape ${show(node.inputShapes[i])}`,
          );
        }
        if (edge instanceof Node) accumulate(pending, edge, inputGrad);
        else if (targets === null || targetLeaves.has(edge)) accumulate(leafGrads, edge, inputGrad);
      }
      runLeafHooks(step);
    }
    const finish = () => {
      if (!retainGraph) for (const node of executed) node.release();
    };
    return { leafGrads, captured, finish };
  } finally {
    setGradEnabled(previousMode);
  }
}

/**
 * Backpropagates from `output`, adding d output / d leaf to the `.grad` of every leaf that
 * requires grad (what `t.backward(gradient?, { retainGraph })` calls; torch.Tensor.backward).
 * Each `.grad` becomes a new tensor on the leaf's backend.
 *
 * @example
 * const w = tensor([3], { requiresGrad: true });
 * w.mul(w.mul(1)).sum().backward();   // w.grad: tensor([6.])
 */
export function backward(output: Tensor, gradient?: Tensor, options: BackwardOptions = {}): void {
  // Every gradient flowing through the graph is the engine's own: freed when the pass ends.
  tidy(() => {
    const rootGrads = rootGradients([output], gradient === undefined ? [] : [gradient], 'backward');
    const pass = runBackward([output], rootGrads, null, options?.retainGraph ?? false, 'backward');
    noGrad(() => {
      // A first gradient that only the pass's temporaries share becomes .grad as it is
      // (PyTorch's AccumulateGrad steals one likewise), for one leaf; one that outlives the
      // pass elsewhere (the caller's gradient) or reaches a second leaf is copied, so no .grad
      // aliases another tensor.
      const sole = soleSurvivors(pass.leafGrads.values());
      for (const [leaf, leafGrad] of pass.leafGrads) {
        if (leaf.grad !== null) leaf.grad = keep(leaf.grad.add(leafGrad));
        else leaf.grad = keep(sole.delete(leafGrad) ? leafGrad : leafGrad.clone());
      }
    });
    pass.finish();
  });
}

/**
 * The gradients of `outputs` with respect to `inputs`, returned (contiguous) instead of
 * accumulated into `.grad` (torch.autograd.grad). Inputs may be leaves or intermediate
 * tensors; only the part of the graph that leads to them runs.
 *
 * @example
 * const x = tensor([1, 2, 3], { requiresGrad: true });
 * const [dx] = grad(x.square().sum(), x);   // tensor([2., 4., 6.])
 */
export function grad(
  outputs: Tensor | readonly Tensor[],
  inputs: Tensor | readonly Tensor[],
  options: GradOptions = {},
): (Tensor | null)[] {
  const outputList = outputs instanceof Tensor ? [outputs] : [...outputs];
  const inputList = inputs instanceof Tensor ? [inputs] : [...inputs];
  inputList.forEach((input, i) => {
    if (!(input instanceof Tensor)) {
      throw new ArgumentError(`grad: inputs must be tensors, got ${show(input)} at ${i}`);
    }
    if (!input.requiresGrad) {
      throw new AutogradError(
        `grad: One of the differentiated Tensors does not require grad (input ${i})`,
      );
    }
  });
  return tidy(() => {
    const rootGrads = rootGradients(outputList, options.gradOutputs ?? [], 'grad');
    const pass = runBackward(
      outputList,
      rootGrads,
      inputList,
      options.retainGraph ?? false,
      'grad',
    );
    const grads = inputList.map((input, i) => {
      const found =
        input.gradFn instanceof Node ? pass.captured.get(input.gradFn) : pass.leafGrads.get(input);
      if (found === undefined && options.allowUnused !== true) {
        throw new AutogradError(
          'grad: One of the differentiated Tensors appears to not have been used in the graph. ' +
            `Set allowUnused: true if this is the desired behavior. (input ${i})`,
        );
      }
      // Contiguous, so a sum's stride-0 expanded gradient is never handed out to be written to.
      return found === undefined ? null : noGrad(() => found.contiguous());
    });
    pass.finish();
    return grads;
  });
}
