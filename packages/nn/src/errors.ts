import { XError } from '@x/tensor';

/**
 * loadStateDict found missing, unexpected or mis-shaped entries; PyTorch raises a
 * RuntimeError with the same lines. Nothing was copied.
 */
export class StateDictError extends XError {
  override name = 'StateDictError';
}

/** Malformed or unsupported safetensors bytes; the parser throws nothing else. */
export class SafetensorsError extends XError {
  override name = 'SafetensorsError';
}

/** A lazy module's parameter was used before the first forward() gave it a shape. */
export class UninitializedParameterError extends XError {
  override name = 'UninitializedParameterError';
}

/**
 * A parametrization's rightInverse cannot invert this value (Python's NotImplementedError):
 * registerParametrization then keeps the original as it is.
 */
export class NotImplementedError extends XError {
  override name = 'NotImplementedError';
}

/** clipGradNorm_ with errorIfNonfinite found a NaN or infinite total norm; no gradient changed. */
export class NonFiniteNormError extends XError {
  override name = 'NonFiniteNormError';
}
