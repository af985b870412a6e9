import { cpu } from '@x/tensor';
import { describe, expect, it } from 'vitest';
import { LabConfigError } from '../src/lab/config';
import { DEFAULT_SETTINGS, findPreset, presetConfig } from '../src/lab/presets';
import { runLab } from '../src/lab/run';
import type { Activation, LabResult } from '../src/lab/types';

// Glorot & Bengio's setting: 10 hidden layers of 256, measured on one batch of 256 points.
// No training here (steps: 0), so these runs are quick even on the CPU.
async function measured(preset: string, activation: Activation, seed = 0): Promise<LabResult> {
  const settings = { ...DEFAULT_SETTINGS, activation, seed, steps: 0, pointsPerClass: 128 };
  return runLab(presetConfig(settings, findPreset(preset)!), { backend: cpu, run: preset });
}

const activationStds = (result: LabResult) => result.layers.map((row) => row.activationStd);
const spread = (values: readonly number[]) => Math.max(...values) / Math.min(...values);

describe('the init lab: activation std across 10 layers of 256', () => {
  it.each(['tanh', 'relu'] as const)(
    'collapses with depth under normal(0, 0.01) (%s)',
    async (activation) => {
      const stds = activationStds(await measured('normal', activation));
      // Each layer multiplies the scale by about 0.01·√256 = 0.16 (half that again for ReLU).
      for (let i = 1; i < stds.length; i++) expect(stds[i]).toBeLessThan(0.5 * stds[i - 1]);
      expect(stds.at(-1)! / stds[0]).toBeLessThan(1e-5);
    },
  );

  it.each([
    ['xavier_uniform', 'tanh'],
    ['xavier_normal', 'tanh'],
    ['kaiming_uniform', 'relu'],
    ['kaiming_normal', 'relu'],
  ] as const)('stays within a factor of 2 under %s (%s)', async (preset, activation) => {
    const stds = activationStds(await measured(preset, activation));
    expect(spread(stds)).toBeLessThan(2);
    expect(Math.min(...stds)).toBeGreaterThan(0.05);
  });

  it('gives LSUV pre-activations of unit variance, so activations keep their scale', async () => {
    const stds = activationStds(await measured('lsuv', 'tanh'));
    expect(spread(stds)).toBeLessThan(2);
  });

  it('is deterministic for a seed and changes with it', async () => {
    const first = await measured('xavier_uniform', 'tanh', 3);
    const again = await measured('xavier_uniform', 'tanh', 3);
    const other = await measured('xavier_uniform', 'tanh', 4);
    expect(again.layers).toEqual(first.layers);
    expect(other.layers[0].activationStd).not.toBe(first.layers[0].activationStd);
  });
});

describe('the init lab: training', () => {
  const settings = {
    ...DEFAULT_SETTINGS,
    depth: 4,
    width: 32,
    pointsPerClass: 32,
    steps: 40,
    activation: 'tanh' as const,
  };

  it('starts at ln 2 and learns under xavier, but not under normal(0, 0.01)', async () => {
    const xavier = await runLab(presetConfig(settings, findPreset('xavier_uniform')!), {
      backend: cpu,
      run: 'xavier',
    });
    const tiny = await runLab(presetConfig(settings, findPreset('normal')!), {
      backend: cpu,
      run: 'normal',
    });
    expect(xavier.losses).toHaveLength(settings.steps + 1);
    expect(xavier.losses[0].loss).toBeCloseTo(Math.log(2), 1);
    expect(tiny.losses[0].loss).toBeCloseTo(Math.log(2), 4);
    expect(xavier.losses.at(-1)!.loss).toBeLessThan(0.9 * xavier.losses[0].loss);
    // Gradients vanish through the tiny weights, so the loss barely moves.
    expect(Math.abs(tiny.losses.at(-1)!.loss - Math.log(2))).toBeLessThan(1e-3);
    expect(xavier.accuracy).toBeGreaterThan(tiny.accuracy);
  });

  it('stops when its signal is aborted', async () => {
    const controller = new AbortController();
    const result = await runLab(presetConfig(settings, findPreset('xavier_uniform')!), {
      backend: cpu,
      run: 'stopped',
      signal: controller.signal,
      onStep: (row) => {
        if (row.step === 4) controller.abort();
      },
    });
    // Steps 0..4, then the loss after training.
    expect(result.losses.map((row) => row.step)).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it('rejects a bad config before building anything', async () => {
    const config = presetConfig(settings, findPreset('xavier_uniform')!);
    await expect(runLab({ ...config, depth: 0 }, { backend: cpu, run: 'bad' })).rejects.toThrow(
      new LabConfigError('depth must be an integer in [1, 100], got 0'),
    );
    await expect(
      runLab({ ...config, inits: config.inits.slice(1) }, { backend: cpu, run: 'bad' }),
    ).rejects.toThrow(/one initialiser per hidden layer \(4\), got 3/);
    await expect(
      runLab(
        { ...config, inits: config.inits.map(() => ({ name: 'nope' }) as never) },
        { backend: cpu, run: 'bad' },
      ),
    ).rejects.toThrow(/unknown initializer name 'nope'/);
  });
});
