/**
 * @x/init against torch.nn.init and tf.initializers. x and PyTorch write into preallocated
 * tensors in place; tfjs has no in-place initialiser, so it re-initialises tf.Variables
 * with `variable.assign(initializer.apply(shape))` (a new tensor each call).
 */
export const title = '@x/init';
export const torch = 'init';

const N = 2 ** 24;
const TFJS_ASSIGN = 'tfjs: variable.assign(initializer.apply(shape)), a new tensor each call';
const STACK = { layers: 30, size: 2048 };
const TFJS_QR_SLOW =
  'tf.initializers.orthogonal runs a Householder QR op by op: one 1024² init took 9-130 s on ' +
  'tfjs-wasm (idle vs busy machine) and 522 s on tfjs-cpu here; compare on the 256² row';

function orthogonal(n) {
  return {
    id: `init-orthogonal-${n}`,
    label: `init.orthogonal_ ${n}²`,
    device: 'cpu',
    unit: 'ms',
    output: 'in place',
    requires: ['@x/init'],
    note: `${TFJS_ASSIGN} (tf.initializers.orthogonal)`,
    params: { shapes: [[n, n]], fn: 'orthogonal_', tfjs: 'orthogonal' },
  };
}

const fills = [
  {
    id: 'init-uniform',
    label: 'init.uniform_ 2^24',
    fn: 'uniform_',
    tfjs: 'randomUniform',
    tfjsArgs: { minval: 0, maxval: 1 },
  },
  {
    id: 'init-normal',
    label: 'init.normal_ 2^24',
    fn: 'normal_',
    tfjs: 'randomNormal',
    tfjsArgs: { mean: 0, stddev: 1 },
  },
  {
    id: 'init-trunc-normal',
    label: 'init.truncNormal_ 2^24',
    fn: 'truncNormal_',
    tfjs: 'truncatedNormal',
    tfjsArgs: { mean: 0, stddev: 1 },
  },
].map((r) => ({
  id: r.id,
  label: r.label,
  device: 'cpu',
  unit: 'Msamples/s',
  work: N,
  output: 'in place',
  requires: ['@x/init'],
  note:
    r.fn === 'truncNormal_'
      ? `${TFJS_ASSIGN}; all cut at ±2 std (tfjs redraws outliers)`
      : TFJS_ASSIGN,
  params: { shapes: [[N]], fn: r.fn, tfjs: r.tfjs, tfjsArgs: r.tfjsArgs },
}));

export const rows = [
  ...fills,
  orthogonal(256),
  {
    ...orthogonal(1024),
    skip: {
      'tfjs-wasm': TFJS_QR_SLOW,
      'tfjs-cpu': TFJS_QR_SLOW,
    },
  },
  {
    id: 'init-kaiming-126m',
    label: 'kaimingUniform_ 30×2048²',
    device: 'cpu',
    unit: 's',
    output: 'in place',
    requires: ['@x/init'],
    note: `every parameter of a 126M-parameter stack (30 layers of 2048×2048, preallocated); ${TFJS_ASSIGN} (tf.initializers.heUniform: the same U(±sqrt(6/fan_in)))`,
    params: {
      shapes: Array.from({ length: STACK.layers }, () => [STACK.size, STACK.size]),
      fn: 'kaimingUniform_',
      tfjs: 'heUniform',
    },
  },
];

export function x({ params: { shapes, fn } }, { x, packages }) {
  const initializer = packages['@x/init'][fn];
  if (typeof initializer !== 'function') return { skip: `@x/init has no ${fn}` };
  const tensors = shapes.map((shape) => x.empty(shape));
  return {
    step: () => {
      for (const t of tensors) initializer(t);
    },
    dispose: () => {
      for (const t of tensors) t.dispose();
    },
  };
}

export function tfjs({ params: { shapes, tfjs: name, tfjsArgs = {} } }, { tf }) {
  const initializer = tf.initializers[name](tfjsArgs);
  const variables = shapes.map((shape) => tf.variable(tf.zeros(shape)));
  return {
    step: () => {
      for (const v of variables) tf.tidy(() => v.assign(initializer.apply(v.shape)));
    },
    dispose: () => tf.dispose(variables),
  };
}
