import type { TopLevelSpec } from 'vega-lite';
import type { LayerRow, LossRow } from './types';

/**
 * Vega-Lite specs for the lab's three plots, shared by the CLI (rendered to SVG files) and
 * the web page (rendered live). Each reads a named data source, filled at render time, so
 * the page can stream new rows into a plot without rebuilding it.
 */
export const LAYER_DATA = 'layers';
export const LOSS_DATA = 'losses';

export type LayerMeasure = 'activationStd' | 'gradientStd';

/** One colour per run; the legend goes below the plot, where long run names fit. */
const RUN_COLOR = {
  field: 'run',
  type: 'nominal',
  title: 'initialiser',
  // Runs keep the order they were added in, in the legend as in the table.
  sort: null,
  legend: { orient: 'bottom', direction: 'vertical', columns: 2, labelLimit: 400 },
} as const;

/** Room around the plot, so axis labels are never clipped, whatever font the reader has. */
const PADDING = { left: 16, right: 16, top: 8, bottom: 8 };

const TITLES: Record<LayerMeasure, { title: string; axis: string }> = {
  activationStd: { title: 'Activation std per layer', axis: 'std of layer output' },
  gradientStd: { title: 'Weight-gradient std per layer', axis: 'std of dLoss/dW' },
};

/** Std of a per-layer measure against depth, one line per run, on a log axis. */
export function layerStdSpec(measure: LayerMeasure): TopLevelSpec {
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: TITLES[measure].title,
    width: 360,
    height: 240,
    padding: PADDING,
    data: { name: LAYER_DATA },
    // A log axis cannot show 0; a layer whose std is exactly 0 is left out rather than
    // breaking the scale.
    transform: [{ filter: `datum.${measure} > 0` }],
    mark: { type: 'line', point: true },
    encoding: {
      x: { field: 'layer', type: 'quantitative', title: 'layer', axis: { tickMinStep: 1 } },
      y: {
        field: measure,
        type: 'quantitative',
        title: TITLES[measure].axis,
        scale: { type: 'log' },
        axis: { format: '~e' },
      },
      color: RUN_COLOR,
      tooltip: [
        { field: 'run', type: 'nominal' },
        { field: 'layer', type: 'quantitative' },
        { field: measure, type: 'quantitative', format: '.3e' },
      ],
    },
  };
}

/** Training loss against step, one line per run, on a log axis (losses span decades). */
export function lossSpec(): TopLevelSpec {
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: 'Training loss (two spirals, cross-entropy)',
    width: 360,
    height: 240,
    padding: PADDING,
    data: { name: LOSS_DATA },
    // A loss that reaches exactly 0 in float32 cannot sit on a log axis.
    transform: [{ filter: 'datum.loss > 0' }],
    mark: { type: 'line' },
    encoding: {
      x: {
        field: 'step',
        type: 'quantitative',
        title: 'step',
        axis: { tickMinStep: 1, format: 'd' },
      },
      y: {
        field: 'loss',
        type: 'quantitative',
        title: 'loss (log scale)',
        scale: { type: 'log' },
        axis: { format: '~g' },
      },
      color: RUN_COLOR,
      tooltip: [
        { field: 'run', type: 'nominal' },
        { field: 'step', type: 'quantitative' },
        { field: 'loss', type: 'quantitative', format: '.4f' },
      ],
    },
  };
}

/** The three plots the lab draws, by file name stem, with the data source each reads. */
export const LAB_PLOTS = [
  { id: 'activation-std', spec: () => layerStdSpec('activationStd'), data: LAYER_DATA },
  { id: 'gradient-std', spec: () => layerStdSpec('gradientStd'), data: LAYER_DATA },
  { id: 'loss', spec: lossSpec, data: LOSS_DATA },
] as const;

export type PlotData = { [LAYER_DATA]: LayerRow[]; [LOSS_DATA]: LossRow[] };
