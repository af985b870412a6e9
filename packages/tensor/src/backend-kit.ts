/**
 * `@x/tensor/backend`: what a backend author needs, and nothing a model author does: the
 * Backend spec (a backend whose `specVersion` is not BACKEND_SPEC_VERSION is refused where
 * it is first used) and the layout helpers that turn a strided view into a kernel's loop.
 *
 * @example
 * import { BACKEND_SPEC_VERSION, type Backend, coalesce } from '@x/tensor/backend';
 */
export type {
  Backend,
  GeneratorFill,
  MemoryInfo,
  PhiloxFill,
  Storage,
  View,
} from './backend';
export { BACKEND_SPEC_VERSION } from './backend';
export { coalesce, isContiguous, type Strided } from './layout';
export { contiguousStrides, numel } from './shape';
