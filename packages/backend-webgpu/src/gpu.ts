import { BackendError } from '@x/tensor';
import type {} from 'webgpu';

/** Options for finding a WebGPU adapter. */
export interface AdapterOptions {
  /** Which adapter to prefer where there are several (WebGPU's requestAdapter option). */
  powerPreference?: GPUPowerPreference;
  /** How long to wait for the adapter (and the device) before failing, in ms (default 10000). */
  timeoutMs?: number;
  /**
   * The `GPU` to use instead of `navigator.gpu` (browsers) or the `webgpu` npm package's
   * `create([])` (Node): a polyfill, or a Dawn instance created with your own flags.
   */
  gpu?: GPU;
}

/** What the adapter says about itself (the analog of torch.cuda.get_device_name). */
export interface AdapterInfo {
  readonly vendor: string;
  readonly architecture: string;
  readonly device: string;
  readonly description: string;
  /** True for software adapters such as Mesa's lavapipe or SwiftShader. */
  readonly isFallbackAdapter: boolean;
}

const DEFAULT_TIMEOUT_MS = 10_000;

/**
 * Node's GPU, created once per process. Dawn crashes at random if the object create()
 * returns is garbage-collected while a device lives, so this module and every backend keep
 * a strong reference to it.
 */
let nodeGPU: Promise<GPU> | null = null;

/** Whether this runs in Node, where WebGPU is Dawn's binding (see event-loop-guard.ts). */
export function isNode(): boolean {
  const versions = (globalThis as { process?: { versions?: { node?: string } } }).process?.versions;
  return typeof versions?.node === 'string';
}

/**
 * import() of a module only Node has. The specifier is a variable so that browser bundlers
 * neither bundle the module (the native Dawn addon) nor warn about Node built-ins.
 */
function nodeOnly<T>(specifier: string): Promise<T> {
  return import(/* @vite-ignore */ specifier);
}

/** Dawn's Vulkan loader wants XDG_RUNTIME_DIR; without it, a private 0700 temp dir. */
async function ensureRuntimeDir(): Promise<void> {
  if (process.env.XDG_RUNTIME_DIR) return;
  const { mkdtempSync } = await nodeOnly<typeof import('node:fs')>('node:fs');
  const { tmpdir } = await nodeOnly<typeof import('node:os')>('node:os');
  const { join } = await nodeOnly<typeof import('node:path')>('node:path');
  process.env.XDG_RUNTIME_DIR = mkdtempSync(join(tmpdir(), 'x-webgpu-'));
}

async function createNodeGPU(): Promise<GPU> {
  await ensureRuntimeDir();
  let module: { create(flags: string[]): GPU };
  try {
    module = await nodeOnly('webgpu');
  } catch (error) {
    throw new BackendError(
      `webgpu: could not load the 'webgpu' package (Dawn for Node): ${(error as Error).message}`,
    );
  }
  return module.create([]);
}

/** The GPU entry point: options.gpu, navigator.gpu in browsers, Dawn in Node; null if none. */
export async function getGPU(options: AdapterOptions = {}): Promise<GPU | null> {
  if (options.gpu !== undefined) return options.gpu;
  const navigatorGPU = (globalThis as { navigator?: { gpu?: GPU } }).navigator?.gpu;
  if (navigatorGPU !== undefined) return navigatorGPU;
  if (!isNode()) return null;
  nodeGPU ??= createNodeGPU();
  try {
    return await nodeGPU;
  } catch (error) {
    nodeGPU = null;
    throw error;
  }
}

/** `promise`, or a BackendError naming `what` after `ms` milliseconds. */
export function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () =>
        reject(
          new BackendError(
            `webgpu: ${what} did not answer within ${ms} ms (timeoutMs); is a GPU driver installed?`,
          ),
        ),
      ms,
    );
    (timer as { unref?: () => void }).unref?.();
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

export function timeoutOf(options: AdapterOptions): number {
  const ms = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  if (!(ms > 0))
    throw new BackendError(
      `webgpu: timeoutMs must be a positive number of milliseconds, got ${String(ms)}`,
    );
  return ms;
}

/** The adapter, or null when the platform has none (no WebGPU, no driver). */
export async function requestAdapter(
  options: AdapterOptions = {},
): Promise<{ gpu: GPU; adapter: GPUAdapter } | null> {
  const ms = timeoutOf(options);
  const gpu = await getGPU(options);
  if (gpu === null) return null;
  const request: GPURequestAdapterOptions = {};
  if (options.powerPreference !== undefined) request.powerPreference = options.powerPreference;
  const adapter = await withTimeout(gpu.requestAdapter(request), ms, 'requestAdapter()');
  return adapter === null ? null : { gpu, adapter };
}

export function describeAdapter(adapter: GPUAdapter): AdapterInfo {
  const info = adapter.info;
  const legacy = (adapter as { isFallbackAdapter?: boolean }).isFallbackAdapter;
  return {
    vendor: info?.vendor ?? '',
    architecture: info?.architecture ?? '',
    device: info?.device ?? '',
    description: info?.description ?? '',
    isFallbackAdapter:
      (info as { isFallbackAdapter?: boolean })?.isFallbackAdapter ?? legacy ?? false,
  };
}

/**
 * Whether a WebGPU adapter can be had here (the analog of torch.cuda.is_available()).
 *
 * @example
 * if (await isAvailable()) setDefaultBackend(await webgpu());
 */
export async function isAvailable(options: AdapterOptions = {}): Promise<boolean> {
  try {
    return (await requestAdapter(options)) !== null;
  } catch {
    return false;
  }
}

/**
 * The adapter's vendor, architecture and description, or null when there is none
 * (the analog of torch.cuda.get_device_name; WebGPU exposes one adapter per request).
 *
 * @example
 * console.log((await adapterInfo())?.description); // 'llvmpipe (LLVM 15.0.6, 256 bits)', ...
 */
export async function adapterInfo(options: AdapterOptions = {}): Promise<AdapterInfo | null> {
  const found = await requestAdapter(options);
  return found === null ? null : describeAdapter(found.adapter);
}
