/**
 * The two training loops that run for ever on WebGPU, MLP 784-256-256-10 (ReLU) on a batch of
 * 128, mean cross-entropy, plain SGD (lr 0.01): an awaited plain loop (nothing disposed; each
 * step ends with `await loss.itemAsync()`, so Dawn processes events and the garbage collector's
 * finalisers return the temporaries' buffers) and a synchronous tidy() loop (each step in
 * tidy(), one read after the last step). A timed call runs X_BENCH_LOOP_STEPS steps (default
 * 100; the figure is steps/s), then prints the live GPU buffers (`progress:` lines), which stay
 * flat when nothing leaks. A plain synchronous loop is not a row: on Node's Dawn it stops with
 * SynchronousLoopError (see packages/backend-webgpu/README.md).
 */
export const title = 'Training loops on WebGPU (steps/s)';
export const torch = null;

const SIZES = [784, 256, 256, 10];
const BATCH = 128;
const LR = 0.01;
const STEPS = Number(process.env.X_BENCH_LOOP_STEPS ?? 100);
const params = { sizes: SIZES, batch: BATCH, lr: LR, steps: STEPS };
const requires = ['@x/autograd', '@x/nn', '@x/nn/optim'];

export const rows = [
  {
    id: 'gpu-loop-await',
    label: `MLP 784-256-256-10 b128, awaited plain loop`,
    device: 'gpu',
    unit: 'steps/s',
    work: STEPS,
    output: 'new',
    requires,
    note: 'nothing disposed: every step awaits loss.itemAsync(); live buffers are printed after each timed call',
    params: { ...params, loop: 'await' },
  },
  {
    id: 'gpu-loop-tidy',
    label: `MLP 784-256-256-10 b128, synchronous tidy loop`,
    device: 'gpu',
    unit: 'steps/s',
    work: STEPS,
    output: 'new',
    requires,
    note: 'each step in tidy(), no await between steps; live buffers are printed after each timed call',
    params: { ...params, loop: 'tidy' },
  },
];

export function x({ label, params: { sizes, batch, lr, steps, loop } }, { x, packages, backend }) {
  const nn = packages['@x/nn'];
  const { SGD } = packages['@x/nn/optim'];
  const layers = [];
  for (let i = 0; i + 1 < sizes.length; i++) {
    if (i > 0) layers.push(new nn.ReLU());
    layers.push(new nn.Linear(sizes[i], sizes[i + 1]));
  }
  const net = new nn.Sequential(...layers).to(backend);
  const parameters = [...net.parameters()];
  const optimizer = new SGD(parameters, { lr });
  const input = x.rand([batch, sizes[0]], { backend });
  const target = x.randint(0, sizes.at(-1), [batch], { backend });
  const trainStep = () => {
    optimizer.zeroGrad({ setToNone: true });
    const loss = nn.crossEntropy(net.forward(input), target);
    loss.backward();
    optimizer.step();
    return loss;
  };
  const report = () => console.log(`progress: ${label}: ${backend.memory().buffers} live buffers`);
  return {
    ready: () => backend.synchronize(),
    step: async () => {
      if (loop === 'await') {
        for (let i = 0; i < steps; i++) await trainStep().itemAsync();
      } else {
        for (let i = 0; i < steps; i++) x.tidy(() => void trainStep());
        await backend.synchronize();
      }
      report();
    },
    dispose: () => {
      for (const t of [input, target, ...parameters]) t.dispose();
    },
  };
}

export function tfjs() {
  return { skip: "x's own loop styles; tfjs has no counterpart of a loop left to the GC" };
}
