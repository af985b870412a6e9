import { ArgumentError, show } from './errors';

/** Throws when `args` holds more than the `most` arguments `op` takes (`takes` names them). */
export function checkArity(op: string, args: readonly unknown[], most: number, takes: string) {
  if (args.length > most) {
    const extra = args.slice(most);
    throw new ArgumentError(
      `${op}: takes only ${takes}, got ${extra.length} more argument${extra.length === 1 ? '' : 's'}: ${extra.map(show).join(', ')}`,
    );
  }
}
