import { parseArgs } from 'node:util';
import { DEFAULT_SETTINGS, findPreset, PRESETS, type Preset } from '../lab/presets';
import { ACTIVATIONS, type Activation, type LabSettings } from '../lab/types';
import { BACKEND_NAMES, type BackendName } from './backend';

export type Command =
  | { readonly kind: 'help' }
  | { readonly kind: 'walkthrough'; readonly backend: BackendName; readonly seed: number }
  | {
      readonly kind: 'lab';
      readonly backend: BackendName;
      readonly out: string;
      readonly activations: readonly Activation[];
      readonly presets: readonly Preset[];
      readonly settings: Omit<LabSettings, 'activation'>;
    };

/** A command line that cannot be run; main prints the message and the usage hint. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** What the CLI's lab runs unless told otherwise (seed and activation have their own flags). */
export const LAB_DEFAULTS = {
  depth: DEFAULT_SETTINGS.depth,
  width: DEFAULT_SETTINGS.width,
  pointsPerClass: DEFAULT_SETTINGS.pointsPerClass,
  steps: DEFAULT_SETTINGS.steps,
  learningRate: DEFAULT_SETTINGS.learningRate,
  momentum: DEFAULT_SETTINGS.momentum,
};

export const HELP = `Usage: x-demo [walkthrough] [--backend cpu|webgpu] [--seed N]
       x-demo lab [--out DIR] [--backend cpu|webgpu] [--seed N] [lab options]

Commands:
  walkthrough   (default) d2l's "Parameter Management" and "Parameter Initialization"
                chapters, step by step, printing what PyTorch prints.
  lab           Compares initialisers on a deep MLP: per-layer activation and gradient
                std at initialisation, then training on two spirals. Prints a table and
                writes SVG plots and results.json to --out.

Options:
  --backend B       cpu (default) or webgpu
  --seed N          random seed (default 0; 0 gives PyTorch's torch.manual_seed(0) digits)
  -h, --help        show this help

Lab options:
  --out DIR         where plots and results.json go (default lab-out)
  --depth N         hidden layers (default ${LAB_DEFAULTS.depth})
  --width N         units per hidden layer (default ${LAB_DEFAULTS.width})
  --activation A    tanh, relu or both (default both)
  --init LIST       comma-separated initialisers (default all):
                    ${PRESETS.map((preset) => preset.label.split('(')[0]).join(', ')}
  --steps N         training steps per initialiser (default ${LAB_DEFAULTS.steps})
  --points N        points per spiral; both spirals are one batch (default ${LAB_DEFAULTS.pointsPerClass})
  --lr X            SGD learning rate (default ${LAB_DEFAULTS.learningRate})
  --momentum X      SGD momentum (default ${LAB_DEFAULTS.momentum})
`;

const OPTIONS = {
  help: { type: 'boolean', short: 'h' },
  backend: { type: 'string' },
  seed: { type: 'string' },
  out: { type: 'string' },
  depth: { type: 'string' },
  width: { type: 'string' },
  activation: { type: 'string' },
  init: { type: 'string' },
  steps: { type: 'string' },
  points: { type: 'string' },
  lr: { type: 'string' },
  momentum: { type: 'string' },
} as const;

const LAB_ONLY = [
  'out',
  'depth',
  'width',
  'activation',
  'init',
  'steps',
  'points',
  'lr',
  'momentum',
];

/** Parses argv (without node and the script) into a command, or throws a UsageError. */
export function parseCommandLine(argv: readonly string[]): Command {
  let parsed: ReturnType<typeof parseArgs<{ options: typeof OPTIONS; allowPositionals: true }>>;
  try {
    parsed = parseArgs({ args: [...argv], options: OPTIONS, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const { values, positionals } = parsed;
  if (values.help) return { kind: 'help' };
  if (positionals.length > 1)
    throw new UsageError(`expected one command, got ${positionals.join(' ')}`);
  const name = positionals[0] ?? 'walkthrough';
  const backend = choice('--backend', values.backend ?? 'cpu', BACKEND_NAMES);
  const seed = integer('--seed', values.seed, 0, 0);
  if (name === 'walkthrough') {
    const misplaced = LAB_ONLY.filter((key) => values[key as keyof typeof values] !== undefined);
    if (misplaced.length > 0) {
      throw new UsageError(
        `--${misplaced[0]} is a lab option; run \`x-demo lab --${misplaced[0]} ...\``,
      );
    }
    return { kind: 'walkthrough', backend, seed };
  }
  if (name !== 'lab')
    throw new UsageError(`unknown command '${name}' (expected walkthrough or lab)`);
  const activation = choice('--activation', values.activation ?? 'both', [...ACTIVATIONS, 'both']);
  return {
    kind: 'lab',
    backend,
    out: values.out ?? 'lab-out',
    activations: activation === 'both' ? ACTIVATIONS : [activation],
    presets: values.init === undefined ? PRESETS : values.init.split(',').map(presetNamed),
    settings: {
      seed,
      depth: integer('--depth', values.depth, LAB_DEFAULTS.depth, 1),
      width: integer('--width', values.width, LAB_DEFAULTS.width, 1),
      pointsPerClass: integer('--points', values.points, LAB_DEFAULTS.pointsPerClass, 2),
      steps: integer('--steps', values.steps, LAB_DEFAULTS.steps, 0),
      learningRate: positive('--lr', values.lr, LAB_DEFAULTS.learningRate),
      momentum: positive('--momentum', values.momentum, LAB_DEFAULTS.momentum, true),
    },
  };
}

function choice<T extends string>(flag: string, value: string, choices: readonly T[]): T {
  if (!(choices as readonly string[]).includes(value)) {
    throw new UsageError(`${flag} must be one of ${choices.join(', ')}, got '${value}'`);
  }
  return value as T;
}

function integer(flag: string, text: string | undefined, fallback: number, min: number): number {
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(value) || value < min) {
    throw new UsageError(`${flag} must be an integer >= ${min}, got '${text}'`);
  }
  return value;
}

function positive(
  flag: string,
  text: string | undefined,
  fallback: number,
  zeroOk = false,
): number {
  if (text === undefined) return fallback;
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value) || value < 0 || (value === 0 && !zeroOk)) {
    throw new UsageError(
      `${flag} must be a ${zeroOk ? 'non-negative' : 'positive'} number, got '${text}'`,
    );
  }
  return value;
}

function presetNamed(name: string): Preset {
  const preset = findPreset(name.trim());
  if (preset === undefined) {
    const known = PRESETS.map((p) => p.label.split('(')[0]).join(', ');
    throw new UsageError(`--init: unknown initialiser '${name}' (known: ${known})`);
  }
  return preset;
}
