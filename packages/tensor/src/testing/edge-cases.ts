import {
  add,
  type Backend,
  cpu,
  type DType,
  div,
  eq,
  ge,
  gt,
  le,
  lt,
  maximum,
  minimum,
  mul,
  ne,
  pow,
  sub,
  type Tensor,
  tensor,
} from '../index';
import fixture from './fixtures/edge/edge.json';

// The cases of fixtures/edge/edge.json and how x runs them, shared by the CPU's test and
// every other backend's.

/** A tensor as edge.json records it: float32 values as their bit patterns in hex. */
export interface EdgeTensor {
  dtype: DType;
  shape: number[];
  values: (string | number)[];
}
export interface EdgeCase {
  kind: 'unary' | 'binary' | 'reduce' | 'cast';
  op: string;
  inputs: EdgeTensor[];
  params?: Record<string, number | string | null>;
  out?: EdgeTensor;
  error?: string;
}

export function decode(encoded: EdgeTensor): Tensor {
  const data =
    encoded.dtype === 'float32'
      ? new Float32Array(
          Uint32Array.from(encoded.values, (v) => Number.parseInt(String(v), 16)).buffer,
        )
      : encoded.dtype === 'int32'
        ? Int32Array.from(encoded.values as number[])
        : Uint8Array.from(encoded.values as number[]);
  return tensor(data, { shape: encoded.shape, dtype: encoded.dtype });
}

const param = (value: number | string | null | undefined) =>
  value === null || value === undefined
    ? undefined
    : Number(String(value).replace('inf', 'Infinity'));

const BINARY: Record<string, (a: Tensor, b: Tensor) => Tensor> = {
  add,
  sub,
  mul,
  div,
  pow,
  maximum,
  minimum,
  eq,
  ne,
  lt,
  le,
  gt,
  ge,
  atan2: (a, b) => a.atan2(b),
  logicalAnd: (a, b) => a.logicalAnd(b),
  logicalOr: (a, b) => a.logicalOr(b),
};

const REDUCE: Record<string, (t: Tensor) => Tensor> = {
  sum: (t) => t.sum(),
  prod: (t) => t.prod(),
  mean: (t) => t.mean(),
  amax: (t) => t.amax(),
  amin: (t) => t.amin(),
  max: (t) => t.max(),
  min: (t) => t.min(),
  argmax: (t) => t.argmax(),
  argmin: (t) => t.argmin(),
  var: (t) => t.var(),
  std: (t) => t.std(),
  logsumexp: (t) => t.logsumexp(0),
  softmax: (t) => t.softmax(0),
  logSoftmax: (t) => t.logSoftmax(0),
};

/** Runs one case through x's public API, its inputs placed on `backend` (the CPU by default). */
export function run(c: EdgeCase, backend: Backend = cpu): Tensor {
  const inputs = c.inputs.map((input) => decode(input).to(backend));
  const [x] = inputs;
  const p = c.params ?? {};
  if (c.kind === 'cast') return x.to(c.op as DType);
  if (c.kind === 'binary') return BINARY[c.op](inputs[0], inputs[1]);
  if (c.kind === 'reduce') return REDUCE[c.op](x);
  if (c.op === 'clamp') return x.clamp({ min: param(p.min), max: param(p.max) });
  if (c.op === 'leakyRelu') return x.leakyRelu(param(p.slope));
  if (c.op === 'powScalar') return x.pow(param(p.exponent) as number);
  if (c.op === 'rpowScalar') return pow(param(p.base) as number, x);
  return (x as unknown as Record<string, () => Tensor>)[c.op]();
}

export const caseName = (c: EdgeCase) =>
  `${c.kind} ${c.op} ${c.inputs.map((i) => i.dtype).join('×')}${c.params ? ` ${JSON.stringify(c.params)}` : ''}`;

/** The elements whose bits differ from PyTorch's (any NaN matches any NaN: payloads aren't kept). */
export function mismatches(
  got: ArrayLike<number>,
  want: ArrayLike<number>,
  dtype: DType,
): number[] {
  const bitsOf = (v: number) => new Uint32Array(Float32Array.of(v).buffer)[0];
  const out: number[] = [];
  for (let i = 0; i < want.length; i++) {
    const same =
      dtype === 'float32'
        ? (Number.isNaN(got[i]) && Number.isNaN(want[i])) || bitsOf(got[i]) === bitsOf(want[i])
        : got[i] === want[i];
    if (!same) out.push(i);
  }
  return out;
}

/** A number as a mismatch message prints it: -0 kept visible. */
export const showNumber = (v: number) => (Object.is(v, -0) ? '-0' : String(v));

export const EDGE_CASES = fixture.cases as EdgeCase[];
