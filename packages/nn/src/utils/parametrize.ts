// torch.nn.utils.parametrize: a parameter or buffer of a module replaced by a function of
// other tensors. As in PyTorch, the module's prototype is swapped for a subclass of its class
// made for this one instance (`ParametrizedLinear`), on which the parametrized name is a
// getter (the parametrization's output) and a setter (rightInverse), and the original tensors
// live under `module.parametrizations.<name>.original` (or `original0`, `original1`, ...).
import { noGrad } from '@x/autograd';
import { ArgumentError, DTypeError, ShapeError, Tensor } from '@x/tensor';
import { ModuleDict } from '../containers/module-dict';
import { ModuleList } from '../containers/module-list';
import { NotImplementedError } from '../errors';
import { describe } from '../format';
import type { Module } from '../module';
import { Parameter } from '../parameter';
import { isModule, REGISTRY } from '../registration';

/**
 * A parametrization: a Module whose forward maps the original tensor(s) to the value of the
 * parametrized tensor; `rightInverse`, where defined, maps a value back to the original(s).
 */
export interface Parametrization extends Module {
  rightInverse?(value: Tensor): Tensor | Tensor[];
}

type Originals = Tensor | readonly Tensor[];

const showShape = (shape: readonly number[]) => `torch.Size([${shape.join(', ')}])`;

/** Registers `tensor` as a parameter if it is one, else as a buffer (_register_parameter_or_buffer). */
function registerParameterOrBuffer(module: Module, name: string, tensor: Tensor): void {
  if (tensor instanceof Parameter) module.registerParameter(name, tensor);
  else module.registerBuffer(name, tensor);
}

/**
 * The parametrizations of one tensor, applied in order, and the original tensor(s) they start
 * from (torch.nn.utils.parametrize.ParametrizationList).
 */
export class ParametrizationList extends ModuleList<Parametrization> {
  /** Whether the originals are one tensor (`original`) rather than several (`original0`, ...). */
  readonly isTensor: boolean;
  /** How many original tensors there are. */
  readonly ntensors: number;
  /** Skip the consistency checks of shape and dtype (sticky once set). */
  unsafe: boolean;

  constructor(modules: readonly Parametrization[], original: Tensor, unsafe = false) {
    if (modules.length === 0) {
      throw new ArgumentError('ParametrizationList requires one or more modules.');
    }
    super(modules);
    this.unsafe = unsafe;
    const originalShape = original.shape;
    const originalDType = original.dtype;
    const inverted = noGrad(() => {
      let value: Originals = original;
      for (const module of [...modules].reverse()) {
        if (module.rightInverse === undefined) continue;
        try {
          value = module.rightInverse(value as Tensor);
        } catch (error) {
          // As PyTorch: a rightInverse that cannot invert is taken as the identity here.
          if (!(error instanceof NotImplementedError)) throw error;
        }
      }
      return value;
    });
    if (!(inverted instanceof Tensor) && !Array.isArray(inverted)) {
      throw new ArgumentError(
        `registerParametrization: 'rightInverse' must return a Tensor or an array of tensors, got ${describe(inverted)}`,
      );
    }
    this.isTensor = inverted instanceof Tensor;
    this.ntensors = inverted instanceof Tensor ? 1 : inverted.length;
    // The original keeps its identity (so an optimiser holding it needs no update) but takes
    // rightInverse's value; if a check below fails it gets its own elements back.
    const previous = original.detach();
    try {
      this.registerOriginals(original, inverted);
      if (!this.unsafe) {
        checkSameKind(
          this.forward(),
          originalShape,
          originalDType,
          'registerParametrization',
          'the parametrization',
        );
      }
    } catch (error) {
      if (inverted !== original) noGrad(() => setData(original, previous));
      throw error;
    }
  }

