import { BackendError } from '@x/tensor';

/**
 * Thrown by an op when so much work was queued without the event loop turning that Node's
 * Dawn, which releases GPU objects only between turns, would soon crash the process. Nothing
 * was lost: await once per step (`await loss.itemAsync()`, `await backend.synchronize()`) and
 * the backend carries on. Browsers and a loop that awaits never see it.
 *
 * @example
 * for (let step = 0; step < steps; step++) {
 *   const loss = trainStep();
 *   await loss.itemAsync(); // lets Dawn release what the step used
 * }
 */
export class SynchronousLoopError extends BackendError {
  override name = 'SynchronousLoopError';
}
