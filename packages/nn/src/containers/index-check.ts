import { IndexError } from '@x/tensor';
import type { Module } from '../module';
import { REGISTRY } from '../registration';

/** The (name, module) at a Python-style index of a container's children. */
export function entryAt(container: Module, index: number, op: string): [string, Module | null] {
  const entries = [...container[REGISTRY].modules];
  const size = entries.length;
  if (!Number.isInteger(index) || index < -size || index >= size) {
    throw new IndexError(
      `${op}: index ${index} is out of range for a container of ${size} modules`,
    );
  }
  return entries[index < 0 ? index + size : index];
}
