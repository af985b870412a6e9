import { changeset, parse, View } from 'vega';
import { compile } from 'vega-lite';
import { LAB_PLOTS, type PlotData } from '../src/lab/charts';
import type { LayerRow, LossRow } from '../src/lab/types';

type DataName = keyof PlotData;

/**
 * The lab's three plots (the specs the CLI renders to files), drawn as SVG in the page and
 * fed row by row: new rows wait in a queue and are inserted at most once per animation
 * frame, so a fast training loop does not redraw on every step.
 */
export class LivePlots {
  private readonly views: { data: DataName; view: View }[] = [];
  private readonly queued: PlotData = { layers: [], losses: [] };
  private frame: number | null = null;

  constructor(containerOf: (plotId: string) => HTMLElement) {
    for (const plot of LAB_PLOTS) {
      const view = new View(parse(compile(plot.spec()).spec), {
        renderer: 'svg',
        container: containerOf(plot.id),
        hover: true,
      });
      this.views.push({ data: plot.data, view });
    }
  }

  /** Draws the empty plots (axes and titles). */
  async init(): Promise<void> {
    await Promise.all(this.views.map(({ view }) => view.runAsync()));
  }

  addLayers(rows: readonly LayerRow[]): void {
    this.queued.layers.push(...rows);
    this.schedule();
  }

  addLoss(row: LossRow): void {
    this.queued.losses.push(row);
    this.schedule();
  }

  /** Inserts every queued row now and waits for the plots to redraw. */
  async flush(): Promise<void> {
    if (this.frame !== null) cancelAnimationFrame(this.frame);
    this.frame = null;
    const batches: PlotData = {
      layers: this.queued.layers.splice(0),
      losses: this.queued.losses.splice(0),
    };
    await Promise.all(
      this.views.map(({ data, view }) =>
        batches[data].length === 0
          ? undefined
          : view.change(data, changeset().insert(batches[data])).runAsync(),
      ),
    );
  }

  async clear(): Promise<void> {
    this.queued.layers.length = 0;
    this.queued.losses.length = 0;
    await Promise.all(
      this.views.map(({ data, view }) =>
        view
          .change(
            data,
            changeset().remove(() => true),
          )
          .runAsync(),
      ),
    );
  }

  private schedule(): void {
    this.frame ??= requestAnimationFrame(() => {
      this.frame = null;
      void this.flush();
    });
  }
}
