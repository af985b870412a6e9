import { isGradEnabled } from './grad-mode';
import type { DefinedUnaryOp } from './ops/elementwise-table';
import type { OpAttrs, RecordedOp } from './ops/schema';
import type { Tensor } from './tensor';

/** A node of the autograd graph, as @x/tensor sees it: only its PyTorch-style name. */
export interface GradFn {
  /** PyTorch's class name of the backward node, e.g. `AddmmBackward0`. */
  readonly name: string;
}

/** A gradient hook: it may return a replacement gradient (torch.Tensor.register_hook). */
// biome-ignore lint/suspicious/noConfusingVoidType: a hook that returns nothing keeps the gradient
export type GradHook = (grad: Tensor) => Tensor | null | undefined | void;

/** What registering a hook returns; `remove()` unregisters it (torch.utils.hooks.RemovableHandle). */
export interface HookHandle {
  remove(): void;
}

/**
 * What @x/autograd installs so that @x/tensor can report operations without depending on
 * it. With no recorder installed, ops make one null check and nothing more.
 */
export interface Recorder {
  /** True when some input requires grad: the op must be recorded (asked only in grad mode). */
  isTracking(inputs: readonly Tensor[]): boolean;
  /**
   * Called after an op of the schema (ops/schema.ts) with its tensor inputs, its output and
   * the attributes its gradient reads.
   */
  record<Op extends RecordedOp | DefinedUnaryOp>(
    op: Op,
    inputs: readonly Tensor[],
    output: Tensor,
    attrs: OpAttrs<Op>,
  ): void;
  /** Called before an in-place op writes into a tracked `target`; throws to refuse. */
  beforeInPlace(target: Tensor, op: string): void;
  /** Makes `target` (just overwritten in place with `result`'s values) take `result`'s history. */
  rebase(target: Tensor, result: Tensor): void;
  /** Registers a hook on the gradient of `tensor` (what `Tensor.registerHook` calls). */
  registerHook?(tensor: Tensor, hook: GradHook): HookHandle;
  /** Runs backpropagation from `output` (what `Tensor.backward` calls). */
  backward?(
    output: Tensor,
    gradient: Tensor | undefined,
    options: { retainGraph?: boolean } | undefined,
  ): void;
}

let installed: Recorder | null = null;

/** Installs the autograd recorder (done by importing @x/autograd). Returns the previous one. */
export function setRecorder(recorder: Recorder | null): Recorder | null {
  const previous = installed;
  installed = recorder;
  return previous;
}

export function getRecorder(): Recorder | null {
  return installed;
}

/**
 * The recorder that should see ops now: the installed one while grad mode is on, else null.
 * Ops ask this; `backward()` and hooks ask `getRecorder()`, which ignores grad mode.
 */
export function activeRecorder(): Recorder | null {
  return isGradEnabled() ? installed : null;
}
