/**
 * Matrix products: 256³ and 1024³, the four transpose cases of 1024³, and the products of the
 * MLP row's training step. A transposed operand is a transposed view of a stored matrix
 * (PyTorch `a.t() @ b`), never a copy made before timing; tfjs gets the same through
 * matMul's transposeA/transposeB flags.
 */
export const title = 'matmul (new output each call)';
export const torch = 'matmul';

const CASES = [
  { name: 'a@b', transA: false, transB: false },
  { name: 'a.T@b', transA: true, transB: false },
  { name: 'a@b.T', transA: false, transB: true },
  { name: 'a.T@b.T', transA: true, transB: true },
];

function row(device, n, c) {
  const suffix = c.name === 'a@b' ? '' : `-${c.name.replace(/[@.]/g, '')}`;
  return {
    id: `${device === 'gpu' ? 'gpu-' : ''}matmul-${n}${suffix}`,
    label: `matmul ${n}³ ${c.name}`,
    device,
    unit: 'GFLOP/s',
    work: 2 * n ** 3,
    output: 'new',
    threaded: true,
    params: { m: n, k: n, n, transA: c.transA, transB: c.transB },
  };
}

/**
 * The MLP 784-512-512-10 batch-128 step's large products (M×K×N): Linear's forward
 * `input @ weight.T`, and addmm's backward `grad @ weight` (input gradient) and
 * `input.T @ grad` (weight gradient). The first layer's input needs no gradient.
 */
const MLP_PRODUCTS = [
  { m: 128, k: 784, n: 512, c: CASES[2], role: 'forward, layer 1' },
  { m: 128, k: 512, n: 512, c: CASES[2], role: 'forward, layer 2' },
  { m: 128, k: 512, n: 512, c: CASES[0], role: 'input gradient, layer 2' },
  { m: 784, k: 128, n: 512, c: CASES[1], role: 'weight gradient, layer 1' },
  { m: 512, k: 128, n: 512, c: CASES[1], role: 'weight gradient, layer 2' },
];

function mlpRow({ m, k, n, c, role }) {
  return {
    id: `matmul-mlp-${m}x${k}x${n}-${c.name.replace(/[@.]/g, '')}`,
    label: `matmul ${m}×${k}×${n} ${c.name} (MLP ${role})`,
    device: 'cpu',
    unit: 'GFLOP/s',
    work: 2 * m * k * n,
    output: 'new',
    threaded: true,
    params: { m, k, n, transA: c.transA, transB: c.transB },
  };
}

export const rows = [
  row('cpu', 256, CASES[0]),
  ...CASES.map((c) => row('cpu', 1024, c)),
  ...MLP_PRODUCTS.map(mlpRow),
  row('gpu', 256, CASES[0]),
  row('gpu', 1024, CASES[0]),
];

/** Stored shapes of the operands of an M×K×N product: a transposed operand is stored flipped. */
function shapes({ m, k, n, transA, transB }) {
  return [transA ? [k, m] : [m, k], transB ? [n, k] : [k, n]];
}

export function x({ params }, { x, backend, sync }) {
  const { transA, transB } = params;
  const [shapeA, shapeB] = shapes(params);
  const a = x.rand(shapeA, { backend });
  const b = x.rand(shapeB, { backend });
  const lhs = transA ? a.t() : a;
  const rhs = transB ? b.t() : b;
  return {
    ready: () => sync(b),
    step: async () => {
      const product = lhs.matmul(rhs);
      await sync(product);
      product.dispose();
    },
    dispose: () => {
      for (const t of [a, b]) t.dispose();
    },
  };
}

export function tfjs({ params }, { tf, sync }) {
  const { transA, transB } = params;
  const [shapeA, shapeB] = shapes(params);
  const a = tf.randomUniform(shapeA);
  const b = tf.randomUniform(shapeB);
  return {
    ready: () => sync(b),
    step: async () => {
      const product = tf.matMul(a, b, transA, transB);
      await sync(product);
      product.dispose();
    },
    dispose: () => tf.dispose([a, b]),
  };
}
