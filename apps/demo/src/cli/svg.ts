import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse, View } from 'vega';
import { compile } from 'vega-lite';
import { LAB_PLOTS, type PlotData } from '../lab/charts';

/**
 * Renders each lab plot to an SVG file with Vega's headless renderer (no browser, no
 * canvas), named `<plot>-<suffix>.svg`; returns the paths written.
 */
export async function writePlots(
  outDir: string,
  suffix: string,
  data: PlotData,
): Promise<string[]> {
  await mkdir(outDir, { recursive: true });
  const paths: string[] = [];
  for (const plot of LAB_PLOTS) {
    const view = new View(parse(compile(plot.spec()).spec), { renderer: 'none' });
    view.data(plot.data, data[plot.data]);
    const path = join(outDir, `${plot.id}-${suffix}.svg`);
    await writeFile(path, await view.toSVG());
    view.finalize();
    paths.push(path);
  }
  return paths;
}