  private registerOriginals(original: Tensor, inverted: Tensor | readonly Tensor[]): void {
    if (inverted instanceof Tensor) {
      if (inverted.dtype !== original.dtype) {
        throw new DTypeError(
          `registerParametrization: When \`rightInverse\` outputs one tensor, it may not change the dtype.\n` +
            `original.dtype: ${original.dtype}\nrightInverse(original).dtype: ${inverted.dtype}`,
        );
      }
      if (inverted !== original) noGrad(() => setData(original, inverted));
      registerParameterOrBuffer(this, 'original', original);
      return;
    }
    inverted.forEach((tensor, i) => {
      if (!(tensor instanceof Tensor)) {
        throw new ArgumentError(
          `registerParametrization: 'rightInverse' must return a Tensor or an array of tensors; element ${i} is ${describe(tensor)}`,
        );
      }
      const registered =
        original instanceof Parameter
          ? new Parameter(tensor.detach(), original.requiresGrad)
          : tensor;
      if (!(registered instanceof Parameter)) registered.requiresGrad_(original.requiresGrad);
      registerParameterOrBuffer(this, `original${i}`, registered);
    });
  }

  /** The originals, one tensor or several in order. */
  originals(): Tensor[] {
    const own = this[REGISTRY];
    const get = (name: string) => (own.parameters.get(name) ?? own.buffers.get(name)) as Tensor;
    return this.isTensor
      ? [get('original')]
      : Array.from({ length: this.ntensors }, (_, i) => get(`original${i}`));
  }

  /** The parametrized value: the first parametrization on the originals, then each next one. */
  override forward(): Tensor {
    const [first, ...rest] = [...this];
    let value: Tensor = first.forward(...this.originals());
    for (const module of rest) value = module.forward(value);
    return value;
  }

  /**
   * Assigns `value` to the parametrized tensor: each parametrization's rightInverse, last
   * first, and the result copied into the originals (ParametrizationList.right_inverse).
   */
  rightInverse(value: Tensor): void {
    noGrad(() => {
      let inverted: Originals = value;
      for (const module of [...this].reverse()) {
        if (module.rightInverse === undefined) {
          throw new ArgumentError(
            `parametrization ${module._getName()} does not implement rightInverse.`,
          );
        }
        inverted = module.rightInverse(inverted as Tensor);
      }
      const originals = this.originals();
      const values = this.isTensor ? [inverted] : inverted;
      if (!Array.isArray(values) || values.length !== originals.length) {
        throw new ArgumentError(
          `rightInverse: expected ${this.isTensor ? 'a Tensor' : `${originals.length} tensors`}, got ${describe(inverted)}`,
        );
      }
      values.forEach((tensor, i) => {
        if (!(tensor instanceof Tensor) || tensor.dtype !== originals[i].dtype) {
          throw new DTypeError(
            `rightInverse: the parametrization returned ${describe(tensor)} for an original of dtype ${originals[i].dtype}`,
          );
        }
      });
      values.forEach((tensor, i) => {
        setData(originals[i], tensor as Tensor);
      });
    });
  }
}

/** PyTorch's `original.set_(value)`: `original` keeps its identity and views `value`'s elements. */
function setData(original: Tensor, value: Tensor): void {
  original.data = value === original ? value : value.detach();
}

function checkSameKind(
  value: unknown,
  shape: readonly number[],
  dtype: string,
  op: string,
  what: string,
): asserts value is Tensor {
  if (!(value instanceof Tensor)) {
    throw new ArgumentError(
      `${op}: A parametrization must return a tensor. Got ${describe(value)}.`,
    );
  }
  if (value.dtype !== dtype) {
    throw new DTypeError(
      `${op}: Registering a parametrization may not change the dtype of the tensor, unless \`unsafe\` is set.\n` +
        `unparametrized dtype: ${dtype}\n${what} dtype: ${value.dtype}`,
    );
  }
  if (value.shape.join() !== shape.join()) {
    throw new ShapeError(
      `${op}: Registering a parametrization may not change the shape of the tensor, unless \`unsafe\` is set.\n` +
        `unparametrized shape: ${showShape(shape)}\n${what} shape: ${showShape(value.shape)}`,
    );
  }
}

/** Caching of parametrized values inside cached(): depth of nesting, and values by module. */
let cacheDepth = 0;
let cache = new WeakMap<Module, Map<string, Tensor>>();

