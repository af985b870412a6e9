/**
 * One training step of an MLP 784-512-512-10 (ReLU) on a batch of 128: forward,
 * mean cross-entropy, backward, plain SGD update (lr 0.01), gradients reset to none
 * (x: nn.crossEntropy + optim.SGD; PyTorch: F.cross_entropy + torch.optim.SGD; tfjs:
 * tf.losses.softmaxCrossEntropy + tf.train.sgd(...).minimize).
 */
export const title = 'MLP training step';
export const torch = 'mlp';

const SIZES = [784, 512, 512, 10];
const BATCH = 128;
const LR = 0.01;
const params = { sizes: SIZES, batch: BATCH, lr: LR };
/**
 * A step is timed as a long run sees it: JIT compilers and the collector settle over the
 * first 1-2 s, and the median of many steps rides over a collection or a busy neighbour.
 */
const STEADY_STATE = { warmupMs: 2000, repeats: 50 };

export const rows = [
  {
    id: 'mlp-step',
    label: 'MLP 784-512-512-10 b128 step',
    device: 'cpu',
    unit: 'ms',
    output: 'new',
    requires: ['@x/autograd', '@x/nn', '@x/nn/optim'],
    threaded: true,
    pairedThreads: true,
    policy: STEADY_STATE,
    note: 'activations and gradients are new tensors each step; x and PyTorch update parameters in place, tfjs via optimizer.minimize',
    params,
  },
  {
    id: 'gpu-mlp-step',
    label: 'MLP 784-512-512-10 b128 step',
    device: 'gpu',
    unit: 'ms',
    output: 'new',
    requires: ['@x/autograd', '@x/nn', '@x/nn/optim'],
    policy: STEADY_STATE,
    note: 'timed until one element of the last updated parameter (x) or the loss (tfjs) is read back',
    params,
  },
];

export function x({ params: { sizes, batch, lr } }, { x, packages, backend, sync }) {
  const nn = packages['@x/nn'];
  const { SGD } = packages['@x/nn/optim'];
  const layers = [];
  for (let i = 0; i + 1 < sizes.length; i++) {
    if (i > 0) layers.push(new nn.ReLU());
    layers.push(new nn.Linear(sizes[i], sizes[i + 1]));
  }
  let net = new nn.Sequential(...layers);
  if (backend.name !== 'cpu') net = net.to(backend) ?? net;
  const parameters = [...net.parameters()];
  const optimizer = new SGD(parameters, { lr });
  const input = x.rand([batch, sizes[0]], { backend });
  const target = x.randint(0, sizes.at(-1), [batch], { backend });
  const last = parameters.at(-1);
  return {
    ready: () => sync(last),
    step: async () => {
      const loss = nn.crossEntropy(net.forward(input), target);
      loss.backward();
      optimizer.step();
      optimizer.zeroGrad({ setToNone: true });
      await sync(last);
    },
    dispose: () => {
      for (const t of [input, target, ...parameters]) t.dispose();
    },
  };
}

export function tfjs({ params: { sizes, batch, lr } }, { tf, sync }) {
  const variables = [];
  for (let i = 0; i + 1 < sizes.length; i++) {
    variables.push(tf.variable(tf.randomUniform([sizes[i], sizes[i + 1]], -0.05, 0.05)));
    variables.push(tf.variable(tf.zeros([sizes[i + 1]])));
  }
  const input = tf.randomUniform([batch, sizes[0]]);
  const labels = tf.oneHot(tf.randomUniform([batch], 0, sizes.at(-1), 'int32'), sizes.at(-1));
  const optimizer = tf.train.sgd(lr);
  const lossOf = () => {
    let h = input;
    for (let i = 0; i < variables.length; i += 2) {
      h = tf.add(tf.matMul(h, variables[i]), variables[i + 1]);
      if (i + 2 < variables.length) h = tf.relu(h);
    }
    return tf.losses.softmaxCrossEntropy(labels, h);
  };
  return {
    ready: () => sync(labels),
    step: async () => {
      const loss = optimizer.minimize(lossOf, true, variables);
      await sync(loss);
      loss.dispose();
    },
    dispose: () => {
      tf.dispose([...variables, input, labels]);
      optimizer.dispose();
    },
  };
}
