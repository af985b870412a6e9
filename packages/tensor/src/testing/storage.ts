import { describe, expect, test } from 'vitest';
import { type Backend, BackendError, cpu, DisposedError, ones, tensor, zeros } from '../index';

/** allocate/free/memory through tensor creation and dispose(); misuse gives clear errors. */
export function storageTests(getBackend: () => Backend): void {
  describe('storage', () => {
    test('memory() counts live storages; dispose() returns them (views share one)', async () => {
      const backend = getBackend();
      const before = backend.memory();
      const a = zeros([1000], { backend });
      const b = ones([10, 10], { backend, dtype: 'int32' });
      const view = a.get('10:20');
      const during = backend.memory();
      expect(during.buffers - before.buffers).toBe(2);
      expect(during.bytes - before.bytes).toBeGreaterThanOrEqual(4000 + 400);
      a.dispose();
      expect(backend.memory().buffers - before.buffers).toBe(2);
      expect(Array.from(await view.toArray())).toEqual(new Array(10).fill(0));
      view.dispose();
      b.dispose();
      expect(backend.memory()).toMatchObject({ bytes: before.bytes, buffers: before.buffers });
    });

    test('a disposed tensor cannot be used, and dispose() twice is harmless', async () => {
      const backend = getBackend();
      const t = tensor([1, 2, 3], { backend });
      t.dispose();
      t.dispose();
      expect(() => t.add(1)).toThrow(DisposedError);
      await expect((async () => t.toArray())()).rejects.toThrow(DisposedError);
    });

    test('tensors on different backends do not mix; device reads are async only', async (context) => {
      if (getBackend() === cpu) context.skip('only one backend: nothing to mix');
      const backend = getBackend();
      const onDevice = tensor([1, 2], { backend });
      const onCpu = tensor([3, 4]);
      expect(() => onDevice.add(onCpu)).toThrow(BackendError);
      expect(() => onCpu.mul(onDevice)).toThrow(/same backend/);
      if (backend.readSync === undefined) {
        expect(() => onDevice.toArraySync()).toThrow(BackendError);
        expect(() => onDevice.to(cpu)).toThrow(/toBackendAsync/);
      }
      expect(await onDevice.add(tensor(10)).tolist()).toEqual([11, 12]);
    });
  });
}
