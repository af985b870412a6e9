/**
 * Matrix products: 256³ and 1024³, and the four transpose cases of 1024³. A transposed
 * operand is a transposed view of a stored matrix (PyTorch `a.t() @ b`), never a copy
 * made before timing; tfjs gets the same through matMul's transposeA/transposeB flags.
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
    params: { n, transA: c.transA, transB: c.transB },
  };
}

export const rows = [
  row('cpu', 256, CASES[0]),
  ...CASES.map((c) => row('cpu', 1024, c)),
  row('gpu', 256, CASES[0]),
  row('gpu', 1024, CASES[0]),
];

export function x({ params: { n, transA, transB } }, { x, backend, sync }) {
  const a = x.rand([n, n], { backend });
  const b = x.rand([n, n], { backend });
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

export function tfjs({ params: { n, transA, transB } }, { tf, sync }) {
  const a = tf.randomUniform([n, n]);
  const b = tf.randomUniform([n, n]);
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
