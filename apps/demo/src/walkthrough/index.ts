import { type Backend, getDefaultBackend, setDefaultBackend } from '@x/tensor';
import { buildAndAccess, nestedBlocks } from './access';
import { builtInInit, customInit } from './initialization';
import { lazyInit, registration, tiedParameters } from './sharing';
import { type LineSink, Transcript } from './transcript';

export interface WalkthroughOptions {
  /** The seed given to manualSeed; 0 reproduces PyTorch's torch.manual_seed(0) digits. */
  seed: number;
  /** Where every tensor is created (set as the default backend for the run). */
  backend: Backend;
  /** Receives the transcript line by line. */
  write: LineSink;
}

/**
 * The d2l chapters "Parameter Management", "Parameter Initialization" and "Lazy
 * Initialization", step by step, printing what PyTorch prints (test/fixtures/walkthrough.py
 * is the same walk in PyTorch).
 */
export async function runWalkthrough({ seed, backend, write }: WalkthroughOptions): Promise<void> {
  const previous = getDefaultBackend();
  setDefaultBackend(backend);
  try {
    const t = new Transcript(write);
    t.out(`# Parameter management and initialisation (d2l 6.2-6.4), seed ${seed}`);
    const { net, X } = await buildAndAccess(t, seed);
    await nestedBlocks(t, X);
    await builtInInit(t, net);
    await customInit(t, net);
    await tiedParameters(t, X);
    await registration(t);
    await lazyInit(t, X);
  } finally {
    setDefaultBackend(previous);
  }
}
