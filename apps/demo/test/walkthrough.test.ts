import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { type Backend, cpu } from '@x/tensor';
import { beforeAll, describe, expect, it } from 'vitest';
import { runWalkthrough } from '../src/walkthrough';
import { tryWebgpu } from './gpu';

// Written by fixtures/walkthrough.py with PyTorch 1.13 for torch.manual_seed(0).
const pytorch = readFileSync(new URL('./fixtures/walkthrough.txt', import.meta.url), 'utf8')
  .replace(/\n$/, '')
  .split('\n');

async function transcript(backend: Backend, seed = 0): Promise<string[]> {
  const lines: string[] = [];
  await runWalkthrough({ seed, backend, write: (line) => lines.push(line) });
  return lines;
}

/** Line-by-line equality, failing on the first differing line with its number. */
function expectSameLines(actual: readonly string[], expected: readonly string[]): void {
  for (let i = 0; i < Math.max(actual.length, expected.length); i++) {
    expect(`${i + 1}: ${actual[i]}`).toBe(`${i + 1}: ${expected[i]}`);
  }
}

describe('the walkthrough', () => {
  it("prints PyTorch's text for --seed 0 on the CPU, line by line", async () => {
    expectSameLines(await transcript(cpu), pytorch);
  });

  it('shows the closed forms of the tied-parameter example: y = 9, dy/dw = 6', async () => {
    const lines = await transcript(cpu);
    const after = (code: string) => lines[lines.indexOf(`> ${code}`) + 1];
    expect(after('y')).toBe('tensor([[9.]], grad_fn=<MmBackward0>)');
    expect(after('scale.weight.grad')).toBe('tensor([[6.]])');
  });

  it('gives other digits for another seed', async () => {
    const lines = await transcript(cpu, 1);
    expect(lines[0]).toContain('seed 1');
    const forward = lines.indexOf('> net.forward(X)') + 1;
    expect(lines[forward]).not.toBe(pytorch[forward]);
  });
});

describe('the walkthrough on WebGPU', () => {
  let gpu: { backend: Backend | null; reason: string };
  beforeAll(async () => {
    gpu = await tryWebgpu();
  });

  it('prints the same text as on the CPU', async (context) => {
    if (gpu.backend === null) context.skip(gpu.reason);
    expectSameLines(await transcript(gpu.backend!), pytorch);
  });
});

describe('the walkthrough as `pnpm demo` runs it', () => {
  // The CLI imports the packages' built dist/, not their sources (which the tests above use):
  // a bundler that renames classes would make modules print `_Sequential(`.
  const nnDist = fileURLToPath(new URL('../../../packages/nn/dist/index.js', import.meta.url));

  it("prints PyTorch's module names from the built @x/nn", (context) => {
    if (!existsSync(nnDist)) context.skip('@x/nn is not built (pnpm build); the CLI needs it');
    const script = [
      "import { Linear, ModuleList, ReLU, Sequential } from '@x/nn';",
      'console.log(String(new Sequential(new Linear(1, 1), new ReLU(), new ModuleList())));',
    ].join('\n');
    const printed = execFileSync(process.execPath, ['--input-type=module', '-e', script], {
      cwd: fileURLToPath(new URL('..', import.meta.url)),
      encoding: 'utf8',
    });
    expect(printed.trimEnd().split('\n')).toEqual([
      'Sequential(',
      '  (0): Linear(in_features=1, out_features=1, bias=True)',
      '  (1): ReLU()',
      '  (2): ModuleList()',
      ')',
    ]);
  });
});
