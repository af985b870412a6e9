// A backward node keeps what its rule saved, never the op's output: an intermediate result
// that no rule saves must be collectable while the graph that used it lives.
import '../src';
import { type Tensor, tensor } from '@x/tensor';
import { expect, test } from 'vitest';
import { collectAndFinalize } from '../../tensor/test/memory/collect';

test('an output no rule saved is collected while the graph lives', async () => {
  const x = tensor([1, 2, 3], { requiresGrad: true });
  let intermediate: WeakRef<Tensor> | undefined;
  const loss = (() => {
    const shifted = x.add(1); // add's rule saves nothing, sum's neither
    intermediate = new WeakRef(shifted);
    return shifted.sum();
  })();
  await collectAndFinalize();
  expect(intermediate?.deref()).toBeUndefined();
  loss.backward();
  expect(x.grad?.tolistSync()).toEqual([1, 1, 1]);
});
