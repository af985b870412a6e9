import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { nextTurn } from '../../src/next-turn';

setFlagsFromString('--expose-gc');
/** A full collection (V8's gc(), exposed for the tests of what the collector frees). */
export const gc = runInNewContext('gc') as () => void;

/**
 * Ends the current job (objects a WeakRef was read from stay alive until then), collects, and
 * gives the event loop turns in which the finalizers of collected tensors run.
 */
export async function collectAndFinalize(): Promise<void> {
  await nextTurn();
  gc();
  for (let i = 0; i < 3; i++) await nextTurn();
}
