import { Parameter } from '@x/nn';
import { formatTensor, Tensor } from '@x/tensor';

/** Where a transcript's lines go: the console, or an array a test reads. */
export type LineSink = (line: string) => void;

/**
 * A REPL-like record of the walkthrough: each step prints the TypeScript it runs after
 * "> ", then what that line evaluates to, in PyTorch's format. Tensor values are read with
 * `await t.toArray()`, which works on every backend (a GPU tensor's values are read
 * asynchronously).
 */
export class Transcript {
  constructor(private readonly sink: LineSink) {}

  /** Writes text, one sink call per line. */
  out(text = ''): void {
    for (const line of text.split('\n')) this.sink(line);
  }

  heading(title: string): void {
    this.out();
    this.out(`## ${title}`);
  }

  /** The code of a step, as the reader would type it. */
  step(code: string): void {
    this.out(`> ${code}`);
  }

  /** Prints a tensor (or Parameter) in PyTorch's format. */
  async tensor(value: Tensor): Promise<void> {
    this.out(await formatOnAnyBackend(value));
  }

  /**
   * Python's repr of what torch.load returns for a loaded value: a tensor, a list as
   * `[a, b]`, a plain object or Map as `{'key': value}`.
   */
  async value(value: unknown): Promise<void> {
    this.out(await pythonRepr(value));
  }

  /** PyTorch's repr of a state dict: OrderedDict([('name', tensor(...)), ...]). */
  async stateDict(state: Map<string, Tensor>): Promise<void> {
    const entries: string[] = [];
    for (const [name, value] of state)
      entries.push(`('${name}', ${await formatOnAnyBackend(value)})`);
    this.out(entries.length === 0 ? 'OrderedDict()' : `OrderedDict([${entries.join(', ')}])`);
  }

  /** One `name [shape]` line per parameter, as namedParameters() lists them. */
  namedShapes(named: Iterable<[string, Tensor]>): void {
    for (const [name, param] of named) this.out(`${name} ${formatShape(param.shape)}`);
  }
}

async function pythonRepr(value: unknown): Promise<string> {
  if (value instanceof Tensor) return formatOnAnyBackend(value);
  if (Array.isArray(value)) {
    const items = await Promise.all(value.map(pythonRepr));
    return `[${items.join(', ')}]`;
  }
  if (typeof value === 'string') return `'${value}'`;
  if (value instanceof Map || (value !== null && typeof value === 'object')) {
    const entries = value instanceof Map ? [...value] : Object.entries(value);
    const items = await Promise.all(
      entries.map(
        async ([key, item]) => `${await pythonRepr(String(key))}: ${await pythonRepr(item)}`,
      ),
    );
    return `{${items.join(', ')}}`;
  }
  return String(value);
}

/** A shape as JavaScript prints an array of numbers with spaces: [8, 4]. */
export function formatShape(shape: readonly number[]): string {
  return `[${shape.join(', ')}]`;
}

/**
 * What `await t.format()` prints, minus the `device='webgpu'` suffix it adds (as PyTorch adds
 * `device='cuda:0'`) for a tensor off the CPU: the transcript is meant to read the same on
 * every backend, and the suffix would also move line breaks. The other suffixes (grad_fn,
 * requires_grad) are kept, in PyTorch's order.
 */
export async function formatOnAnyBackend(value: Tensor): Promise<string> {
  const suffixes: string[] = [];
  if (value.gradFn !== null) suffixes.push(`grad_fn=<${value.gradFn.name}>`);
  else if (value.requiresGrad) suffixes.push('requires_grad=True');
  const prefix = value instanceof Parameter ? 'Parameter containing:\ntensor(' : 'tensor(';
  return formatTensor(await value.toArray(), value.shape, value.dtype, { prefix, suffixes });
}
