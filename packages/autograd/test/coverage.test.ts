import { BINARY_OPS, getRecorder, manualSeed, setRecorder, UNARY_OPS } from '@x/tensor';
import { expect, test } from 'vitest';
import { VJP_RULES } from '../src';
import { CASES } from './cases';

test('every op of the elementwise table with a float result has a VJP rule', () => {
  const tables = { ...UNARY_OPS, ...BINARY_OPS } as Record<string, { rule: string }>;
  const differentiable = Object.keys(tables).filter((op) => tables[op].rule !== 'bool');
  const comparisons = Object.keys(tables).filter((op) => tables[op].rule === 'bool');
  expect(differentiable.filter((op) => !(op in VJP_RULES))).toEqual([]);
  // Comparisons and logical ops have bool results: no gradient, so no rule.
  expect(comparisons.filter((op) => op in VJP_RULES)).toEqual([]);
  expect(comparisons).toContain('eq');
});

test('the gradcheck cases record every op that has a VJP rule', () => {
  const inner = getRecorder();
  if (inner === null) throw new Error('@x/autograd did not install its recorder');
  const recorded = new Set<string>();
  setRecorder({
    ...inner,
    record: (op, inputs, output, attrs) => {
      recorded.add(op);
      inner.record(op, inputs, output, attrs);
    },
  });
  try {
    manualSeed(0);
    for (const { fn, inputs } of Object.values(CASES).flat()) fn(...inputs());
  } finally {
    setRecorder(inner);
  }
  expect(Object.keys(VJP_RULES).filter((op) => !recorded.has(op))).toEqual([]);
});
