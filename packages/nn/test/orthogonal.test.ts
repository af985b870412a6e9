import { manualSeed, type Tensor } from '@x/tensor';
import { describe, expect, test } from 'vitest';
import { Linear, type Module, orthogonal } from '../src';
import { geqrf, householderProduct, matrixExp, solve } from '../src/utils/linalg';
import { decode, type Encoded, expectClose, fixture } from './helpers';

// PyTorch 1.13's values, written by fixtures/generate_parametrize.py.
const torch = fixture('parametrize.json');

const names = (pairs: Iterable<[string, unknown]>) => [...pairs].map(([name]) => name);
const tolerance = { rtol: 1e-5, atol: 1e-5 };

function expectState(module: Module, expected: Record<string, Encoded>) {
  const state = module.stateDict();
  expect([...state.keys()]).toEqual(Object.keys(expected));
  for (const [key, value] of state) expectClose(value, expected[key], tolerance);
}

describe('orthogonal (torch.nn.utils.parametrizations.orthogonal) against PyTorch', () => {
  const cases: [string, number, number, number, Parameters<typeof orthogonal>[2], boolean][] = [
    ['matrixExp', 0, 4, 4, null, true],
    ['cayley', 1, 4, 4, 'cayley', true],
    ['householder', 2, 4, 4, 'householder', true],
    ['tall', 3, 3, 5, null, true],
    ['wide', 4, 5, 3, null, true],
    ['wideMatrixExp', 5, 5, 3, 'matrix_exp', true],
    ['tallCayley', 6, 3, 5, 'cayley', true],
    ['householderPlain', 7, 4, 3, null, false],
    ['cayleyPlain', 8, 4, 4, 'cayley', false],
  ];
  for (const [key, seed, inFeatures, outFeatures, map, useTrivialization] of cases) {
    test(`${key}: names, base, weight, and the weight and gradients away from the start`, () => {
      const reference = torch.orthogonal[key];
      manualSeed(seed);
      const layer = new Linear(inFeatures, outFeatures);
      expectState(layer, reference.initial); // the generator is where PyTorch's was
      orthogonal(layer, 'weight', map, { useTrivialization });
      expect({
        parameters: names(layer.namedParameters()),
        buffers: names(layer.namedBuffers()),
        stateDict: [...layer.stateDict().keys()],
        repr: String(layer),
      }).toEqual(reference.registered);
      expectState(layer, reference.state);
      expectClose(layer.weight, reference.weight, tolerance);

      const original = layer.getParameter('parametrizations.weight.original');
      original.data.copy_(decode(reference.start));
      const output = layer.forward(decode(reference.input));
      expectClose(layer.weight, reference.moved, tolerance);
      expectClose(output, reference.output, tolerance);
      output.square().sum().backward();
      for (const [name, param] of layer.namedParameters()) {
        expectClose(param.grad as Tensor, reference.grads[name], tolerance);
      }
    });
  }

  test('bad arguments are refused by name', () => {
    expect(() => orthogonal(new Linear(3, 3), 'bias')).toThrow(/Got a tensor of 1 dimensions/);
    expect(() => orthogonal(new Linear(3, 3), 'weight', 'qr' as never)).toThrow(
      /orthogonalMap has to be one of/,
    );
    expect(() => orthogonal(new Linear(3, 3), 'missing')).toThrow(/has no parameter or buffer/);
  });
});

describe('the linear algebra behind it, against PyTorch', () => {
  const reference = torch.linalg;

  test('matrixExp and its gradient (scaling and squaring)', () => {
    const input = decode(reference.expInput).requiresGrad_();
    const value = matrixExp(input);
    expectClose(value, reference.exp, tolerance);
    value.mul(decode(reference.expWeights)).sum().backward();
    expectClose(input.grad as Tensor, reference.expGrad, tolerance);
  });

  test('solve and its gradients in both arguments', () => {
    const a = decode(reference.solveA).requiresGrad_();
    const b = decode(reference.solveB).requiresGrad_();
    const x = solve(a, b);
    expectClose(x, reference.solve, tolerance);
    x.mul(decode({ shape: [3, 2], dtype: 'float32', values: [0, 1, 2, 3, 4, 5] }))
      .sum()
      .backward();
    expectClose(a.grad as Tensor, reference.solveGradA, tolerance);
    expectClose(b.grad as Tensor, reference.solveGradB, tolerance);
  });

  test('householderProduct and its gradients', () => {
    const reflectors = decode(reference.hhReflectors).requiresGrad_();
    const tau = decode(reference.hhTau).requiresGrad_();
    const product = householderProduct(reflectors, tau);
    expectClose(product, reference.hh, tolerance);
    const weights = Array.from({ length: 15 }, (_, i) => -1 + (2 * i) / 14);
    product
      .mul(decode({ shape: [5, 3], dtype: 'float32', values: weights }))
      .sum()
      .backward();
    expectClose(reflectors.grad as Tensor, reference.hhGradReflectors, tolerance);
    expectClose(tau.grad as Tensor, reference.hhGradTau, tolerance);
  });

  test("geqrf follows LAPACK's conventions", () => {
    const { reflectors, tau } = geqrf(decode(reference.geqrfInput));
    expectClose(reflectors, reference.geqrf, tolerance);
    expectClose(tau, reference.geqrfTau, tolerance);
  });
});
