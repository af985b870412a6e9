import { addmm, maximum, minimum, pow, type Tensor, tensor } from '@x/tensor';
import { describe, expect, test } from 'vitest';
import { grad } from '../src';
import { expectClose, torchFixture } from './helpers';

const leafOf = (values: number[] | number[][]) => tensor(values, { requiresGrad: true });

describe('reference graphs against PyTorch 1.13', () => {
  const { mlp } = torchFixture;

  /** Linear -> ReLU -> Linear as nn.Linear runs it: addmm(bias, input, weight.t()). */
  function mlpForward() {
    const params = [leafOf(mlp.w1), leafOf(mlp.b1), leafOf(mlp.w2), leafOf(mlp.b2)];
    const [w1, b1, w2, b2] = params;
    const hidden = addmm(b1, tensor(mlp.x), w1.t()).relu();
    return { params, out: b2.addmm(hidden, w2.t()) };
  }

  test.each(['sum', 'mean'])('an MLP with ReLU and a %s loss: every parameter gradient', (loss) => {
    const { params, out } = mlpForward();
    expectClose(out, mlp.out);
    expect(out.gradFn?.name).toBe(mlp.gradFn);
    const value = loss === 'sum' ? out.sum() : out.mean();
    expect(value.item()).toBeCloseTo(mlp[loss].loss, 4);
    value.backward();
    params.forEach((param, i) => {
      expectClose(param.grad, mlp[loss].grads[i]);
    });
  });

  test('pow with a scalar base: torch.pow(2.5, x) and its gradient 2.5^x ln 2.5', () => {
    const { x, y, grad: expected } = torchFixture.powScalarBase;
    const input = leafOf(x);
    const out = pow(2.5, input);
    expectClose(out, y);
    out.sum().backward();
    expectClose(input.grad, expected);
  });

  test('a tied weight: y = w * (w * x) with w = 3, x = 1 gives y = 9 and dy/dw = 6', () => {
    const w = tensor([3], { requiresGrad: true });
    const y = w.mul(w.mul(tensor([1])));
    y.backward();
    expect(y.item()).toBe(torchFixture.tied.scalar.y);
    expect(w.grad?.item()).toBe(torchFixture.tied.scalar.dw);
  });

  test('one Linear used twice in a network: the gradients of its parameters add up', () => {
    const net = torchFixture.tied.network;
    const [wShared, bShared] = [leafOf(net.wShared), leafOf(net.bShared)];
    const linear = (input: Tensor, weight: Tensor, bias: Tensor) => bias.addmm(input, weight.t());
    let h = linear(tensor(net.x), tensor(net.wIn), tensor(net.bIn)).relu();
    h = linear(h, wShared, bShared).relu();
    h = linear(h, wShared, bShared).relu();
    const loss = linear(h, tensor(net.wOut), tensor(net.bOut)).sum();
    expect(loss.item()).toBeCloseTo(net.loss, 5);
    loss.backward();
    expectClose(wShared.grad, net.grads[0]);
    expectClose(bShared.grad, net.grads[1]);
  });

  test('cross-entropy as logSoftmax + gather + mean', () => {
    const {
      logits: values,
      targets,
      loss: expected,
      grad: expectedGrad,
    } = torchFixture.crossEntropy;
    const logits = leafOf(values);
    const picked = logits.logSoftmax(1).gather(1, tensor(new Int32Array(targets)).unsqueeze(1));
    const loss = picked.neg().mean();
    expect(loss.item()).toBeCloseTo(expected, 5);
    loss.backward();
    expectClose(logits.grad, expectedGrad);
  });

  test.each(Object.keys(torchFixture.composites.cases))(
    'composite %s: its recorded primitives give PyTorch gradient',
    (label) => {
      const { x, cases } = torchFixture.composites;
      const input = leafOf(x);
      const ops: Record<string, (t: Tensor) => Tensor> = {
        'var(1)': (t) => t.var(1),
        'std()': (t) => t.std(),
        'logsumexp(1)': (t) => t.logsumexp(1),
        'softmax(1)': (t) => t.softmax(1),
        'logSoftmax(0)': (t) => t.logSoftmax(0),
      };
      const out = ops[label](input);
      const [dx] = grad(out.mul(tensor(cases[label].weights)).sum(), input);
      expectClose(dx, cases[label].grad);
    },
  );
});

describe('ties and zeros as PyTorch handles them', () => {
  const { ties } = torchFixture;
  const reductions: Record<string, (t: Tensor) => Tensor> = {
    'max()': (t) => t.max(),
    'min()': (t) => t.min(),
    'max(1)': (t) => t.max(1).values.sum(),
    'min(0)': (t) => t.min(0).values.sum(),
    'amax()': (t) => t.amax(),
    'amax(1)': (t) => t.amax(1).sum(),
    'amin(0)': (t) => t.amin(0).sum(),
  };

  test.each(Object.keys(reductions))('%s', (label) => {
    const input = leafOf(ties.input);
    reductions[label](input).backward();
    expect(input.grad?.tolistSync()).toEqual(ties.reductions[label]);
  });

  test('maximum and minimum split the gradient of equal elements in half', () => {
    for (const [name, op] of [
      ['maximum', maximum],
      ['minimum', minimum],
    ] as const) {
      const a = leafOf([1, 2, 3]);
      const b = leafOf([1, 1, 4]);
      const grads = grad(op(a, b).sum(), [a, b]);
      expect(grads.map((g) => g?.tolistSync())).toEqual(ties[name]);
    }
  });

  test('prod with one zero and with two zeros in a row, and over everything', () => {
    const input = leafOf(ties.prodInput);
    const [byRow] = grad(input.prod(1).sum(), input);
    expect(byRow?.tolistSync()).toEqual(ties['prod(1)']);
    const [all] = grad(input.get(0).prod(), input);
    expect(all?.tolistSync()).toEqual(ties['prod()']);
  });
});
