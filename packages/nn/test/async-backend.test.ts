// Layers on a backend that can only be read asynchronously, as a GPU is: nothing in a forward
// or backward pass may read values synchronously. (Regression: BatchNorm1d with momentum
// null read num_batches_tracked with item() to get its averaging factor.)
import { type Backend, BackendError, CpuBackend, cpu, toBackendAsync, zeros } from '@x/tensor';
import { describe, expect, it } from 'vitest';
import { BatchNorm1d } from '../src';
import { decode, type Encoded, expectClose, fixture } from './helpers';

/** The CPU backend with its synchronous read taken away, under another name. */
function asyncOnlyBackend(): Backend {
  const backend = new CpuBackend();
  Object.defineProperty(backend, 'name', { value: 'async-cpu' });
  Object.defineProperty(backend, 'readSync', { value: undefined });
  Object.defineProperty(backend, 'read', {
    value: async (view: Parameters<Backend['read']>[0]) => cpu.readSync!(view),
  });
  return backend;
}

const { batchnorm3d } =
  fixture<Record<string, { inputs: Encoded[]; stateAfter: Record<string, Encoded> }>>(
    'layers.json',
  );

describe('on a backend read asynchronously', () => {
  const backend = asyncOnlyBackend();

  it('really has no synchronous read', () => {
    expect(() => zeros([2], { backend }).toArraySync()).toThrow(BackendError);
  });

  it("BatchNorm1d with momentum null (cumulative average) keeps PyTorch's running statistics", async () => {
    const bn = new BatchNorm1d(3, { momentum: null, backend });
    bn.forward(decode(batchnorm3d.inputs[0]).to(backend));
    for (const [key, value] of bn.stateDict()) {
      expect(value.device, key).toBe('async-cpu');
      expectClose(await toBackendAsync(value, cpu), batchnorm3d.stateAfter[key]);
    }
  });
});
