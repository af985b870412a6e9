import { ModuleBuilder } from './emitter/module';
import { emitBoxMuller } from './kernels/box-muller';
import { ConstantPool } from './kernels/constants';
import { emitElementwise } from './kernels/elementwise';
import { ELEMENTWISE_KERNELS } from './kernels/elementwise-ops';
import { emitMatmul } from './kernels/matmul';
import { emitMt19937 } from './kernels/mt19937';
import { emitPhilox } from './kernels/philox';
import { emitQr } from './kernels/qr';
import { emitReductions } from './kernels/reduce';

/**
 * The exported kernels by name; every argument is an i32 address, stride or size (strides
 * and addresses in bytes) or an f32 parameter. See each kernel's emitter for its signature.
 */
export type Kernels = Readonly<Record<string, (...args: number[]) => number>>;

/** Emits every kernel into one module importing the heap's memory. */
export function buildKernelModule(shared: boolean, maximumPages: number): Uint8Array<ArrayBuffer> {
  const module = new ModuleBuilder({ initial: 1, maximum: maximumPages, shared });
  emitMatmul(module);
  for (const kernel of ELEMENTWISE_KERNELS) emitElementwise(module, kernel);
  emitReductions(module);
  const pool = new ConstantPool();
  emitMt19937(module, pool);
  emitBoxMuller(module, pool);
  emitPhilox(module);
  emitQr(module);
  pool.emitInit(module);
  return module.toBytes();
}
