import type { View } from '../backend';
import type { Generator } from '../random/generator';
import { type GeneratorFill, mt19937FillWasm } from '../wasm/ops/random';
import { CpuStorage } from './storage';

/**
 * Draws a uniform_/normal_ fill straight into a CPU view with the WebAssembly kernels, the
 * same values and generator state as drawing on the host; false when it does not apply (not
 * a CPU heap view, a small or strided view, no kernels), and the caller draws on the host.
 */
export function fillOnCpu(out: View, generator: Generator, fill: GeneratorFill): boolean {
  return out.storage instanceof CpuStorage && mt19937FillWasm(out, generator, fill);
}
