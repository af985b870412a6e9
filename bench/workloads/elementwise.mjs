/**
 * `c = a*b + 1` on 2^24 float32s, three ways: a new c each call inside each library's way of
 * freeing the `a*b` temporary at once (x and tfjs `tidy()`, PyTorch's reference counts); a new
 * c with x's temporary left to the garbage collector, as users write it without tidy; and into
 * a preallocated c. GB/s counts 3 arrays × 4 bytes × n per call (a, b read; c written),
 * whatever temporaries the library makes on the way.
 */
export const title = 'elementwise c = a*b + 1';
export const torch = 'elementwise';

const N = 2 ** 24;
const NO_OUT = 'tfjs has no out= or in-place arithmetic: every op returns a new tensor';
const NO_GC = "tfjs never frees an undisposed tensor: without tidy() each call's a*b would leak";

const MODES = {
  new: {
    label: 'new c',
    note: 'x and tfjs inside tidy(), which frees the a*b temporary at once, as PyTorch does',
  },
  gc: {
    label: 'new c, no tidy',
    note: "x's a*b temporary is left to the garbage collector (PyTorch: the same code as new c)",
    skip: { 'tfjs-wasm': NO_GC, 'tfjs-cpu': NO_GC, 'tfjs-webgpu': NO_GC },
  },
  preallocated: {
    label: 'into c',
    skip: { 'tfjs-wasm': NO_OUT, 'tfjs-cpu': NO_OUT },
  },
};

function row(device, output) {
  const { label, note, skip } = MODES[output];
  return {
    id: `${device === 'gpu' ? 'gpu-' : ''}muladd-${output === 'preallocated' ? 'out' : output}`,
    label: `c=a*b+1 2^24 ${label}`,
    device,
    unit: 'GB/s',
    work: 3 * 4 * N,
    output: output === 'preallocated' ? output : 'new',
    params: { n: N, output },
    // x splits elementwise ops of 2^16 elements or more over its threads.
    threaded: device === 'cpu',
    ...(note === undefined ? {} : { note }),
    ...(skip === undefined ? {} : { skip }),
  };
}

export const rows = [
  row('cpu', 'new'),
  row('cpu', 'gc'),
  row('cpu', 'preallocated'),
  row('gpu', 'new'),
  row('gpu', 'gc'),
];

export function x({ params: { n, output } }, { x, backend, sync }) {
  const a = x.rand([n], { backend });
  const b = x.rand([n], { backend });
  const dispose = () => {
    for (const t of [a, b]) t.dispose();
  };
  if (output === 'new' || output === 'gc') {
    const compute = () => a.mul(b).add(1);
    return {
      ready: () => sync(b),
      step: async () => {
        const c = output === 'new' ? x.tidy(compute) : compute();
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
