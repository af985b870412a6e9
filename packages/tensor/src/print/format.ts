// PyTorch 1.13's tensor printing (torch/_tensor_str.py): _Formatter, _tensor_str, _add_suffixes
// and the plain strided branch of _str_intern, as a pure function of the data.
import { ArgumentError, show } from '../errors';
import { formatExp, formatFixed } from './number';
import { type PrintOptions, type ResolvedPrintOptions, resolvePrintOptions } from './options';

export type PrintDType = 'float32' | 'int32' | 'bool';

export interface FormatTensorOptions {
  /** Defaults to 'tensor('; continuation lines are indented by the length of its last line. */
  prefix?: string;
  /** Extra `key=value` entries (device, grad_fn, requires_grad), in PyTorch's order. */
  suffixes?: string[];
  /** Overrides the global print options field by field. */
  print?: PrintOptions;
}

interface Formatter {
  width: number;
  format(value: number): string;
}

/** _Formatter.__init__ over the (possibly summarised) values, and its format(). */
function makeFormatter(
  values: ArrayLike<number>,
  dtype: PrintDType,
  o: ResolvedPrintOptions,
): Formatter {
  if (dtype !== 'float32') {
    const str = dtype === 'bool' ? (v: number) => (v ? 'True' : 'False') : String;
    let width = 1;
    for (let i = 0; i < values.length; i++) width = Math.max(width, str(values[i]).length);
    return { width, format: (v) => str(v).padStart(width) };
  }

  let intMode = true;
  let sciMode = false;
  let width = 1;
  const finite: number[] = [];
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (Number.isFinite(v) && v !== 0) finite.push(v);
  }
  // With no nonzero finite value PyTorch returns before applying sci_mode from the options.
  if (finite.length > 0) {
    let min = Infinity;
    let max = 0;
    for (const v of finite) {
      const a = Math.abs(v);
      if (a < min) min = a;
      if (a > max) max = a;
      if (v !== Math.ceil(v)) intMode = false;
    }
    const wide = max / min > 1000 || max > 1e8;
    let measure: (v: number) => number;
    if (intMode) {
      sciMode = wide;
      measure = sciMode
        ? (v) => formatExp(v, o.precision).length
        : (v) => formatFixed(v, 0).length + 1;
    } else {
      sciMode = wide || min < 1e-4;
      measure = sciMode
        ? (v) => formatExp(v, o.precision).length
        : (v) => formatFixed(v, o.precision).length;
    }
    for (const v of finite) width = Math.max(width, measure(v));
    if (o.sciMode !== null) sciMode = o.sciMode;
  }

  const format = (v: number): string => {
    let s: string;
    if (sciMode) s = formatExp(v, o.precision);
    else if (intMode) s = Number.isFinite(v) ? `${formatFixed(v, 0)}.` : formatFixed(v, 0);
    else s = formatFixed(v, o.precision);
    return s.padStart(width);
  };
  return { width, format };
}

/** Start of the tail kept by summarisation; Python's self[-0:] keeps everything. */
function tailStart(size: number, edge: number, isVector: boolean): number {
  return edge === 0 && isVector ? 0 : size - edge;
}

class Layout {
  constructor(
    private readonly values: ArrayLike<number>,
    private readonly shape: readonly number[],
    private readonly strides: readonly number[],
    private readonly summarize: boolean,
    private readonly o: ResolvedPrintOptions,
  ) {}

  /** The values get_summarized_data keeps, in any order (only the formatter reads them). */
  summarizedValues(): number[] {
    const out: number[] = [];
    const edge = this.o.edgeitems;
    const walk = (offset: number, dim: number): void => {
      if (dim === this.shape.length) {
        out.push(this.values[offset]);
        return;
      }
      const size = this.shape[dim];
      const stride = this.strides[dim];
      const isVector = dim === this.shape.length - 1;
      if (size > 2 * edge) {
        for (let i = 0; i < edge; i++) walk(offset + i * stride, dim + 1);
        for (let i = tailStart(size, edge, isVector); i < size; i++)
          walk(offset + i * stride, dim + 1);
      } else {
        for (let i = 0; i < size; i++) walk(offset + i * stride, dim + 1);
      }
    };
    walk(0, 0);
    return out;
  }

