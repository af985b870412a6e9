import type { RemovableHandle } from '@x/autograd';
import { ArgumentError, type Backend, keep, Tensor } from '@x/tensor';
import { INDEXED, withIndexing } from './containers/index-check';
import { addIndent, describe } from './format';
import { addHook, type ForwardHook, type ForwardPreHook, type FullBackwardHook } from './hooks';
import { Parameter, resetGrad } from './parameter';
import {
  emptyRegistry,
  isModule,
  REGISTRY,
  type Registry,
  registeringHandler,
} from './registration';
import { type LoadResult, loadStateDict, type StateDictOptions, stateDict } from './state-dict';
import { moveTo } from './transfer';

/** See Module._lazyLoad. */
export interface LazyLoad {
  readonly parameters: ReadonlyMap<string, Parameter>;
  readonly adopt?: () => void;
}

export interface NamedOptions {
  /** Prepended to every name, with a dot. */
  prefix?: string;
  /** Include the members of submodules (default true). */
  recurse?: boolean;
  /** List a member shared by several modules once, under its first name (default true). */
  removeDuplicate?: boolean;
}

/**
 * The base class of every layer and model (torch.nn.Module). Assigning a `Parameter`, a
 * `Module`, or a new value to a registered buffer registers it, class fields included, in
 * assignment order; `namedParameters()`, `stateDict()`, `apply()`, `to()` walk what is
 * registered. A plain tensor field is not a parameter.
 *
 * @example
 * class Affine extends Module {
 *   weight = new Parameter(ones([3]));
 *   bias = new Parameter(zeros([3]));
 *   forward(input: Tensor) { return input.mul(this.weight).add(this.bias); }
 * }
 * [...new Affine().namedParameters()].map(([name]) => name); // ['weight', 'bias']
 */
export class Module {
  /** True in training mode (the default), false after eval(). */
  training = true;
  /** @internal Registered parameters, buffers and submodules. */
  readonly [REGISTRY]: Registry = emptyRegistry();

  constructor() {
    // Subclass fields are defined on the returned object, so the proxy sees them all.
    const handler = registeringHandler(this[REGISTRY]);
    // biome-ignore lint/correctness/noConstructorReturn: registration of class fields needs it
    return new Proxy(this, INDEXED in new.target ? withIndexing(handler) : handler);
  }

  /** Computes the module's output; subclasses define it. */
  forward(..._inputs: any[]): any {
    throw new ArgumentError(
      `Module [${this._getName()}] is missing the required "forward" function`,
    );
  }

  /** Extra text between the parentheses of this module's repr (torch's extra_repr). */
  extraRepr(): string {
    return '';
  }

  /** @internal The class name PyTorch prints. */
  _getName(): string {
    return this.constructor.name;
  }

  /**
   * @internal The module's own parameters. Lazy modules throw here until their first
   * forward() has created them, so nothing lists a parameter that has no shape yet.
   */
  _ownParameters(_op: string): Iterable<[string, Parameter | null]> {
    return this[REGISTRY].parameters;
  }

  // Registration

  /** Registers `param` (or an empty slot for null) under `name` (register_parameter). */
  registerParameter(name: string, param: Parameter | null): void {
    this.checkNewName('registerParameter', 'parameter', name, this[REGISTRY].parameters);
    if (param !== null && !(param instanceof Parameter)) {
      throw new ArgumentError(
        `registerParameter: cannot assign ${describe(param)} to parameter '${name}' (Parameter or null required)`,
      );
    }
    this[REGISTRY].parameters.set(name, param);
    this.define(name, param);
  }

  /**
   * Registers a tensor that is state but not a parameter, like BatchNorm's running mean
   * (register_buffer). A non-persistent buffer is left out of stateDict().
   */
  registerBuffer(
    name: string,
    tensor: Tensor | null,
    options: { persistent?: boolean } = {},
  ): void {
    const registry = this[REGISTRY];
    this.checkNewName('registerBuffer', 'buffer', name, registry.buffers);
    if (tensor !== null && !(tensor instanceof Tensor)) {
      throw new ArgumentError(
        `registerBuffer: cannot assign ${describe(tensor)} to buffer '${name}' (Tensor or null required)`,
      );
    }
    registry.buffers.set(name, tensor === null ? null : keep(tensor));
    this.define(name, tensor);
    if (options.persistent ?? true) registry.nonPersistentBuffers.delete(name);
    else registry.nonPersistentBuffers.add(name);
  }

  /** Registers a child module under `name` (register_module / add_module). */
  registerModule(name: string, module: Module | null): void {
    this.checkNewName('registerModule', 'module', name, this[REGISTRY].modules);
    if (module !== null && !isModule(module)) {
      throw new ArgumentError(`registerModule: ${describe(module)} is not a Module subclass`);
    }
    this[REGISTRY].modules.set(name, module);
    this.define(name, module);
  }

  /** The same as registerModule (torch's add_module). */
  addModule(name: string, module: Module | null): void {
    this.registerModule(name, module);
  }

