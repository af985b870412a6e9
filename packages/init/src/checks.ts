import { ArgumentError, DisposedError, DTypeError, ShapeError, show, Tensor } from '@x/tensor';

/** A live tensor: checked first, so a bad call never draws from the generator. */
export function checkTensor(op: string, tensor: Tensor): void {
  if (!(tensor instanceof Tensor)) {
    throw new ArgumentError(`${op}: tensor must be a Tensor, got ${show(tensor)}`);
  }
  if (tensor.isDisposed) {
    throw new DisposedError(`${op}: the tensor was disposed and can no longer be used`);
  }
}

/** Random fills exist only for floating-point tensors (PyTorch: "not implemented for 'Long'"). */
export function checkFloat(op: string, tensor: Tensor): void {
  checkTensor(op, tensor);
  if (tensor.dtype !== 'float32') {
    throw new DTypeError(
      `${op}: expected a float32 tensor (random fills are only implemented for floating-point dtypes), got ${tensor.dtype}`,
    );
  }
}

export function checkFinite(op: string, name: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new ArgumentError(`${op}: ${name} must be a finite number, got ${show(value)}`);
  }
  return value;
}

/** PyTorch's normal_ check: "normal expects std >= 0.0". */
export function checkStd(op: string, std: unknown, name = 'std'): number {
  checkFinite(op, name, std);
  if ((std as number) < 0) {
    throw new ArgumentError(`${op}: normal expects ${name} >= 0.0, but found ${name} ${show(std)}`);
  }
  return std as number;
}

/** truncNormal_'s std: its bounds divide by it, so it must be positive. */
export function checkPositiveStd(op: string, std: number, name = 'std'): void {
  if (std <= 0) throw new ArgumentError(`${op}: ${name} must be > 0, got ${name}=${std}`);
}

const FLOAT32_MAX = 3.4028234663852886e38;

/** PyTorch's uniform_ checks: low <= high, both and their distance within the float32 range. */
export function checkUniformBounds(op: string, a: unknown, b: unknown, names = ['a', 'b']): void {
  const [lowName, highName] = names;
  const low = checkFinite(op, lowName, a);
  const high = checkFinite(op, highName, b);
  if (low > high) {
    throw new ArgumentError(
      `${op}: expects to return a [${lowName}, ${highName}) range, but found ${lowName}=${low} > ${highName}=${high}`,
    );
  }
  if (Math.abs(low) > FLOAT32_MAX || Math.abs(high) > FLOAT32_MAX || high - low > FLOAT32_MAX) {
    throw new ArgumentError(
      `${op}: expects ${lowName}, ${highName} and their difference within the float32 range, got ${lowName}=${low}, ${highName}=${high}`,
    );
  }
}

/** PyTorch's "Only tensors with N dimensions are supported"; `what` spells N as PyTorch does. */
export function checkNdim(
  op: string,
  tensor: Tensor,
  accepts: (ndim: number) => boolean,
  what: string,
): void {
  if (!accepts(tensor.ndim)) {
    throw new ShapeError(
      `${op}: Only tensors with ${what} dimensions are supported, got a tensor of shape ${show(tensor.shape)}`,
    );
  }
}
