import { ArgumentError, show } from '../errors';

/** torch.set_printoptions' settings; `sciMode: null` lets the formatter decide. */
export interface PrintOptions {
  precision?: number;
  threshold?: number;
  edgeitems?: number;
  linewidth?: number;
  sciMode?: boolean | null;
}

export type ResolvedPrintOptions = Required<PrintOptions>;

/** The named presets of torch.set_printoptions(profile=...). */
export type PrintProfile = 'default' | 'short' | 'full';

const PROFILES: Record<PrintProfile, Omit<ResolvedPrintOptions, 'sciMode'>> = {
  default: { precision: 4, threshold: 1000, edgeitems: 3, linewidth: 80 },
  short: { precision: 2, threshold: 1000, edgeitems: 2, linewidth: 80 },
  full: { precision: 4, threshold: Infinity, edgeitems: 3, linewidth: 80 },
};

let current: ResolvedPrintOptions = { ...PROFILES.default, sciMode: null };

function validate(o: PrintOptions, where: string): void {
  const counts: [string, number | undefined, boolean][] = [
    ['precision', o.precision, false],
    ['threshold', o.threshold, true],
    ['edgeitems', o.edgeitems, false],
    ['linewidth', o.linewidth, false],
  ];
  for (const [name, value, allowInfinity] of counts) {
    if (value === undefined) continue;
    if ((allowInfinity && value === Infinity) || (Number.isInteger(value) && value >= 0)) continue;
    const what = allowInfinity ? 'a non-negative integer or Infinity' : 'a non-negative integer';
    throw new ArgumentError(`${where}: ${name} must be ${what}, got ${show(value)}`);
  }
  const sci = o.sciMode;
  if (sci !== undefined && sci !== null && typeof sci !== 'boolean') {
    throw new ArgumentError(`${where}: sciMode must be true, false or null, got ${show(sci)}`);
  }
}

/**
 * Mirrors torch.set_printoptions: unspecified fields keep their value, except `sciMode`, which
 * (as in PyTorch) is reset to null (automatic) unless given. `profile` applies a preset first.
 */
export function setPrintOptions(options: PrintOptions & { profile?: PrintProfile } = {}): void {
  validate(options, 'setPrintOptions');
  const next = { ...current };
  if (options.profile !== undefined) {
    const preset = PROFILES[options.profile];
    if (preset === undefined) {
      throw new ArgumentError(
        `setPrintOptions: profile must be 'default', 'short' or 'full', got ${show(options.profile)}`,
      );
    }
    Object.assign(next, preset);
  }
  if (options.precision !== undefined) next.precision = options.precision;
  if (options.threshold !== undefined) next.threshold = options.threshold;
  if (options.edgeitems !== undefined) next.edgeitems = options.edgeitems;
  if (options.linewidth !== undefined) next.linewidth = options.linewidth;
  next.sciMode = options.sciMode ?? null;
  current = next;
}

/** A copy of the global print options. */
export function getPrintOptions(): ResolvedPrintOptions {
  return { ...current };
}

/** Global options overridden by the fields of `print` that are not undefined. */
export function resolvePrintOptions(print: PrintOptions | undefined): ResolvedPrintOptions {
  if (print === undefined) return { ...current };
  validate(print, 'formatTensor');
  const out = { ...current };
  if (print.precision !== undefined) out.precision = print.precision;
  if (print.threshold !== undefined) out.threshold = print.threshold;
  if (print.edgeitems !== undefined) out.edgeitems = print.edgeitems;
  if (print.linewidth !== undefined) out.linewidth = print.linewidth;
  if (print.sciMode !== undefined) out.sciMode = print.sciMode;
  return out;
}
