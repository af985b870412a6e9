import { webgpu } from '@x/backend-webgpu';
import { type Backend, cpu } from '@x/tensor';
import { findPreset, PRESETS } from '../src/lab/presets';
import { runLab } from '../src/lab/run';
import type { LabResult } from '../src/lab/types';
import {
  type BackendChoice,
  Controls,
  configOf,
  type FormState,
  runName,
  stateFromUrl,
} from './controls';
import { LivePlots } from './plots';

/** A finished run as the page (and its browser test) reports it. */
export interface PageResult extends LabResult {
  readonly backend: 'webgpu' | 'cpu';
}

declare global {
  interface Window {
    /** The page's state for scripts and the end-to-end test. */
    xLab: { state: string; results: PageResult[]; error?: string };
  }
}

const form = document.querySelector<HTMLFormElement>('#controls')!;
const status = document.querySelector<HTMLElement>('#status')!;
const controls = new Controls(form);
const plots = new LivePlots((id) => document.querySelector<HTMLElement>(`#plot-${id}`)!);
const usedNames = new Set<string>();
let gpu: Promise<Backend> | null = null;
let abort: AbortController | null = null;
window.xLab = { state: 'loading', results: [] };

/**
 * Resolves in a new task, so the page repaints, answers clicks (Stop) and runs the
 * FinalizationRegistry callbacks that free dropped tensors between two training steps.
 * A MessageChannel, because nested setTimeout calls are clamped to 4 ms.
 */
function nextTask(): Promise<void> {
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => resolve();
    channel.port2.postMessage(null);
  });
}

function setState(state: string, message: string): void {
  window.xLab.state = state;
  document.body.dataset.state = state;
  status.textContent = message;
}

/** WebGPU where navigator.gpu gives an adapter (or where asked for), the CPU otherwise. */
async function backendFor(
  choice: BackendChoice,
): Promise<{ backend: Backend; name: 'webgpu' | 'cpu' }> {
  if (choice === 'cpu') return { backend: cpu, name: 'cpu' };
  gpu ??= webgpu();
  try {
    return { backend: await gpu, name: 'webgpu' };
  } catch (error) {
    gpu = null;
    if (choice === 'webgpu') throw error;
    return { backend: cpu, name: 'cpu' };
  }
}

function uniqueName(name: string): string {
  let candidate = name;
  for (let n = 2; usedNames.has(candidate); n++) candidate = `${name} #${n}`;
  usedNames.add(candidate);
  return candidate;
}

function addSummaryRow(result: PageResult): void {
  const exp = (value: number) => value.toExponential(2);
  const cells = [
    result.run,
    result.backend,
    exp(result.layers[0].activationStd),
    exp(result.layers.at(-1)!.activationStd),
    exp(result.layers[0].gradientStd),
    exp(result.layers.at(-1)!.gradientStd),
    result.losses.at(-1)!.loss.toFixed(4),
    `${(100 * result.accuracy).toFixed(1)}%`,
  ];
  const row = document.createElement('tr');
  for (const text of cells)
    row.append(Object.assign(document.createElement('td'), { textContent: text }));
  document.querySelector('#summary tbody')!.append(row);
}

/** Runs each state in turn, streaming its measures into the plots. */
async function runAll(states: readonly FormState[]): Promise<void> {
  controls.setRunning(true);
  abort = new AbortController();
  try {
    const { backend, name } = await backendFor(states[0].backend);
    document.querySelector('#backend-name')!.textContent = name === 'webgpu' ? 'WebGPU' : 'the CPU';
    for (const state of states) {
      if (abort.signal.aborted) break;
      const config = configOf(state);
      const run = uniqueName(runName(state, usedNames.size + 1));
      setState('running', `${run} on ${name}: measuring…`);
      const result = await runLab(config, {
        backend,
        run,
        signal: abort.signal,
        onLayers: (rows) => plots.addLayers(rows),
        onStep: (row) => {
          plots.addLoss(row);
          status.textContent = `${run} on ${name}: step ${row.step}/${config.steps}, loss ${row.loss.toFixed(4)}`;
          return nextTask();
        },
      });
      await plots.flush();
      const pageResult = { ...result, backend: name };
      window.xLab.results.push(pageResult);
      addSummaryRow(pageResult);
    }
    setState('done', `Done: ${window.xLab.results.length} run(s).`);
  } catch (error) {
    window.xLab.error = error instanceof Error ? error.message : String(error);
    setState('error', `Error: ${window.xLab.error}`);
  } finally {
    abort = null;
    controls.setRunning(false);
  }
}

form.addEventListener('submit', (event) => {
  event.preventDefault();
  void runAll([controls.read()]);
});
document.querySelector('#run-presets')!.addEventListener('click', () => {
  const state = controls.read();
  void runAll(
    PRESETS.map((preset) => ({ ...state, layers: state.layers.map(() => preset.label) })),
  );
});
document.querySelector('#stop')!.addEventListener('click', () => abort?.abort());
document.querySelector('#clear')!.addEventListener('click', () => {
  usedNames.clear();
  void plots.clear();
});

async function start(): Promise<void> {
  const initial = stateFromUrl(location.search);
  controls.write(initial);
  await plots.init();
  const { name } = await backendFor(initial.backend === 'cpu' ? 'cpu' : 'auto');
  document.querySelector('#backend-name')!.textContent = name === 'webgpu' ? 'WebGPU' : 'the CPU';
  setState('ready', 'Ready.');
  // ?autorun=1 runs the configured network; ?presets=a,b runs those presets in turn.
  const params = new URLSearchParams(location.search);
  const presets = params.get('presets');
  if (presets !== null) {
    const labels = presets.split(',').map((name) => findPreset(name)?.label ?? name);
    await runAll(labels.map((label) => ({ ...initial, layers: initial.layers.map(() => label) })));
  } else if (params.get('autorun') === '1') {
    await runAll([initial]);
  }
}

start().catch((error: unknown) => {
  window.xLab.error = error instanceof Error ? error.message : String(error);
  setState('error', `Error: ${window.xLab.error}`);
});