  private checkNewName(
    op: string,
    kind: string,
    name: string,
    members: Map<string, unknown>,
  ): void {
    if (typeof name !== 'string')
      throw new ArgumentError(`${op}: ${kind} name should be a string, got ${describe(name)}`);
    if (name.includes('.'))
      throw new ArgumentError(`${op}: ${kind} name can't contain ".", got '${name}'`);
    if (name === '') throw new ArgumentError(`${op}: ${kind} name can't be empty string ""`);
    const taken =
      name in this && !members.has(name) && (this as Record<string, unknown>)[name] !== undefined;
    if (taken) throw new ArgumentError(`${op}: attribute '${name}' already exists`);
  }

  /** Writes the field of a member the caller has just registered (the proxy agrees). */
  private define(name: string, value: unknown): void {
    Object.defineProperty(this, name, {
      value,
      writable: true,
      enumerable: true,
      configurable: true,
    });
  }

  // Hooks

  /**
   * Calls `hook(module, inputs)` before every forward(); an array it returns replaces the
   * inputs, any other value (but null or undefined) becomes the only input. Returns a handle
   * whose `remove()` unregisters it. Mirrors torch.nn.Module.register_forward_pre_hook.
   *
   * @example
   * const handle = layer.registerForwardPreHook((_module, [input]) => input.mul(2));
   * handle.remove();
   */
  registerForwardPreHook(hook: ForwardPreHook<this>): RemovableHandle {
    return addHook(this, 'forwardPre', hook, 'registerForwardPreHook');
  }

  /**
   * Calls `hook(module, inputs, output)` after every forward(); a value it returns (but null
   * or undefined) replaces the output. Mirrors torch.nn.Module.register_forward_hook.
   *
   * @example
   * const shapes: number[][] = [];
   * net.at(0).registerForwardHook((_module, _inputs, output) => { shapes.push([...output.shape]); });
   */
  registerForwardHook(hook: ForwardHook<this>): RemovableHandle {
    return addHook(this, 'forward', hook, 'registerForwardHook');
  }

  /**
   * Calls `hook(module, gradInput, gradOutput)` when backward() has computed the gradients
   * of this module's inputs (one entry per forward() argument, null for non-tensors);
   * an array it returns replaces gradInput. Mirrors torch.nn.Module.register_full_backward_hook.
   *
   * @example
   * layer.registerFullBackwardHook((_module, gradInput) => gradInput.map((g) => g?.clamp({ min: -1, max: 1 }) ?? null));
   */
  registerFullBackwardHook(hook: FullBackwardHook<this>): RemovableHandle {
    return addHook(this, 'backward', hook, 'registerFullBackwardHook');
  }

  // Traversal

  /** (name, module) for this module and every descendant, depth first (named_modules). */
  *namedModules(
    options: { prefix?: string; removeDuplicate?: boolean } = {},
  ): Generator<[string, Module]> {
    yield* this.walkModules(options.prefix ?? '', options.removeDuplicate ?? true, new Set());
  }

  private *walkModules(
    prefix: string,
    removeDuplicate: boolean,
    memo: Set<Module>,
  ): Generator<[string, Module]> {
    if (memo.has(this)) return;
    if (removeDuplicate) memo.add(this);
    yield [prefix, this];
    for (const [name, module] of this[REGISTRY].modules) {
      if (module === null) continue;
      yield* module.walkModules(prefix === '' ? name : `${prefix}.${name}`, removeDuplicate, memo);
    }
  }

  *modules(): Generator<Module> {
    for (const [, module] of this.namedModules()) yield module;
  }

  /** (name, child) for the direct children, each listed once (named_children). */
  *namedChildren(): Generator<[string, Module]> {
    const memo = new Set<Module>();
    for (const [name, module] of this[REGISTRY].modules) {
      if (module === null || memo.has(module)) continue;
      memo.add(module);
      yield [name, module];
    }
  }

  *children(): Generator<Module> {
    for (const [, module] of this.namedChildren()) yield module;
  }

  private *namedMembers<T>(
    members: (module: Module) => Iterable<[string, T | null]>,
    { prefix = '', recurse = true, removeDuplicate = true }: NamedOptions,
  ): Generator<[string, T]> {
    const memo = new Set<T>();
    const modules: Iterable<[string, Module]> = recurse
      ? this.namedModules({ prefix, removeDuplicate })
      : [[prefix, this]];
    for (const [modulePrefix, module] of modules) {
      for (const [name, value] of members(module)) {
        if (value === null || memo.has(value)) continue;
        if (removeDuplicate) memo.add(value);
        yield [modulePrefix === '' ? name : `${modulePrefix}.${name}`, value];
      }
    }
  }

  /**
   * (dotted name, parameter) pairs, PyTorch's order: this module's own first, then each
   * child's; a tied parameter appears once, under its first name (named_parameters).
   */
  namedParameters(options: NamedOptions = {}): Generator<[string, Parameter]> {
    return this.namedMembers((module) => module._ownParameters('namedParameters'), options);
  }

  *parameters(options: { recurse?: boolean } = {}): Generator<Parameter> {
    for (const [, param] of this.namedParameters(options)) yield param;
  }

