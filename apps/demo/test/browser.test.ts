import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cpu } from '@x/tensor';
import { type BrowserContext, chromium, type Page } from 'playwright-core';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, it, test } from 'vitest';
import { DEFAULT_SETTINGS, findPreset, presetConfig } from '../src/lab/presets';
import { runLab } from '../src/lab/run';
import type { LabResult } from '../src/lab/types';
import type { PageResult } from '../web/main';
import { serveStatic } from './static-server';

// Debian's Chromium; never a downloaded browser. WebGPU there runs on SwiftShader.
const CHROMIUM = '/usr/bin/chromium';
const RESULTS = fileURLToPath(new URL('../test-results/', import.meta.url));
const hasChromium = existsSync(CHROMIUM);
// The test command's set-up script says what it found missing and what to run.
const missingChromium =
  process.env.X_TEST_ENV_BROWSER ??
  `${CHROMIUM} is missing: run scripts/setup-test-env.sh as root on Debian (apt-get install chromium)`;

// Without Chromium the page tests skip and say why, unless X_REQUIRE_BROWSER=1 (CI) fails them.
if (!hasChromium) {
  if (process.env.X_REQUIRE_BROWSER === '1') {
    test('the lab page in Chromium: Chromium is required (X_REQUIRE_BROWSER=1)', () => {
      throw new Error(missingChromium);
    });
  } else {
    console.warn(
      `[the lab page in Chromium] skipped: ${missingChromium}; set X_REQUIRE_BROWSER=1 to fail instead`,
    );
    test.skip(`the lab page in Chromium: skipped, ${missingChromium}`, () => {});
  }
}

// Tiny on purpose: SwiftShader is slow. The page reads its experiment from the URL.
const EXPERIMENT = {
  seed: 5,
  depth: 4,
  width: 16,
  points: 16,
  steps: 5,
  activation: 'tanh',
} as const;
const PRESET_NAMES = ['normal', 'xavier_uniform'];

function pageUrl(base: string, backend: 'cpu' | 'webgpu'): string {
  const params = new URLSearchParams({
    ...Object.fromEntries(Object.entries(EXPERIMENT).map(([key, value]) => [key, String(value)])),
    backend,
    presets: PRESET_NAMES.join(','),
  });
  return `${base}?${params}`;
}

/** The same runs in Node, on the CPU backend. */
async function nodeResults(): Promise<LabResult[]> {
  const settings = {
    ...DEFAULT_SETTINGS,
    ...EXPERIMENT,
    pointsPerClass: EXPERIMENT.points,
  };
  const results: LabResult[] = [];
  for (const name of PRESET_NAMES) {
    const preset = findPreset(name)!;
    results.push(await runLab(presetConfig(settings, preset), { backend: cpu, run: preset.label }));
  }
  return results;
}

async function runPage(
  page: Page,
  url: string,
): Promise<{ state: string; results: PageResult[]; error?: string }> {
  await page.goto(url);
  await page.waitForFunction(() => ['done', 'error'].includes(window.xLab?.state), undefined, {
    timeout: 240_000,
  });
  return page.evaluate(() => window.xLab);
}

/** Each plot is an SVG drawn by Vega, with one line per run. */
async function expectPlots(page: Page, runs: number): Promise<void> {
  for (const id of ['activation-std', 'gradient-std', 'loss']) {
    const lines = page.locator(`#plot-${id} svg .mark-line path`);
    await expect.poll(() => lines.count()).toBe(runs);
  }
}

function expectClose(actual: number, expected: number, relative: number): void {
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(relative * Math.abs(expected) + 1e-7);
}

describe.runIf(hasChromium)('the lab page in Chromium', () => {
  let context: BrowserContext;
  let server: Awaited<ReturnType<typeof serveStatic>>;
  let profile: string;
  let expected: LabResult[];

  beforeAll(async () => {
    const outDir = mkdtempSync(join(tmpdir(), 'x-lab-web-'));
    await build({
      configFile: fileURLToPath(new URL('../web/vite.config.ts', import.meta.url)),
      logLevel: 'warn',
      build: { outDir, emptyOutDir: true },
    });
    server = await serveStatic(outDir);
    profile = mkdtempSync(join(tmpdir(), 'x-chromium-'));
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      args: [
        '--headless=new',
        '--no-sandbox',
        '--enable-unsafe-webgpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    });
    mkdirSync(RESULTS, { recursive: true });
    expected = await nodeResults();
  });

  afterAll(async () => {
    await context?.close();
    await server?.close();
    if (profile) rmSync(profile, { recursive: true, force: true });
  });

  it("runs the lab on the CPU, plots it, and gets Node's numbers exactly", async () => {
    const page = await context.newPage();
    const lab = await runPage(page, pageUrl(server.url, 'cpu'));
    expect(lab.error).toBeUndefined();
    expect(lab.results.map((result) => result.backend)).toEqual(['cpu', 'cpu']);
    for (const [i, result] of lab.results.entries()) {
      expect(result.layers.map(({ run: _, ...row }) => row)).toEqual(
        expected[i].layers.map(({ run: _, ...row }) => row),
      );
      expect(result.losses.map((row) => row.loss)).toEqual(
        expected[i].losses.map((row) => row.loss),
      );
      expect(result.accuracy).toBe(expected[i].accuracy);
    }
    await expectPlots(page, PRESET_NAMES.length);
    await page.screenshot({ path: join(RESULTS, 'lab-cpu.png'), fullPage: true });
  });

  it("runs the lab on WebGPU and matches Node's CPU numbers to float rounding", async (test) => {
    const page = await context.newPage();
    const lab = await runPage(page, pageUrl(server.url, 'webgpu'));
    if (lab.state === 'error' && process.env.X_REQUIRE_WEBGPU !== '1') {
      test.skip(`no WebGPU in this Chromium: ${lab.error}`);
    }
    expect(lab.error).toBeUndefined();
    expect(lab.results.map((result) => result.backend)).toEqual(['webgpu', 'webgpu']);
    for (const [i, result] of lab.results.entries()) {
      result.layers.forEach((row, layer) => {
        expectClose(row.activationStd, expected[i].layers[layer].activationStd, 1e-3);
        expectClose(row.gradientStd, expected[i].layers[layer].gradientStd, 1e-3);
      });
      for (const [step, row] of result.losses.entries()) {
        expectClose(row.loss, expected[i].losses[step].loss, 1e-4);
      }
    }
    await expectPlots(page, PRESET_NAMES.length);
    await page.screenshot({ path: join(RESULTS, 'lab-webgpu.png'), fullPage: true });
  });
});
