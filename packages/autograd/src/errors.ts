import { XError } from '@x/tensor';
import type { GradcheckResult } from './gradcheck';

/**
 * Misuse of the autograd graph: backward through a freed graph, a tensor that needs no
 * gradient, an in-place change to a tensor saved for backward. Messages keep PyTorch's
 * wording where PyTorch has one, so its answers on forums still apply.
 */
export class AutogradError extends XError {
  override name = 'AutogradError';
}

/** gradcheck found analytic and numerical gradients that disagree; `result` has the details. */
export class GradcheckError extends AutogradError {
  override name = 'GradcheckError';
  constructor(
    message: string,
    readonly result: GradcheckResult,
  ) {
    super(message);
  }
}
