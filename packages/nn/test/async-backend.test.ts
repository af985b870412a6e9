// Layers on a backend that can only be read asynchronously, as a GPU is: nothing in a forward
// or backward pass may read values synchronously. (Regression: BatchNorm1d with momentum
// null read num_batches_tracked with item() to get its averaging factor.)
import { type Backend, BackendError, cpu, manualSeed, toBackendAsync, zeros } from '@x/tensor';
import { describe, expect, it } from 'vitest';
import { BatchNorm1d, Linear, orthogonal, spectralNorm } from '../src';
import { asyncOnlyBackend, decode, type Encoded, expectClose, fixture } from './helpers';

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

describe('hooks and parametrizations on a backend read asynchronously', () => {
  const backend = asyncOnlyBackend();
  const input = () =>
    decode({ shape: [2, 3], dtype: 'float32', values: [0.1, -0.2, 0.3, 0.4, 0.5, -0.6] });

  /** The gradients of a seeded Linear(3, 2) under spectralNorm with a backward hook. */
  function run(on: Backend) {
    manualSeed(0);
    const layer = spectralNorm(new Linear(3, 2, { backend: on }));
    const seen: number[] = [];
    layer.registerFullBackwardHook((_module, gradInput) => {
      seen.push(gradInput.length);
      return gradInput.map((grad) => grad?.mul(2) ?? null);
    });
    const x = input().to(on).requiresGrad_();
    layer.forward(x).square().sum().backward();
    return { layer, x, seen };
  }

  it('backward hooks and spectralNorm read nothing synchronously and give the CPU values', async () => {
    const onCpu = run(cpu);
    const onAsync = run(backend);
    expect(onAsync.seen).toEqual([1]);
    const expected = [...onCpu.x.grad!.toArraySync()];
    const actual = [...(await toBackendAsync(onAsync.x.grad!, cpu)).toArraySync()];
    for (const [i, value] of actual.entries()) expect(value).toBeCloseTo(expected[i], 6);
    for (const [name, param] of onAsync.layer.namedParameters()) {
      expect(param.grad!.device, name).toBe('async-cpu');
    }
  });

  it('orthogonal says its factorisations run on the CPU', () => {
    expect(() => orthogonal(new Linear(3, 3, { backend }))).toThrow(/runs on the CPU/);
  });
});
