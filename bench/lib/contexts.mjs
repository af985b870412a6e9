import { installDawn } from './dawn.mjs';

/**
 * What a workload's `x(row, ctx)` or `tfjs(row, ctx)` receives. `sync(tensor)` waits until
 * the device has finished computing `tensor`: a no-op on the CPU (every op there returns
 * finished), a one-element read-back on the GPU (queues run in order, so it waits for all
 * earlier work too).
 */

const OPTIONAL_X = ['@x/autograd', '@x/init', '@x/nn', '@x/nn/optim', '@x/backend-webgpu'];

/**
 * @x/tensor plus every optional package that built and imports (`missing` says why not),
 * with its WebAssembly kernels compiled and `threads` matmul threads started.
 */
export async function xContext({ device, threads }, unavailable) {
  const x = await import('@x/tensor');
  await x.ready?.();
  if (threads > 1) {
    if (typeof x.setNumThreads !== 'function') throw new Error('@x/tensor has no setNumThreads()');
    x.setNumThreads(threads);
    // Workers start in the background; give them time so the warm-up is not single-threaded.
    await new Promise((resolve) => setTimeout(resolve, 1000));
  } else {
    x.setNumThreads?.(1);
  }
  const packages = {};
  const missing = { ...unavailable };
  for (const name of OPTIONAL_X) {
    const owner = name.split('/').slice(0, 2).join('/');
    if (owner in missing) {
      missing[name] = missing[owner];
      continue;
    }
    try {
      packages[name] = await import(name);
    } catch (error) {
      missing[name] = `import failed: ${firstLine(error)}`;
    }
  }
  if (device === 'cpu') return { x, packages, missing, backend: x.cpu, sync: () => {} };
  if (!('@x/backend-webgpu' in packages)) {
    throw new Error(`@x/backend-webgpu: ${missing['@x/backend-webgpu']}`);
  }
  const adapter = await installDawn();
  const backend = await packages['@x/backend-webgpu'].webgpu();
  // The views are disposed, as tfjs's sync disposes its slice: a view left to the garbage
  // collector would hold the synced tensor's buffer out of the pool after its dispose().
  const sync = async (tensor) => {
    const first = x.tidy(() => tensor.flatten().narrow(0, 0, 1));
    await first.toArray();
    first.dispose();
  };
  return { x, packages, missing, backend, sync, adapter };
}

export async function tfjsContext(backendName) {
  let adapter;
  if (backendName === 'webgpu') {
    adapter = await installDawn();
    await import('@tensorflow/tfjs-backend-webgpu');
  }
  const tf = await import('@tensorflow/tfjs');
  let wasm;
  if (backendName === 'wasm') {
    wasm = await import('@tensorflow/tfjs-backend-wasm');
    wasm.setThreadsCount(1);
  }
  if (!(await tf.setBackend(backendName)))
    throw new Error(`tf.setBackend('${backendName}') failed`);
  await tf.ready();
  const threads = wasm?.getThreadsCount();
  const sync =
    backendName === 'webgpu'
      ? async (tensor) => {
          const first = tf.tidy(() => tensor.reshape([-1]).slice(0, 1));
          await first.data();
          first.dispose();
        }
      : () => {};
  return { tf, backend: backendName, missing: {}, sync, adapter, threads };
}

export function firstLine(error) {
  return String(error?.message ?? error).split('\n')[0];
}
