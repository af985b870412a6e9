/**
 * The state dict the safetensors rows save and load: X_BENCH_SAFETENSORS_MB MiB of float32
 * (default 1024) in tensors of at most 64 MiB, as a large model's layers are. PyTorch's
 * side (torch/safetensors_io.py) builds the same shapes.
 */
export const MIB = Number(process.env.X_BENCH_SAFETENSORS_MB ?? 1024);

/** The tensors' shapes: as many 64 MiB [4096, 4096] blocks as fit, then the rest. */
export function stateShapes(mib = MIB) {
  const shapes = [];
  let left = mib * 2 ** 18; // floats
  while (left > 0) {
    const n = Math.min(left, 2 ** 24);
    shapes.push(n % 4096 === 0 ? [n / 4096, 4096] : [n]);
    left -= n;
  }
  return shapes;
}

/** A Map of `layers.i.weight` -> filled float32 tensor (values are not zero pages). */
export function makeState(x, mib = MIB) {
  return new Map(
    stateShapes(mib).map((shape, i) => [`layers.${i}.weight`, x.full(shape, 0.5 + i)]),
  );
}
