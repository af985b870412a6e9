import { describe, expect, test } from 'vitest';
import { arange, BINARY_OPS, type BinaryOp, eye, linspace, type Tensor, where } from '../src';
import fixture from './fixtures/ops/ops.json';
import { decode, type Encoded, expectMatches } from './helpers';

interface Case {
  kind: string;
  op: string;
  inputs: Encoded[];
  out: Encoded;
  [key: string]: unknown;
}

const cases = (fixture.cases as unknown as Case[]).map((c) => ({ ...c, inputs: c.inputs ?? [] }));
const title = (c: Case) =>
  `${c.op}(${c.inputs.map((i) => `${i.dtype}${JSON.stringify(i.shape)}`).join(', ')})` +
  (c.dim !== undefined ? ` dim=${JSON.stringify(c.dim)}` : '') +
  (c.keepdim ? ' keepdim' : '') +
  (c.scalar !== undefined ? ` scalar=${c.scalar}` : '');

/** Evaluates one fixture case with x; the expected output is PyTorch's. */
function run(c: Case): Tensor {
  const [a, b, d] = c.inputs.map(decode);
  const dim = (c.dim ?? undefined) as number | number[] | undefined;
  const keepdim = { keepdim: c.keepdim as boolean };
  switch (c.kind) {
    case 'binary':
      return (a[c.op as BinaryOp] as (o: Tensor) => Tensor).call(a, b);
    case 'scalar':
      return (a[c.op as 'add'] as (o: number) => Tensor).call(a, c.scalar as number);
    case 'unary':
      return (a[c.op as 'exp'] as () => Tensor).call(a);
    case 'clamp':
      return a.clamp({ min: c.min as number, max: c.max as number | undefined });
    case 'powScalar':
      return a.pow(c.exponent as number);
    case 'reduce': {
      if (c.op === 'var' || c.op === 'std')
        return a[c.op](dim, { ...keepdim, correction: c.correction as number });
      if (c.op === 'argmax' || c.op === 'argmin' || c.op === 'prod')
        return a[c.op](dim as number | undefined, keepdim);
      return a[c.op as 'sum'](dim, keepdim);
    }
    case 'maxdim': {
      const { values, indices } = a[c.op as 'max'](dim as number, keepdim);
      expectMatches(indices, c.indices as Encoded);
      return values;
    }
    case 'softmax':
      return c.op === 'logsumexp'
        ? a.logsumexp(dim as number)
        : a[c.op as 'softmax'](dim as number);
    case 'matmul':
      return a.matmul(b);
    case 'matmulT':
      return (c.ta ? a.t() : a).matmul(c.tb ? b.t() : b);
    case 'addmm':
      return a.addmm(b, d);
    case 'where':
      return where(a, b, d);
    case 'create': {
      const args = c.args as number[];
      if (c.op === 'arange') return arange(args[0], args[1], args[2]);
      if (c.op === 'linspace') return linspace(args[0], args[1], args[2]);
      return eye(args[0], args[1]);
    }
  }
  throw new Error(`unknown fixture kind ${c.kind}`);
}

describe('ops against PyTorch 1.13', () => {
  test('the fixture covers every binary op', () => {
    const ops = new Set(cases.filter((c) => c.kind === 'binary').map((c) => c.op));
    expect([...ops].sort()).toEqual(Object.keys(BINARY_OPS).sort());
  });

  for (const c of cases) {
    const loose =
      ['reduce', 'softmax', 'matmul', 'matmulT', 'addmm'].includes(c.kind) ||
      ['pow', 'erf', 'tan'].includes(c.op);
    test(title(c), () => {
      expectMatches(run(c), c.out, loose ? { rtol: 2e-6, atol: 2e-6 } : { rtol: 1e-6, atol: 1e-7 });
    });
  }
});