/**
 * Runs `fn` with the parametrized tensors computed once and reused until it returns
 * (torch.nn.utils.parametrize.cached), e.g. a recurrent step reading a parametrized weight
 * many times.
 *
 * @example
 * const output = cached(() => { let h = x; for (let t = 0; t < 10; t++) h = rnn.forward(h); return h; });
 */
export function cached<T>(fn: () => T): T {
  cacheDepth++;
  try {
    return fn();
  } finally {
    cacheDepth--;
    if (cacheDepth === 0) cache = new WeakMap();
  }
}

function parametrizationsOf(module: Module): ModuleDict | null {
  const value = module[REGISTRY].modules.get('parametrizations');
  return value instanceof ModuleDict ? value : null;
}

function listOf(module: Module, tensorName: string): ParametrizationList {
  return (parametrizationsOf(module) as ModuleDict).get(tensorName) as ParametrizationList;
}

/**
 * Whether `module` has a parametrization on `tensorName`, or on any tensor when it is
 * omitted (torch.nn.utils.parametrize.is_parametrized).
 *
 * @example
 * isParametrized(layer, 'weight'); // false until registerParametrization(layer, 'weight', ...)
 */
export function isParametrized(module: Module, tensorName?: string): boolean {
  const parametrizations = isModule(module) ? parametrizationsOf(module) : null;
  if (parametrizations === null) return false;
  return tensorName === undefined ? parametrizations.length > 0 : parametrizations.has(tensorName);
}

/** Swaps the module's prototype for a subclass named `Parametrized<Class>` (_inject_new_class). */
function injectNewClass(module: Module): void {
  const base = module.constructor as new (...args: never[]) => Module;
  const name = `Parametrized${base.name}`;
  const parametrized = { [name]: class extends base {} }[name];
  Object.setPrototypeOf(module, parametrized.prototype);
}

/** The getter and setter of the parametrized name, on the instance's own class (_inject_property). */
function injectProperty(module: Module, tensorName: string): void {
  Object.defineProperty(Object.getPrototypeOf(module), tensorName, {
    get(this: Module): Tensor {
      const list = listOf(this, tensorName);
      if (cacheDepth === 0) return list.forward();
      let values = cache.get(this);
      if (values === undefined) {
        values = new Map();
        cache.set(this, values);
      }
      let value = values.get(tensorName);
      if (value === undefined) {
        value = list.forward();
        values.set(tensorName, value);
      }
      return value;
    },
    set(this: Module, value: Tensor) {
      listOf(this, tensorName).rightInverse(value);
    },
    configurable: true,
    enumerable: true,
  });
}

/**
 * Replaces the parameter or buffer `tensorName` of `module` by `parametrization` applied to
 * an original tensor (torch.nn.utils.parametrize.register_parametrization). Reading
 * `module[tensorName]` computes the parametrization; assigning it calls `rightInverse`. The
 * original moves to `parametrizations.<tensorName>.original`, the name `namedParameters()` and
 * `stateDict()` list. A second parametrization on the same name is applied after the first.
 * Unless `unsafe`, the parametrized value must keep the tensor's shape and dtype.
 *
 * @example
 * class Symmetric extends Module { forward(X: Tensor) { return X.triu().add(X.triu(1).T); } }
 * registerParametrization(layer, 'weight', new Symmetric());
 * [...layer.namedParameters()].map(([n]) => n); // ['bias', 'parametrizations.weight.original']
 */
