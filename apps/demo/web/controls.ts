import { findPreset, PRESETS } from '../src/lab/presets';
import type { Activation, LabConfig } from '../src/lab/types';

export type BackendChoice = 'auto' | 'webgpu' | 'cpu';

/** What the form holds: a lab config's settings, one preset label per layer, a backend. */
export interface FormState {
  readonly backend: BackendChoice;
  readonly seed: number;
  readonly depth: number;
  readonly width: number;
  readonly activation: Activation;
  readonly steps: number;
  readonly points: number;
  readonly lr: number;
  readonly momentum: number;
  /** Preset label for each hidden layer. */
  readonly layers: readonly string[];
}

/** The page's starting point: small enough that the CPU path is interactive. */
const DEFAULTS: FormState = {
  backend: 'auto',
  seed: 0,
  depth: 10,
  width: 128,
  activation: 'tanh',
  steps: 150,
  points: 64,
  lr: 0.02,
  momentum: 0.9,
  layers: [],
};

const NUMBER_FIELDS = ['seed', 'depth', 'width', 'steps', 'points', 'lr', 'momentum'] as const;

/**
 * Reads the starting state from the URL (?depth=4&init=xavier_uniform&layers=a,b,...), so a
 * link (or a test) can open the page on a given experiment.
 */
export function stateFromUrl(search: string): FormState {
  const params = new URLSearchParams(search);
  const numbers = Object.fromEntries(
    NUMBER_FIELDS.map((field) => {
      const text = params.get(field);
      return [field, text === null || text === '' ? DEFAULTS[field] : Number(text)];
    }),
  ) as Pick<FormState, (typeof NUMBER_FIELDS)[number]>;
  const all = params.get('init') ?? 'xavier_uniform';
  const listed = params.get('layers')?.split(',') ?? [];
  const layers = Array.from({ length: numbers.depth }, (_, i) => listed[i] ?? all);
  return {
    ...numbers,
    backend: (params.get('backend') as BackendChoice | null) ?? DEFAULTS.backend,
    activation: (params.get('activation') as Activation | null) ?? DEFAULTS.activation,
    layers: layers.map((name) => findPreset(name)?.label ?? name),
  };
}

/** Two-way binding between the form and a FormState, with one select per layer. */
export class Controls {
  constructor(private readonly form: HTMLFormElement) {
    const all = this.field<HTMLSelectElement>('all-layers');
    all.append(new Option('(choose…)', ''), ...PRESETS.map((p) => new Option(p.label, p.label)));
    all.addEventListener('change', () => {
      if (all.value === '') return;
      for (const select of this.layerSelects()) select.value = all.value;
      all.value = '';
    });
    this.field<HTMLInputElement>('depth').addEventListener('change', () => this.syncLayers());
  }

  write(state: FormState): void {
    for (const field of NUMBER_FIELDS)
      this.field<HTMLInputElement>(field).value = String(state[field]);
    this.field<HTMLSelectElement>('activation').value = state.activation;
    this.field<HTMLSelectElement>('backend').value = state.backend;
    this.syncLayers(state.layers);
  }

  read(): FormState {
    const numbers = Object.fromEntries(
      NUMBER_FIELDS.map((field) => [field, this.field<HTMLInputElement>(field).valueAsNumber]),
    ) as Pick<FormState, (typeof NUMBER_FIELDS)[number]>;
    return {
      ...numbers,
      backend: this.field<HTMLSelectElement>('backend').value as BackendChoice,
      activation: this.field<HTMLSelectElement>('activation').value as Activation,
      layers: this.layerSelects().map((select) => select.value),
    };
  }

  setRunning(running: boolean): void {
    for (const element of this.form.querySelectorAll<HTMLButtonElement | HTMLInputElement>(
      'input, select, button',
    )) {
      element.disabled = element.id === 'stop' ? !running : running;
    }
  }

  /** One select per hidden layer; keeps existing choices, new layers copy the last one. */
  private syncLayers(wanted?: readonly string[]): void {
    const list = this.form.querySelector('#layer-list')!;
    const previous = wanted ?? this.layerSelects().map((select) => select.value);
    const depth = Math.max(
      1,
      Math.min(32, this.field<HTMLInputElement>('depth').valueAsNumber || 1),
    );
    list.replaceChildren(
      ...Array.from({ length: depth }, (_, i) => {
        const select = document.createElement('select');
        select.name = `layer-${i + 1}`;
        select.setAttribute('aria-label', `initialiser of layer ${i + 1}`);
        select.append(...PRESETS.map((p) => new Option(p.label, p.label)));
        select.value = previous[i] ?? previous.at(-1) ?? PRESETS[2].label;
        const item = document.createElement('li');
        item.append(select);
        return item;
      }),
    );
  }

  private layerSelects(): HTMLSelectElement[] {
    return [...this.form.querySelectorAll<HTMLSelectElement>('#layer-list select')];
  }

  private field<T extends Element>(name: string): T {
    return this.form.elements.namedItem(name) as unknown as T;
  }
}

/** The lab config a form state describes, each layer's preset resolved for the activation. */
export function configOf(state: FormState): LabConfig {
  return {
    seed: state.seed,
    depth: state.depth,
    width: state.width,
    activation: state.activation,
    pointsPerClass: state.points,
    steps: state.steps,
    learningRate: state.lr,
    momentum: state.momentum,
    inits: state.layers.map((label) => {
      const preset = findPreset(label);
      if (preset === undefined) throw new Error(`unknown initialiser '${label}'`);
      return preset.init(state.activation);
    }),
  };
}

/** A run's name in the plots: the preset if every layer shares one, else "mixed #n". */
export function runName(state: FormState, index: number): string {
  const distinct = new Set(state.layers);
  const inits = distinct.size === 1 ? state.layers[0] : `mixed #${index}`;
  return `${inits} (${state.activation})`;
}
