import { formatBytes } from './errors';

/** What `onMemoryPressure` listeners receive. */
export interface MemoryPressure {
  /** The backend's name: 'cpu', 'webgpu', ... */
  readonly device: string;
  /**
   * Bytes in the backend's own memory held by live storages when it happened: tensors still
   * in use, and those dropped without dispose() whose finalizers have not run yet.
   */
  readonly waitingBytes: number;
  /** The warning's text: what happened, what the backend does meanwhile, what to do. */
  readonly message: string;
}

type Listener = (pressure: MemoryPressure) => void;

const listeners = new Set<Listener>();
const warned = new Set<string>();
let warnings = true;

/**
 * Calls `listener` each time a backend's memory fills with storages that only the garbage
 * collector's finalizers can return (tensors dropped without dispose() in code that has not
 * yielded to the event loop since). Returns a function that removes the listener.
 *
 * @example
 * import { onMemoryPressure } from '@x/tensor';
 * const stop = onMemoryPressure(({ device, waitingBytes }) =>
 *   console.log(`${device}: ${waitingBytes} bytes wait on the collector`),
 * );
 * stop();
 */
export function onMemoryPressure(listener: Listener): () => void {
  listeners.add(listener);
  return () => {
    listeners.delete(listener);
  };
}

/**
 * Turns the one-time memory warning off (or back on). Listeners of `onMemoryPressure` are
 * called either way. In Node the warning is a process warning (type `XMemoryWarning`, code
 * `X_MEMORY_WAITS_ON_GC`), so `--no-warnings` and `process.on('warning')` also apply.
 *
 * @example
 * import { setMemoryWarnings } from '@x/tensor';
 * setMemoryWarnings(false);
 */
export function setMemoryWarnings(on: boolean): void {
  warnings = on;
}

/**
 * For backends: `waitingBytes` of the backend's memory are held while dropped tensors wait on
 * the collector, and `meanwhile` says what the backend does about it. Calls the listeners and,
 * once per device, warns.
 */
export function reportMemoryPressure(
  device: string,
  waitingBytes: number,
  meanwhile: string,
): void {
  const message =
    `x: ${formatBytes(waitingBytes)} of ${device} memory is held by tensors, and those dropped ` +
    "without dispose() are only freed by the garbage collector's finalizers, which run once " +
    `synchronous code yields to the event loop. ${meanwhile} To free memory at once: wrap each ` +
    'step in tidy(), await once per step (e.g. await loss.itemAsync()), or dispose() tensors ' +
    '(TypeScript: using t = ...). setMemoryWarnings(false) silences this warning.';
  const pressure: MemoryPressure = { device, waitingBytes, message };
  for (const listener of listeners) listener(pressure);
  if (!warnings || warned.has(device)) return;
  warned.add(device);
  const host = (globalThis as { process?: { emitWarning?: (...args: unknown[]) => void } }).process;
  if (typeof host?.emitWarning === 'function') {
    host.emitWarning(message, { type: 'XMemoryWarning', code: 'X_MEMORY_WAITS_ON_GC' });
  } else {
    console.warn(message);
  }
}
