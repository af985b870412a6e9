// torch.nn.utils against PyTorch 1.13 (fixtures/clip_grad.json, generate_schedules.py):
// clip_grad_norm_'s total norm and clipped gradients for norm types 1, 2, 3, 0.5, inf and
// -inf, with and without clipping; clip_grad_value_; parameters_to_vector. Then bad input.
import { ArgumentError, tensor, zeros } from '@x/tensor';
import { describe, expect, it } from 'vitest';
import {
  clipGradNorm_,
  clipGradValue_,
  Linear,
  NonFiniteNormError,
  Parameter,
  parametersToVector,
  utils,
  vectorToParameters,
} from '../src';
import { decode, type Encoded, expectClose, fixture } from './helpers';

const torch = fixture('clip_grad.json');

/** Three parameters with the fixture's gradients and a fourth without a gradient. */
function params(): Parameter[] {
  const ps = (torch.grads as Encoded[]).map((g) => {
    const p = new Parameter(zeros(g.shape));
    p.grad = decode(g);
    return p;
  });
  return [...ps, new Parameter(zeros([2]))];
}

describe('clipGradNorm_ equals PyTorch 1.13', () => {
  for (const c of torch.norm) {
    it(`normType ${c.normType}, maxNorm ${c.maxNorm}`, () => {
      const ps = params();
      const normType =
        typeof c.normType === 'string' ? Number(c.normType.replace('inf', 'Infinity')) : c.normType;
      const total = clipGradNorm_(ps, c.maxNorm, normType);
      expectClose(total, c.total, { rtol: 1e-6, atol: 0 });
      ps.slice(0, 3).forEach((p, i) => {
        expectClose(p.grad!, c.grads[i], { rtol: 1e-6, atol: 1e-7 });
      });
      expect(ps[3].grad).toBeNull();
    });
  }

  it("takes 'inf' as PyTorch's float('inf'), and one tensor as a list of one", () => {
    const a = params();
    const b = params();
    expect(clipGradNorm_(a, 0.5, 'inf').item()).toBe(clipGradNorm_(b, 0.5, Infinity).item());
    const p = new Parameter(zeros([2]));
    p.grad = tensor([3, 4]);
    expect(clipGradNorm_(p, 1).item()).toBeCloseTo(5, 5);
    expect(p.grad!.toArraySync()[0]).toBeCloseTo(0.6, 5);
  });

  it('returns a zero norm when no parameter has a gradient', () => {
    expect(clipGradNorm_([new Parameter(zeros([2]))], 1).item()).toBe(0);
  });

  it('errorIfNonfinite throws a NonFiniteNormError and changes nothing', () => {
    const p = new Parameter(zeros([3]));
    p.grad = tensor([1, Number.NaN, 2]);
    const q = new Parameter(zeros([1]));
    q.grad = tensor([5]);
    expect(() => clipGradNorm_([p, q], 1, 2, true)).toThrow(NonFiniteNormError);
    expect(() => clipGradNorm_([p, q], 1, 2, true)).toThrow(
      'clipGradNorm_: The total norm of order 2 for gradients from `parameters` is non-finite',
    );
    expect(q.grad!.item()).toBe(5);
    // Without the flag, PyTorch scales by the NaN norm: every gradient becomes NaN.
    expect(Number.isNaN(clipGradNorm_([p, q], 1).item())).toBe(true);
    expect(Number.isNaN(q.grad!.item())).toBe(true);
  });
});

describe('clipGradValue_ and parametersToVector equal PyTorch 1.13', () => {
  for (const c of torch.value) {
    it(`clipValue ${c.clip}`, () => {
      const ps = params();
      clipGradValue_(ps, c.clip);
      ps.slice(0, 3).forEach((p, i) => {
        expectClose(p.grad!, c.grads[i], { rtol: 0, atol: 0 });
      });
    });
  }

  it('parametersToVector and back', () => {
    const grads = (torch.grads as Encoded[]).map(decode);
    const flat = parametersToVector(grads);
    expectClose(flat, torch.vector, { rtol: 0, atol: 0 });
    const targets = grads.map((g) => new Parameter(zeros(g.shape)));
    vectorToParameters(flat, targets);
    targets.forEach((t, i) => {
      expectClose(t, torch.grads[i], { rtol: 0, atol: 0 });
    });
    expect(utils.parametersToVector).toBe(parametersToVector);
  });

  it('parametersToVector is differentiable, as in PyTorch', () => {
    const layer = new Linear(2, 3);
    parametersToVector(layer.parameters())
      .mul(tensor([1, 2, 3, 4, 5, 6, 7, 8, 9]))
      .sum()
      .backward();
    expect(layer.weight.grad!.toArraySync()).toEqual(Float32Array.of(1, 2, 3, 4, 5, 6));
    expect(layer.bias!.grad!.toArraySync()).toEqual(Float32Array.of(7, 8, 9));
  });
});

describe('bad input throws an ArgumentError and changes nothing', () => {
  const p = () => {
    const q = new Parameter(zeros([2]));
    q.grad = tensor([3, 4]);
    return q;
  };
  const cases: [() => unknown, string][] = [
    [
      () => clipGradNorm_(5 as never, 1),
      'clipGradNorm_: parameters must be a Tensor or an iterable of Tensors, got 5',
    ],
    [
      () => clipGradNorm_([p(), 'w'] as never, 1),
      "clipGradNorm_: parameters[1] must be a Tensor, got 'w'",
    ],
    [() => clipGradNorm_([p()], '1' as never), "clipGradNorm_: maxNorm must be a number, got '1'"],
    [
      () => clipGradNorm_([p()], 1, 'two' as never),
      "clipGradNorm_: normType must be a number (Infinity or 'inf' for the max norm), got 'two'",
    ],
    [
      () => clipGradNorm_([p()], 1, 2, 1 as never),
      'clipGradNorm_: errorIfNonfinite must be a boolean, got 1',
    ],
    [
      () => clipGradValue_([p()], Number.NaN),
      'clipGradValue_: clipValue must be a number, got NaN',
    ],
    [
      () => vectorToParameters([1, 2] as never, [p()]),
      'vectorToParameters: expected vector to be a Tensor, but got [1, 2]',
    ],
    [
      () => vectorToParameters(zeros([3]), [p()]),
      "vectorToParameters: vector must be 1-D with 2 elements (the parameters' total), got shape [3]",
    ],
    [() => parametersToVector([]), 'parametersToVector: parameters is empty'],
    [
      () => (clipGradNorm_ as any)([p()], 1, 2, false, true),
      'clipGradNorm_: takes at most 4 arguments, got 5 (the extra one is true)',
    ],
    [
      () => (clipGradValue_ as any)([p()], -1, 1),
      'clipGradValue_: takes at most 2 arguments, got 3 (the extra one is 1)',
    ],
  ];
  it.each(cases)('%#', (call, message) => {
    expect(call).toThrow(ArgumentError);
    expect(call).toThrow(message);
  });

  it('a rejected vectorToParameters leaves the parameters as they were', () => {
    const a = new Parameter(tensor([1, 2]));
    expect(() => vectorToParameters(zeros([3]), [a])).toThrow();
    expect(a.toArraySync()).toEqual(Float32Array.of(1, 2));
  });
});
