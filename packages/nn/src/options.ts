import { ArgumentError, checkOptionNames } from '@x/tensor';
import { describe as show } from './format';

/**
 * A constructor's options object, checked: anything but a plain object (PyTorch's positional
 * form, as in `new Conv2d(3, 16, 3, 1, 1)`) and unknown names throw an ArgumentError naming
 * the class and the accepted options, so nothing is silently ignored.
 */
export function checkConstructorOptions<T extends object>(
  op: string,
  options: T,
  allowed: readonly (keyof T & string)[],
): T {
  const names = allowed.map((n) => `'${n}'`).join(', ');
  if (options === null || typeof options !== 'object' || Array.isArray(options)) {
    throw new ArgumentError(
      `${op}: expected an options object with ${names}, got ${show(options)}` +
        ` (write PyTorch's optional arguments by name, e.g. { ${allowed[0]}: ... })`,
    );
  }
  checkOptionNames(op, options as Record<string, unknown>, allowed);
  return options;
}
