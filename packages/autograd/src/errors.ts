import { XError } from '@x/tensor';

/**
 * Misuse of the autograd graph: backward through a freed graph, a tensor that needs no
 * gradient, an in-place change to a tensor saved for backward. Messages keep PyTorch's
 * wording where PyTorch has one, so its answers on forums still apply.
 */
export class AutogradError extends XError {
  override name = 'AutogradError';
}