export function registerParametrization<M extends Module>(
  module: M,
  tensorName: string,
  parametrization: Parametrization,
  options: { unsafe?: boolean } = {},
): M {
  const op = 'registerParametrization';
  if (!isModule(module))
    throw new ArgumentError(`${op}: module must be a Module, got ${describe(module)}`);
  if (!isModule(parametrization)) {
    throw new ArgumentError(
      `${op}: parametrization must be a Module, got ${describe(parametrization)}`,
    );
  }
  if (typeof tensorName !== 'string') {
    throw new ArgumentError(`${op}: tensorName must be a string, got ${describe(tensorName)}`);
  }
  const unsafe = options.unsafe ?? false;
  parametrization.train(module.training);
  const registry = module[REGISTRY];
  if (isParametrized(module, tensorName)) {
    const list = listOf(module, tensorName);
    if (!unsafe) {
      const current = (module as unknown as Record<string, Tensor>)[tensorName];
      const value = parametrization.forward(current);
      checkSameKind(value, current.shape, current.dtype, op, 'parametrized');
      if (parametrization.rightInverse !== undefined) {
        const inverted = parametrization.rightInverse(value);
        if (!(inverted instanceof Tensor)) {
          throw new ArgumentError(
            `${op}: parametrization.rightInverse must return a tensor. Got: ${describe(inverted)}`,
          );
        }
        checkSameKind(inverted, current.shape, current.dtype, op, 'rightInverse');
      }
    }
    list.append(parametrization);
    list.unsafe ||= unsafe;
  } else if (registry.parameters.get(tensorName) || registry.buffers.get(tensorName)) {
    const original = (registry.parameters.get(tensorName) ??
      registry.buffers.get(tensorName)) as Tensor;
    // Built first, so a failing check leaves the module as it was.
    const list = new ParametrizationList([parametrization], original, unsafe);
    delete (module as unknown as Record<string, unknown>)[tensorName];
    if (!isParametrized(module)) {
      injectNewClass(module);
      (module as unknown as { parametrizations: ModuleDict }).parametrizations = new ModuleDict();
    }
    injectProperty(module, tensorName);
    (parametrizationsOf(module) as ModuleDict).set(tensorName, list);
  } else {
    throw new ArgumentError(
      `${op}: Module '${module._getName()}' does not have a parameter, a buffer, or a parametrized element with name '${tensorName}'`,
    );
  }
  return module;
}

/**
 * Removes the parametrizations on `tensorName` (torch.nn.utils.parametrize.remove_parametrizations).
 * With `leaveParametrized` (the default) the tensor keeps its current parametrized value,
 * else it goes back to the original; the original Parameter object is kept either way, so
 * an optimiser holding it needs no update.
 *
 * @example
 * removeParametrizations(layer, 'weight'); // layer.weight is a Parameter again
 */
export function removeParametrizations<M extends Module>(
  module: M,
  tensorName: string,
  leaveParametrized = true,
): M {
  const op = 'removeParametrizations';
  if (!isParametrized(module, tensorName)) {
    throw new ArgumentError(
      `${op}: Module ${isModule(module) ? module._getName() : describe(module)} does not have a parametrization on ${describe(tensorName)}`,
    );
  }
  const list = listOf(module, tensorName);
  let original: Tensor;
  if (list.isTensor) {
    original = list.originals()[0];
    if (leaveParametrized) {
      const value = noGrad(() => (module as unknown as Record<string, Tensor>)[tensorName]);
      noGrad(() => setData(original, value));
    }
  } else {
    if (!leaveParametrized) {
      throw new ArgumentError(
        `${op}: Cannot leave unparametrized (leaveParametrized: false) a tensor that is parametrized in terms of a sequence of tensors.`,
      );
    }
    const value = (module as unknown as Record<string, Tensor>)[tensorName];
    original = value.requiresGrad ? new Parameter(value.detach()) : value;
  }
  const prototype = Object.getPrototypeOf(module);
  delete prototype[tensorName];
  const parametrizations = parametrizationsOf(module) as ModuleDict;
  parametrizations.pop(tensorName);
  registerParameterOrBuffer(module, tensorName, original);
  if (!isParametrized(module)) {
    delete (module as unknown as Record<string, unknown>).parametrizations;
    Object.setPrototypeOf(module, Object.getPrototypeOf(prototype));
  }
  return module;
}

/**
 * The class `module` had before it was parametrized (its own class if it is not)
 * (torch.nn.utils.parametrize.type_before_parametrizations).
 *
 * @example
 * typeBeforeParametrizations(spectralNorm(new Linear(2, 2))) === Linear; // true
 */
export function typeBeforeParametrizations(module: Module): new (...args: never[]) => Module {
  const type = module.constructor as new (...args: never[]) => Module;
  return isParametrized(module) ? Object.getPrototypeOf(type) : type;
}
