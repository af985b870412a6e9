import type { Backend, DType, Storage } from '@x/tensor';

/** A tensor's storage on the GPU: one pooled buffer of 4-byte elements. */
export class WebGPUStorage implements Storage {
  /** Set by free(); a released storage's buffer may already serve another tensor. */
  released = false;

  constructor(
    readonly backend: Backend,
    readonly dtype: DType,
    readonly length: number,
    readonly buffer: GPUBuffer,
  ) {}
}
