// Errors that name what the user called and what to do instead.
import { describe, expect, test } from 'vitest';
import {
  type Backend,
  BackendError,
  CpuBackend,
  cpu,
  DisposedError,
  keep,
  tensor,
  tidy,
} from '../src';

/** A CPU backend without a synchronous read, as a GPU backend is. */
function asyncOnlyBackend(): Backend {
  const backend = new CpuBackend();
  Object.defineProperty(backend, 'name', { value: 'async-cpu' });
  Object.defineProperty(backend, 'readSync', { value: undefined });
  Object.defineProperty(backend, 'read', {
    value: async (view: Parameters<Backend['read']>[0]) => cpu.readSync!(view),
  });
  return backend;
}

describe('synchronous reads on a backend read asynchronously', () => {
  const t = tensor([3], { backend: asyncOnlyBackend() });

  test.each([
    ['item', () => t.item(), 'await t.itemAsync()'],
    ['tolistSync', () => t.tolistSync(), 'await t.tolist()'],
    ['toArraySync', () => t.toArraySync(), 'await t.toArray()'],
  ])('%s names itself and its asynchronous form', (op, read, instead) => {
    expect(read).toThrow(
      new BackendError(
        `${op}: reads synchronously, which tensors on 'async-cpu' cannot (they are read asynchronously); use ${instead}`,
      ),
    );
  });

  test('the asynchronous forms work', async () => {
    expect(await t.itemAsync()).toBe(3);
    expect(await t.tolist()).toEqual([3]);
  });
});

describe('a tensor used after it was freed', () => {
  test('by the end of its tidy(): says so, and how to keep it', () => {
    let inner = tensor([0]);
    tidy(() => {
      inner = tensor([1, 2]).add(1);
    });
    expect(() => inner.tolistSync()).toThrow(
      new DisposedError(
        'tolistSync: the tensor was freed when the tidy() that created it ended; return it from the tidy callback, or keep() it, to use it afterwards',
      ),
    );
  });

  test('by the end of a tidy() that threw', () => {
    let inner = tensor([0]);
    expect(() =>
      tidy(() => {
        inner = tensor([1]).add(1);
        throw new Error('boom');
      }),
    ).toThrow('boom');
    expect(() => inner.add(1)).toThrow('freed when the tidy() that created it ended');
  });

  test('by dispose(): says it was disposed', () => {
    const t = tensor([1]);
    t.dispose();
    expect(() => t.tolistSync()).toThrow(
      new DisposedError('tolistSync: the tensor was disposed and can no longer be used'),
    );
  });

  test('disposed by hand inside a tidy(): still says disposed, not tidy', () => {
    let inner = tensor([0]);
    tidy(() => {
      inner = tensor([1]).add(1);
      inner.dispose();
    });
    expect(() => inner.tolistSync()).toThrow('the tensor was disposed and can no longer be used');
  });

  test('kept or returned tensors outlive the tidy()', () => {
    const result = tidy(() => {
      const kept = keep(tensor([1]).add(1));
      return { kept, returned: tensor([2]).add(1) };
    });
    expect(result.kept.tolistSync()).toEqual([2]);
    expect(result.returned.tolistSync()).toEqual([3]);
  });
});
