/**
 * `c = a*b + 1` on 2^24 float32s, as users write it (a new output each call; on the GPU
 * inside tidy(), as tfjs's step is everywhere) and into a preallocated output. GB/s counts 3 arrays × 4 bytes × n per call (a, b read; c written),
 * whatever temporaries the library makes on the way.
 */
export const title = 'elementwise c = a*b + 1';
export const torch = 'elementwise';

const N = 2 ** 24;

function row(device, output) {
  return {
    id: `${device === 'gpu' ? 'gpu-' : ''}muladd-${output === 'new' ? 'new' : 'out'}`,
    label: `c=a*b+1 2^24 ${output === 'new' ? 'new c' : 'into c'}`,
    device,
    unit: 'GB/s',
    work: 3 * 4 * N,
    output,
    params: { n: N, output },
  };
}

export const rows = [
  row('cpu', 'new'),
  {
    ...row('cpu', 'preallocated'),
    skip: {
      'tfjs-wasm': 'tfjs has no out= or in-place arithmetic: every op returns a new tensor',
      'tfjs-cpu': 'tfjs has no out= or in-place arithmetic: every op returns a new tensor',
    },
  },
  {
    ...row('gpu', 'new'),
    params: { n: N, output: 'new', tidy: true },
    note: 'x and tfjs both inside tidy(), which frees the a*b temporary at once',
  },
];

export function x({ params: { n, output, tidy } }, { x, backend, sync }) {
  const a = x.rand([n], { backend });
  const b = x.rand([n], { backend });
  const dispose = () => {
    for (const t of [a, b]) t.dispose();
  };
  if (output === 'new' && tidy) {
    return {
      ready: () => sync(b),
      step: async () => {
        const c = x.tidy(() => a.mul(b).add(1));
        await sync(c);
        c.dispose();
      },
      dispose,
    };
  }
  if (output === 'new') {
    return {
      ready: () => sync(b),
      // As users write it: the a*b temporary is left to the garbage collector.
      step: async () => {
        const c = a.mul(b).add(1);
        await sync(c);
        c.dispose();
      },
      dispose,
    };
  }
  const c = x.empty([n], { backend });
  if (x.mul(a, b, { out: c }) !== c) return { skip: '@x/tensor mul() ignores { out }' };
  return {
    ready: () => sync(c),
    step: async () => {
      x.mul(a, b, { out: c });
      c.add_(1);
      await sync(c);
    },
    dispose: () => {
      dispose();
      c.dispose();
    },
  };
}

export function tfjs({ params: { n } }, { tf, sync }) {
  const a = tf.randomUniform([n]);
  const b = tf.randomUniform([n]);
  return {
    ready: () => sync(b),
    step: async () => {
      const c = tf.tidy(() => a.mul(b).add(1));
      await sync(c);
      c.dispose();
    },
    dispose: () => tf.dispose([a, b]),
  };
}
