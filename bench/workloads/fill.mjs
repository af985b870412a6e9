/**
 * Random fills of 2^24 float32s (samples/s): x and PyTorch fill a preallocated tensor in
 * place (`t.uniform_()`, `t.normal_()`); tfjs has no in-place fill, so it creates a new
 * tensor each call (`tf.randomUniform`, `tf.randomNormal`).
 */
export const title = 'random fills';
export const torch = 'fill';

const N = 2 ** 24;
const TFJS_NEW = 'tfjs: new tensor each call (no in-place fill)';

export const rows = [
  { id: 'uniform', label: 'uniform_ 2^24', distribution: 'uniform' },
  { id: 'normal', label: 'normal_ 2^24', distribution: 'normal' },
].map((r) => ({
  ...r,
  device: 'cpu',
  unit: 'Msamples/s',
  work: N,
  output: 'in place',
  note: TFJS_NEW,
  params: { n: N, distribution: r.distribution },
}));

rows.push(
  ...[
    { id: 'gpu-normal-philox', label: 'normal_ 2^24 philox', algorithm: 'philox' },
    { id: 'gpu-normal-mt', label: 'normal_ 2^24 mt19937', algorithm: 'mt19937' },
  ].map((r) => ({
    id: r.id,
    label: r.label,
    device: 'gpu',
    unit: 'Msamples/s',
    work: N,
    output: 'in place',
    note: `x: ${r.algorithm === 'philox' ? 'Philox drawn on the device' : "PyTorch's CPU stream drawn on the host, then uploaded"}; ${TFJS_NEW}, drawn in JS and uploaded`,
    params: { n: N, distribution: 'normal', algorithm: r.algorithm },
  })),
);

export function x({ params: { n, distribution, algorithm } }, { x, backend, sync }) {
  const target = x.empty([n], { backend });
  const options = algorithm === undefined ? {} : { generator: new x.Generator({ algorithm }) };
  const fill =
    distribution === 'uniform'
      ? () => target.uniform_(0, 1, options)
      : () => target.normal_(0, 1, options);
  return {
    ready: () => sync(target),
    step: async () => {
      fill();
      await sync(target);
    },
    dispose: () => target.dispose(),
  };
}

export function tfjs({ params: { n, distribution } }, { tf, sync }) {
  const draw =
    distribution === 'uniform' ? () => tf.randomUniform([n]) : () => tf.randomNormal([n]);
  return {
    step: async () => {
      const t = draw();
      await sync(t);
      t.dispose();
    },
  };
}
