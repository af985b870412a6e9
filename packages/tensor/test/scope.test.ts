import { describe, expect, test } from 'vitest';
import { CpuBackend, keep, soleSurvivors, tensor, tidy, zeros } from '../src';

describe('tidy', () => {
  test('disposes what fn created, except what it returns and what is kept', () => {
    const backend = new CpuBackend();
    const outside = zeros([4], { backend });
    let kept = outside;
    let temporary = outside;
    const result = tidy(() => {
      temporary = outside.add(1);
      kept = keep(outside.add(2));
      return { sum: temporary.mul(2), list: [temporary.add(3)] };
    });
    expect(temporary.isDisposed).toBe(true);
    expect(kept.isDisposed).toBe(false);
    expect(outside.isDisposed).toBe(false);
    expect(result.sum.tolistSync()).toEqual([2, 2, 2, 2]);
    expect(result.list[0].tolistSync()).toEqual([4, 4, 4, 4]);
    expect(backend.memory().buffers).toBe(4);
  });

  test('a returned tensor passes to the enclosing scope', () => {
    let inner = zeros([1]);
    tidy(() => {
      inner = tidy(() => zeros([2]).add(1));
      expect(inner.isDisposed).toBe(false);
    });
    expect(inner.isDisposed).toBe(true);
  });

  test('a loop of tidy steps keeps memory flat', () => {
    const backend = new CpuBackend();
    const w = tensor([1, 2, 3], { backend });
    const step = () => tidy(() => w.mul(w).add(1).sum().item());
    step();
    const before = backend.memory();
    for (let i = 0; i < 1000; i++) step();
    expect(backend.memory()).toEqual(before);
  });

  test('on error every tensor of the scope is disposed and the error rethrown', () => {
    let created = zeros([1]);
    expect(() =>
      tidy(() => {
        created = zeros([3]);
        throw new Error('boom');
      }),
    ).toThrow('boom');
    expect(created.isDisposed).toBe(true);
  });

  test('refuses an async fn', () => {
    expect(() => tidy(async () => zeros([1]))).toThrow(/fn must be synchronous/);
  });
});

describe('soleSurvivors', () => {
  test('finds the temporaries that alone will hold their storage once the scope ends', () => {
    const outside = zeros([2, 3]);
    const names = tidy(() => {
      const fresh = zeros([2, 3]);
      const viewed = zeros([2, 3]);
      viewed.reshape(6); // a view the scope disposes too
      const kept = keep(zeros([2, 3]));
      const base = zeros([3, 2]);
      const transposed = base.t(); // spans its storage, but not contiguously
      const row = zeros([2, 3]).select(0, 0); // part of its storage
      const twin = fresh.reshape(3, 2); // fresh's storage again: one of them at most
      const candidates = { outside, fresh, viewed, kept, transposed, row, twin };
      const sole = soleSurvivors(Object.values(candidates));
      kept.dispose();
      return Object.entries(candidates)
        .filter(([, t]) => sole.has(t))
        .map(([name]) => name);
    });
    expect(names).toEqual(['fresh', 'viewed']);
    expect(soleSurvivors([outside]).size).toBe(0); // outside any scope
  });
});
