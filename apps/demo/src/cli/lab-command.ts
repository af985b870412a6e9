import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { presetConfig } from '../lab/presets';
import { runLab } from '../lab/run';
import type { LabResult } from '../lab/types';
import type { Command } from './args';
import { selectBackend } from './backend';
import { ProgressBar, type ProgressStream } from './progress';
import { writePlots } from './svg';
import { formatTable } from './table';

type LabCommand = Extract<Command, { kind: 'lab' }>;

export interface LabIo {
  /** The table and the list of files written. */
  readonly log: (text: string) => void;
  /** Where progress bars are drawn (stderr, so stdout stays the table). */
  readonly progress: ProgressStream;
}

/** `x-demo lab`: every preset for each activation, a table, SVG plots and results.json. */
export async function runLabCommand(command: LabCommand, io: LabIo): Promise<LabResult[]> {
  const backend = await selectBackend(command.backend);
  const all: LabResult[] = [];
  for (const activation of command.activations) {
    const settings = { ...command.settings, activation };
    io.log(
      `\n${activation}: ${settings.depth} hidden layers of ${settings.width}, ` +
        `${2 * settings.pointsPerClass} points, ${settings.steps} SGD steps, seed ${settings.seed}, ${command.backend}`,
    );
    const results: LabResult[] = [];
    for (const preset of command.presets) {
      const bar = new ProgressBar(io.progress, preset.label.padEnd(16), settings.steps + 1);
      const result = await runLab(presetConfig(settings, preset), {
        backend,
        run: preset.label,
        onStep: (row) => bar.update(row.step + 1, `loss ${row.loss.toFixed(4)}`),
      });
      bar.done();
      results.push(result);
    }
    io.log(summaryTable(results));
    const files = await writePlots(command.out, activation, {
      layers: results.flatMap((result) => result.layers),
      losses: results.flatMap((result) => result.losses),
    });
    io.log(`plots: ${files.join(', ')}`);
    all.push(...results);
  }
  const resultsPath = join(command.out, 'results.json');
  await writeFile(resultsPath, `${JSON.stringify(all, null, 2)}\n`);
  io.log(`numbers: ${resultsPath}`);
  return all;
}

/** max/min of a per-layer std: 1 when a layer's scale is kept, large when it collapses. */
export function spread(values: readonly number[]): number {
  return Math.max(...values) / Math.min(...values);
}

function summaryTable(results: readonly LabResult[]): string {
  const exp = (value: number) => value.toExponential(2);
  const depth = results[0]?.config.depth ?? 0;
  return formatTable(
    [
      { heading: 'initialiser' },
      { heading: 'act std L1', align: 'right' },
      { heading: `act std L${depth}`, align: 'right' },
      { heading: 'act max/min', align: 'right' },
      { heading: 'grad std L1', align: 'right' },
      { heading: `grad std L${depth}`, align: 'right' },
      { heading: 'loss start', align: 'right' },
      { heading: 'loss end', align: 'right' },
      { heading: 'accuracy', align: 'right' },
    ],
    results.map((result) => {
      const activations = result.layers.map((row) => row.activationStd);
      const gradients = result.layers.map((row) => row.gradientStd);
      return [
        result.run,
        exp(activations[0]),
        exp(activations.at(-1)!),
        exp(spread(activations)),
        exp(gradients[0]),
        exp(gradients.at(-1)!),
        result.losses[0].loss.toFixed(4),
        result.losses.at(-1)!.loss.toFixed(4),
        `${(100 * result.accuracy).toFixed(1)}%`,
      ];
    }),
  );
}
