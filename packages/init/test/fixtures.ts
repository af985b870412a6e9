// Typed access to fixtures/torch.json, written by fixtures/generate.py with PyTorch 1.13.
// float32 values are stored as their shortest decimals; Math.fround restores them exactly.
import { readFileSync } from 'node:fs';

export interface RandomCase {
  fn: string;
  options: Record<string, number | string>;
  shape: number[];
  seed: number;
  values: number[];
  after: number[];
}

export interface TorchFixture {
  torch: string;
  random: RandomCase[];
  orthogonal: { shape: number[]; gain: number; seed: number; values: number[]; after: number[] }[];
  sparse: {
    shape: number[];
    sparsity: number;
    std: number;
    seed: number;
    values: number[];
    zeros: number[];
    after: number[];
  }[];
  dirac: { shape: number[]; groups: number; values: number[] }[];
  /** Each initialiser called with PyTorch's positional arguments after the tensor. */
  positional: {
    fn: string;
    args: (number | string)[];
    shape: number[];
    seed: number;
    values: number[];
    after: number[];
  }[];
  gains: { nonlinearity: string; param?: number; value: number }[];
  fans: { shape: number[]; fans: [number, number] }[];
  erf: { x: number; erf: number }[];
  /** float32 inputs, PyTorch's float32 erfinv of them, and the float64 erfinv. */
  erfinv: { y: number[]; float32: number[]; float64: number[] };
}

const FLOAT32_FIELDS = new Set(['values', 'after', 'y', 'float32']);

export const torch: TorchFixture = JSON.parse(
  readFileSync(new URL('./fixtures/torch.json', import.meta.url), 'utf8'),
  (key, value) =>
    FLOAT32_FIELDS.has(key) && Array.isArray(value) ? value.map(Math.fround) : value,
);
