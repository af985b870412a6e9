import { type Backend, getDefaultBackend, manualSeed, rand, setDefaultBackend } from '@x/tensor';
import { buildAndAccess, nestedBlocks } from './access';
import { customLayers } from './custom-layers';
import { fileIo } from './file-io';
import { gpus } from './gpus';
import { builtInInit, customInit } from './initialization';
import { layersAndModules } from './layers-and-modules';
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
 * d2l's Builders' Guide (chapters 6.1-6.7: layers and modules, parameter management,
 * initialisation, lazy initialisation, custom layers, file I/O, GPUs), step by step, printing
 * what PyTorch prints (test/fixtures/walkthrough.py is the same walk in PyTorch).
 */
export async function runWalkthrough({ seed, backend, write }: WalkthroughOptions): Promise<void> {
  const previous = getDefaultBackend();
  setDefaultBackend(backend);
  try {
    const t = new Transcript(write);
    t.out(`# Builders' guide (d2l 6.1-6.7), seed ${seed}`);
    t.step(`manualSeed(${seed})`);
    manualSeed(seed);
    t.step('const X20 = rand([2, 20])');
    await layersAndModules(t, rand([2, 20]));
    const { net, X } = await buildAndAccess(t, seed);
    await nestedBlocks(t, X);
    await builtInInit(t, net);
    await customInit(t, net);
    await tiedParameters(t, X);
    await registration(t);
    await lazyInit(t, X);
    await customLayers(t);
    await fileIo(t);
    await gpus(t, backend);
  } finally {
    setDefaultBackend(previous);
  }
}