  /** (dotted name, buffer) pairs, persistent or not (named_buffers). */
  namedBuffers(options: NamedOptions = {}): Generator<[string, Tensor]> {
    return this.namedMembers((module) => module[REGISTRY].buffers, options);
  }

  *buffers(options: { recurse?: boolean } = {}): Generator<Tensor> {
    for (const [, buffer] of this.namedBuffers(options)) yield buffer;
  }

  /** The submodule at a dotted path, '' for this module (get_submodule). */
  getSubmodule(target: string): Module {
    if (target === '') return this;
    let module: Module = this;
    for (const item of target.split('.')) {
      const child = module[REGISTRY].modules.get(item);
      if (child === undefined || child === null) {
        const what =
          item in module
            ? `\`${item}\` is not an nn.Module`
            : `${module._getName()} has no attribute \`${item}\``;
        throw new ArgumentError(`getSubmodule: '${target}': ${what}`);
      }
      module = child;
    }
    return module;
  }

  /** The parameter at a dotted path like '0.weight' (get_parameter). */
  getParameter(target: string): Parameter {
    const cut = target.lastIndexOf('.');
    const module = this.getSubmodule(cut < 0 ? '' : target.slice(0, cut));
    const name = target.slice(cut + 1);
    const param = module[REGISTRY].parameters.get(name);
    if (!(param instanceof Parameter)) {
      const what =
        name in module
          ? `\`${name}\` is not an nn.Parameter`
          : `${module._getName()} has no attribute \`${name}\``;
      throw new ArgumentError(`getParameter: '${target}': ${what}`);
    }
    return param;
  }

  // Whole-tree operations

  /** Calls `fn` on every child's tree (children first), then on this module; returns this. */
  apply(fn: (module: Module) => void): this {
    for (const child of this.children()) child.apply(fn);
    fn(this);
    return this;
  }

  /** Sets training mode here and in every descendant; returns this. */
  train(mode = true): this {
    if (typeof mode !== 'boolean')
      throw new ArgumentError(`train: mode is expected to be boolean, got ${describe(mode)}`);
    this.training = mode;
    for (const child of this.children()) child.train(mode);
    return this;
  }

  /** Evaluation mode: Dropout passes input through, BatchNorm uses its running stats. */
  eval(): this {
    return this.train(false);
  }

  /** Resets every parameter's gradient: to null by default, or to zeros (zero_grad). */
  zeroGrad(options: { setToNone?: boolean } = {}): void {
    for (const param of this.parameters()) {
      resetGrad(param, options.setToNone ?? true);
    }
  }

  /**
   * Moves every parameter, gradient and buffer to `backend`; returns this module. Moved
   * parameters are new Parameter objects, one per original, so tied ones stay tied.
   */
  to(backend: Backend): this {
    moveTo(this, backend);
    return this;
  }

  /** Parameters and persistent buffers by dotted name, detached (state_dict). */
  stateDict(options: StateDictOptions = {}): Map<string, Tensor> {
    return stateDict(this, options);
  }

  /**
   * Copies values from `state` into this module's parameters and buffers
   * (load_state_dict). Everything is checked first: on any error nothing is copied.
   */
  loadStateDict(
    state: Map<string, Tensor> | Record<string, Tensor>,
    options: { strict?: boolean } = {},
  ): LoadResult {
    return loadStateDict(this, state, options);
  }

  /**
   * The value loadStateDict writes into own entry `name` when the state dict lacks it, or
   * undefined (the key is then missing). PyTorch does this in a module's
   * `_load_from_state_dict`, e.g. BatchNorm's `num_batches_tracked`.
   */
  _missingStateValue(_name: string): number | undefined {
    return undefined;
  }

  /**
   * @internal A lazy module's answer to loadStateDict (PyTorch's `_lazy_load_hook`): the
   * parameters, shaped by `state`'s entries under `prefix`, that loading would fill, and
   * `adopt`, which makes them the module's once every key has been checked (absent when the
   * state dict cannot shape them). Undefined for a module whose parameters exist.
   */
  _lazyLoad(_state: ReadonlyMap<string, unknown>, _prefix: string): LazyLoad | undefined {
    return undefined;
  }

  /**
   * @internal A lazy module's answer to to(backend): a function that makes its parameters,
   * once created, live on `backend`. Undefined for a module whose parameters exist.
   */
  _lazyMove(_backend: Backend): (() => void) | undefined {
    return undefined;
  }

  /** PyTorch's repr: the class name, extraRepr() and each child, indented. */
  toString(): string {
    const extraLines = this.extraRepr() === '' ? [] : this.extraRepr().split('\n');
    const childLines = [...this[REGISTRY].modules].map(
      ([name, module]) => `(${name}): ${addIndent(module === null ? 'None' : String(module), 2)}`,
    );
    const lines = [...extraLines, ...childLines];
    let body = '';
    if (extraLines.length === 1 && childLines.length === 0) body = extraLines[0];
    else if (lines.length > 0) body = `\n  ${lines.join('\n  ')}\n`;
    return `${this._getName()}(${body})`;
  }

  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return this.toString();
  }
}
