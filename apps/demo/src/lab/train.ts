import { noGrad } from '@x/autograd';
import { CrossEntropyLoss, type Sequential } from '@x/nn';
import { SGD } from '@x/nn/optim';
import { type Tensor, tidy } from '@x/tensor';
import { readScalar } from './measure';
import type { LabConfig, LossRow } from './types';

export interface TrainResult {
  readonly losses: LossRow[];
  readonly accuracy: number;
}

export interface TrainCallbacks {
  /** Called with each loss as it is read (step 0 is the loss before any update). */
  onStep?: (row: LossRow) => void | Promise<void>;
  /** Stops training early (the page's Stop button). */
  signal?: AbortSignal;
}

/**
 * Full-batch SGD with momentum on the cross-entropy loss for `config.steps` updates.
 * Plain SGD, not Adam, on purpose: Adam rescales each gradient and so hides much of
 * what a bad initialisation does to gradient sizes.
 */
export async function train(
  net: Sequential,
  inputs: Tensor,
  labels: Tensor,
  config: LabConfig,
  run: string,
  { onStep, signal }: TrainCallbacks = {},
): Promise<TrainResult> {
  const lossFunction = new CrossEntropyLoss();
  const optimizer = new SGD(net.parameters(), {
    lr: config.learningRate,
    momentum: config.momentum,
  });
  const losses: LossRow[] = [];
  const record = async (step: number, loss: Tensor) => {
    const row = { run, step, loss: await readScalar(loss) };
    losses.push(row);
    await onStep?.(row);
  };
  for (let step = 0; step < config.steps && !signal?.aborted; step++) {
    // tidy frees the step's activations at once; only the loss leaves the scope.
    const loss = tidy(() => {
      optimizer.zeroGrad();
      const stepLoss = lossFunction.forward(net.forward(inputs), labels);
      stepLoss.backward();
      optimizer.step();
      return stepLoss;
    });
    await record(step, loss);
    loss.dispose();
  }
  const logits = noGrad(() => net.forward(inputs));
  await record(
    losses.length,
    noGrad(() => lossFunction.forward(logits, labels)),
  );
  const accuracy = await readScalar(noGrad(() => logits.argmax(1).eq(labels).float().mean()));
  return { losses, accuracy };
}
