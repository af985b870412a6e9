import { type Tensor, tensor } from '@x/tensor';
import { describe, expect, test } from 'vitest';
import { grad } from '../src';
import { LINALG_RULES } from '../src/vjp/linalg';

/** a·b for row-major arrays, summed in k order in float32 as the kernels do: c = f32(c + f32(a·b)). */
function float32Product(a: number[][], b: number[][]): number[][] {
  return a.map((row) =>
    b[0].map((_, j) => {
      let sum = 0;
      for (let k = 0; k < row.length; k++) sum = Math.fround(sum + Math.fround(row[k] * b[k][j]));
      return sum;
    }),
  );
}

const transpose = (m: number[][]) => m[0].map((_, j) => m.map((row) => row[j]));
const values = (rows: number, columns: number, seed: number) =>
  Array.from({ length: rows }, (_, i) =>
    Array.from({ length: columns }, (_, j) => Math.fround(Math.sin(seed + 7 * i + 3 * j) * 2)),
  );

describe("a column-major operand's gradient comes out in its layout (PyTorch's mm_mat2_backward)", () => {
  const batch = 4;
  const [inputs, outputs] = [6, 5];
  const x = values(batch, inputs, 1);
  const w = values(outputs, inputs, 2);
  const g = values(batch, outputs, 3);

  function check(run: (input: Tensor, weightT: Tensor) => Tensor): void {
    const input = tensor(x, { requiresGrad: true });
    const weight = tensor(w, { requiresGrad: true });
    // grad() hands back the gradients as computed (backward stores copies).
    const [inputGrad, weightGrad] = grad(run(input, weight.t()), [input, weight], {
      gradOutputs: [tensor(g)],
    });
    // weight's gradient = g.T @ x, each element summed over the batch in order; contiguous.
    expect(weightGrad?.isContiguous()).toBe(true);
    expect(weightGrad?.tolistSync()).toEqual(float32Product(transpose(g), x));
    // input's gradient = g @ weight
    expect(inputGrad?.tolistSync()).toEqual(float32Product(g, w));
  }

  test("the rule's gradient for Linear's weight.t() is column-major, the weight's own layout", () => {
    const [input, weight] = [tensor(x), tensor(w)];
    const weightT = weight.t();
    const [, inputGrad, weightTGrad] = LINALG_RULES.addmm.vjp(tensor(g), {
      attrs: {},
      inputShapes: [[outputs], input.shape, weightT.shape],
      inputStrides: [[1], input.strides, weightT.strides],
      needsInputGrad: [false, true, true],
      saved: (i) => [undefined, input, weightT][i] as Tensor,
    });
    expect(weightTGrad?.strides).toEqual([1, inputs]);
    expect(weightTGrad?.t().isContiguous()).toBe(true);
    expect(inputGrad?.isContiguous()).toBe(true);
  });

  test('addmm (Linear with a bias)', () => {
    const bias = tensor(values(1, outputs, 4)[0]);
    check((input, weightT) => bias.addmm(input, weightT));
  });

  test('matmul (Linear without a bias)', () => {
    check((input, weightT) => input.matmul(weightT));
  });

  test('a column-major first operand: its gradient is column-major too, the same values', () => {
    const stored = tensor(transpose(x), { requiresGrad: true });
    const weight = tensor(transpose(w));
    const [storedGrad] = grad(stored.t().matmul(weight), [stored], { gradOutputs: [tensor(g)] });
    // d(stored.T) = g @ w, so d(stored) = (g @ w).T, stored contiguous.
    expect(storedGrad?.isContiguous()).toBe(true);
    expect(storedGrad?.tolistSync()).toEqual(transpose(float32Product(g, w)));
  });
});
