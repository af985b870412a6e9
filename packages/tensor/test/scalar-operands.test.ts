import { describe, expect, test } from 'vitest';
import { rand, tensor } from '../src';

// PyTorch casts a Python scalar to the tensor's float32 before the op (`t * 0.1` multiplies
// by float32(0.1)): checked against torch 1.13, where (t * 0.1) equals t * tensor(0.1,
// float32) everywhere and differs from computing in float64 then rounding in ~20% of cases.
describe('scalar operands are cast to the compute dtype, as PyTorch does', () => {
  const f32 = Math.fround;

  test('float32 tensor op a non-float32 scalar uses float32(scalar)', () => {
    const t = rand([10_000]);
    const values = t.toArraySync();
    const cases = [
      ['mul', 0.1, (a: number, b: number) => a * b],
      ['div', 3.3, (a: number, b: number) => a / b],
    ] as const;
    for (const [op, scalar, fn] of cases) {
      const got = t[op](scalar).toArraySync();
      let differsFromFloat64 = false;
      for (let i = 0; i < values.length; i++) {
        expect(got[i]).toBe(f32(fn(values[i], f32(scalar))));
        differsFromFloat64 ||= got[i] !== f32(fn(values[i], scalar));
      }
      expect(differsFromFloat64, op).toBe(true);
    }
  });

  test('comparisons and in-place ops see the same float32 scalar', () => {
    const t = tensor([0.1, 0.2]);
    expect(t.eq(0.1).tolistSync()).toEqual([true, false]);
    const u = tensor([3]);
    u.mul_(0.1);
    expect(u.item()).toBe(f32(3 * f32(0.1)));
  });

  test('integer tensors keep integer scalars, and promote with float ones', () => {
    expect(tensor([7], { dtype: 'int32' }).add(2).tolistSync()).toEqual([9]);
    expect(tensor([1], { dtype: 'int32' }).add(0.1).item()).toBe(f32(1 + f32(0.1)));
  });
});
