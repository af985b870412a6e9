import { ArgumentError, show } from './errors';

/**
 * Whether ops on tensors that require grad are recorded (PyTorch's grad mode): the one switch
 * that composites, initialisers and optimizers turn off. It lives here, not in @x/autograd, so
 * code that only knows @x/tensor can use it; the recorder stays installed either way, so
 * `backward()` still runs inside `noGrad`, as in PyTorch.
 */
let enabled = true;

/**
 * True unless inside `noGrad` or after `setGradEnabled(false)` (torch.is_grad_enabled).
 *
 * @example
 * noGrad(() => isGradEnabled()); // false
 */
export function isGradEnabled(): boolean {
  return enabled;
}

/**
 * Switches recording on or off for everything that follows; returns the previous mode so
 * it can be restored (torch.set_grad_enabled). Prefer `noGrad(fn)`, which restores it for you.
 *
 * @example
 * const previous = setGradEnabled(false);
 * try { weight.sub_(weight.grad!.mul(0.1)); } finally { setGradEnabled(previous); }
 */
export function setGradEnabled(mode: boolean): boolean {
  if (typeof mode !== 'boolean') {
    throw new ArgumentError(`setGradEnabled: mode must be a boolean, got ${show(mode)}`);
  }
  const previous = enabled;
  enabled = mode;
  return previous;
}

function withMode<T>(mode: boolean, fn: () => T, op: string): T {
  if (typeof fn !== 'function')
    throw new ArgumentError(`${op}: fn must be a function, got ${show(fn)}`);
  const previous = setGradEnabled(mode);
  try {
    return fn();
  } finally {
    setGradEnabled(previous);
  }
}

/**
 * Runs `fn` without recording: results need no gradient, and leaves that require grad may
 * be changed in place (an optimizer step). Synchronous `fn` only: the mode is restored when
 * `fn` returns, not when a promise it returns settles (torch.no_grad).
 *
 * @example
 * noGrad(() => weight.sub_(weight.grad!.mul(lr)));
 */
export function noGrad<T>(fn: () => T): T {
  return withMode(false, fn, 'noGrad');
}

/**
 * Runs `fn` with recording on, even inside `noGrad` (torch.enable_grad).
 *
 * @example
 * noGrad(() => enableGrad(() => x.mul(2))).requiresGrad; // true when x requires grad
 */
export function enableGrad<T>(fn: () => T): T {
  return withMode(true, fn, 'enableGrad');
}
