export {
  bernoulliFill,
  normalFill,
  philoxNormalFill,
  philoxUniformFill,
  randintFill,
  randperm,
  uniformFill,
} from './distributions.js';
export {
  DEFAULT_SEED,
  defaultGenerator,
  Generator,
  type GeneratorOptions,
  getRngState,
  MT_STATE_BYTES,
  manualSeed,
  PHILOX_STATE_BYTES,
  type RngAlgorithm,
  type Seed,
  setRngState,
} from './generator.js';
export { MT19937 } from './mt19937.js';
export {
  forEachPhiloxBlock,
  philox4x32,
  philoxBlock,
  philoxStream,
  type U32x4,
  u32ToUniform,
} from './philox.js';
