import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { HELP, LAB_DEFAULTS, parseCommandLine, UsageError } from '../src/cli/args';
import { runLabCommand } from '../src/cli/lab-command';
import { ProgressBar } from '../src/cli/progress';
import { formatTable } from '../src/cli/table';
import { PRESETS } from '../src/lab/presets';

describe('parseCommandLine', () => {
  it('runs the walkthrough on the CPU with seed 0 by default', () => {
    expect(parseCommandLine([])).toEqual({ kind: 'walkthrough', backend: 'cpu', seed: 0 });
    expect(parseCommandLine(['walkthrough', '--backend', 'webgpu', '--seed', '7'])).toEqual({
      kind: 'walkthrough',
      backend: 'webgpu',
      seed: 7,
    });
  });

  it('answers --help and -h with the usage text, which lists every command', () => {
    expect(parseCommandLine(['--help'])).toEqual({ kind: 'help' });
    expect(parseCommandLine(['lab', '-h'])).toEqual({ kind: 'help' });
    for (const word of ['walkthrough', 'lab', '--backend', '--seed', '--out', '--init']) {
      expect(HELP).toContain(word);
    }
  });

  it('reads the lab options, with every preset and both activations by default', () => {
    const command = parseCommandLine([
      'lab',
      '--out',
      'x/',
      '--depth',
      '3',
      '--init',
      'xavier_uniform,lsuv',
    ]);
    expect(command).toMatchObject({
      kind: 'lab',
      out: 'x/',
      activations: ['tanh', 'relu'],
      settings: { ...LAB_DEFAULTS, depth: 3, seed: 0 },
    });
    if (command.kind !== 'lab') throw new Error('expected the lab');
    expect(command.presets.map((preset) => preset.label)).toEqual(['xavier_uniform', 'lsuv']);
    const all = parseCommandLine(['lab', '--activation', 'relu']);
    expect(all).toMatchObject({ activations: ['relu'], presets: PRESETS, out: 'lab-out' });
  });

  it.each([
    [['--backend', 'cuda'], "--backend must be one of cpu, webgpu, got 'cuda'"],
    [['--seed=-1'], "--seed must be an integer >= 0, got '-1'"],
    [['--seed', '1.5'], "--seed must be an integer >= 0, got '1.5'"],
    [['lab', '--depth', '0'], "--depth must be an integer >= 1, got '0'"],
    [['lab', '--lr', 'fast'], "--lr must be a positive number, got 'fast'"],
    [['lab', '--init', 'he'], "--init: unknown initialiser 'he' (known: normal, constant,"],
    [['lab', '--activation', 'gelu'], "--activation must be one of tanh, relu, both, got 'gelu'"],
    [['train'], "unknown command 'train' (expected walkthrough or lab)"],
    [['--depth', '3'], '--depth is a lab option'],
    [['--colour'], "Unknown option '--colour'"],
  ])('rejects %j with a UsageError naming the problem', (argv, message) => {
    expect(() => parseCommandLine(argv)).toThrow(UsageError);
    expect(() => parseCommandLine(argv)).toThrow(message);
  });
});

describe('terminal output', () => {
  it('lays out a table with padded, aligned columns', () => {
    const text = formatTable(
      [{ heading: 'init' }, { heading: 'loss', align: 'right' }],
      [
        ['xavier_uniform', '0.31'],
        ['lsuv', '10.5'],
      ],
    );
    expect(text.split('\n')).toEqual([
      'init            loss',
      '--------------  ----',
      'xavier_uniform  0.31',
      'lsuv            10.5',
    ]);
  });

  it('redraws one progress line on a terminal and logs quarters elsewhere', () => {
    const tty: string[] = [];
    const bar = new ProgressBar({ isTTY: true, columns: 60, write: (t) => tty.push(t) }, 'run', 4);
    bar.update(2, 'loss 0.5');
    bar.done();
    expect(tty[0]).toMatch(/^\rrun █{15}░{15} {2}50% 2\/4 loss 0\.5 *$/);
    expect(tty[0]).toHaveLength(60);
    expect(tty[1]).toBe('\n');
    const log: string[] = [];
    const plain = new ProgressBar({ write: (t) => log.push(t) }, 'run', 8);
    for (let step = 1; step <= 8; step++) plain.update(step);
    expect(log).toEqual([
      'run: 25% (2/8) \n',
      'run: 50% (4/8) \n',
      'run: 75% (6/8) \n',
      'run: 100% (8/8) \n',
    ]);
  });
});

describe('x-demo lab', () => {
  const out = mkdtempSync(join(tmpdir(), 'x-lab-out-'));
  afterAll(() => rmSync(out, { recursive: true, force: true }));

  it('prints a table and writes the SVG plots and results.json', async () => {
    const command = parseCommandLine([
      'lab',
      ...['--out', out, '--depth', '3', '--width', '8', '--points', '8', '--steps', '3'],
      ...['--activation', 'tanh', '--init', 'normal,xavier_uniform'],
    ]);
    if (command.kind !== 'lab') throw new Error('expected the lab');
    const logged: string[] = [];
    const progress: string[] = [];
    const results = await runLabCommand(command, {
      log: (text) => logged.push(text),
      progress: { write: (text) => progress.push(text) },
    });
    const table = logged.join('\n');
    expect(table).toContain('initialiser');
    expect(table).toMatch(/normal\(0, 0\.01\) +\d\.\d\de-\d/);
    expect(progress.at(-1)).toMatch(/^xavier_uniform +: 100% \(4\/4\)/);
    for (const plot of ['activation-std', 'gradient-std', 'loss']) {
      const svg = readFileSync(join(out, `${plot}-tanh.svg`), 'utf8');
      expect(svg.startsWith('<svg')).toBe(true);
      // One line per initialiser, drawn by Vega.
      const lines = svg.match(
        /<path aria-label="[^"]*run: [^"]*"[^>]*aria-roledescription="line mark"/g,
      );
      expect(lines).toHaveLength(2);
      expect(lines![0]).toContain('run: normal(0, 0.01)');
      expect(lines![1]).toContain('run: xavier_uniform');
    }
    const saved = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8'));
    expect(saved).toEqual(JSON.parse(JSON.stringify(results)));
    expect(saved.map((result: { run: string }) => result.run)).toEqual([
      'normal(0, 0.01)',
      'xavier_uniform',
    ]);
  });
});