  /** _tensor_str_with_formatter. */
  render(fmt: Formatter, offset: number, dim: number, indent: number): string {
    const rank = this.shape.length - dim;
    if (rank === 0) return fmt.format(this.values[offset]);
    const size = this.shape[dim];
    const stride = this.strides[dim];
    const edge = this.o.edgeitems;
    const cut = this.summarize && size > 2 * edge;

    if (rank === 1) {
      const at = (i: number) => fmt.format(this.values[offset + i * stride]);
      const data: string[] = [];
      if (cut) {
        for (let i = 0; i < edge; i++) data.push(at(i));
        data.push(' ...');
        for (let i = tailStart(size, edge, true); i < size; i++) data.push(at(i));
      } else {
        for (let i = 0; i < size; i++) data.push(at(i));
      }
      // Width plus ', ' per element; ' ...' counts as an element too.
      const perLine = Math.max(1, Math.floor((this.o.linewidth - indent) / (fmt.width + 2)));
      const lines: string[] = [];
      for (let i = 0; i < data.length; i += perLine) {
        lines.push(data.slice(i, i + perLine).join(', '));
      }
      return `[${lines.join(`,\n${' '.repeat(indent + 1)}`)}]`;
    }

    const sub = (i: number) => this.render(fmt, offset + i * stride, dim + 1, indent + 1);
    const slices: string[] = [];
    if (cut) {
      for (let i = 0; i < edge; i++) slices.push(sub(i));
      slices.push('...');
      for (let i = size - edge; i < size; i++) slices.push(sub(i));
    } else {
      for (let i = 0; i < size; i++) slices.push(sub(i));
    }
    return `[${slices.join(`,${'\n'.repeat(rank - 1)}${' '.repeat(indent + 1)}`)}]`;
  }
}

/** _add_suffixes, including its length quirk: last_line_len counts two more than the line. */
function addSuffixes(
  text: string,
  suffixes: readonly string[],
  indent: number,
  linewidth: number,
): string {
  const parts = [text];
  let lastLineLen = text.length - text.lastIndexOf('\n') + 1;
  for (const suffix of suffixes) {
    if (lastLineLen + suffix.length + 2 > linewidth) {
      parts.push(`,\n${' '.repeat(indent)}${suffix}`);
      lastLineLen = indent + suffix.length;
    } else {
      parts.push(`, ${suffix}`);
      lastLineLen += suffix.length + 2;
    }
  }
  parts.push(')');
  return parts.join('');
}

function pythonTuple(shape: readonly number[]): string {
  return shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`;
}

/**
 * Formats row-major tensor data exactly as PyTorch 1.13's str(tensor). int32 plays the role of
 * PyTorch's default int64 (no dtype suffix; an empty one says dtype=torch.int64).
 */
export function formatTensor(
  values: Float32Array | Int32Array | Uint8Array,
  shape: readonly number[],
  dtype: PrintDType,
  options: FormatTensorOptions = {},
): string {
  if (dtype !== 'float32' && dtype !== 'int32' && dtype !== 'bool') {
    throw new ArgumentError(
      `formatTensor: dtype must be 'float32', 'int32' or 'bool', got ${show(dtype)}`,
    );
  }
  let numel = 1;
  for (const d of shape) {
    if (!Number.isInteger(d) || d < 0) {
      throw new ArgumentError(
        `formatTensor: shape must hold non-negative integers, got ${show([...shape])}`,
      );
    }
    numel *= d;
  }
  if (values.length !== numel) {
    throw new ArgumentError(
      `formatTensor: shape ${show([...shape])} needs ${numel} values, got ${values.length}`,
    );
  }
  const o = resolvePrintOptions(options.print);
  const prefix = options.prefix ?? 'tensor(';
  const indent = prefix.length - (prefix.lastIndexOf('\n') + 1);

  const own: string[] = [];
  let body: string;
  if (numel === 0) {
    if (shape.length !== 1) own.push(`size=${pythonTuple(shape)}`);
    if (dtype !== 'float32') own.push(`dtype=torch.${dtype === 'int32' ? 'int64' : 'bool'}`);
    body = '[]';
  } else {
    const strides = new Array<number>(shape.length);
    for (let d = shape.length - 1, s = 1; d >= 0; d--) {
      strides[d] = s;
      s *= shape[d];
    }
    const summarize = numel > o.threshold;
    const layout = new Layout(values, shape, strides, summarize, o);
    const fmt = makeFormatter(summarize ? layout.summarizedValues() : values, dtype, o);
    body = layout.render(fmt, 0, 0, indent);
  }

  // _str_intern's order: device, then size/dtype, then grad_fn/requires_grad and the rest.
  const given = options.suffixes ?? [];
  let devices = 0;
  while (devices < given.length && given[devices].startsWith('device=')) devices++;
  const suffixes = [...given.slice(0, devices), ...own, ...given.slice(devices)];
  return addSuffixes(prefix + body, suffixes, indent, o.linewidth);
}
