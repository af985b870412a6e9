/**
 * Resolves on a later task of the event loop, not a microtask: between the two, the host runs
 * what waits for a turn, such as FinalizationRegistry callbacks. `setImmediate` in Node (no
 * timer clamping), a MessageChannel message in browsers and workers, else `setTimeout`.
 */
export function nextTurn(): Promise<void> {
  return new Promise((resolve) => schedule(resolve));
}

const schedule: (callback: () => void) => void =
  typeof setImmediate === 'function'
    ? (callback) => setImmediate(callback)
    : typeof MessageChannel === 'function'
      ? (callback) => {
          const channel = new MessageChannel();
          channel.port1.onmessage = () => {
            channel.port1.close();
            callback();
          };
          channel.port2.postMessage(null);
        }
      : (callback) => setTimeout(callback, 0);
