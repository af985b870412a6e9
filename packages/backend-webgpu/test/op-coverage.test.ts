// Every op @x/tensor records, checked against what each layer provides for it: its gradient
// rule in @x/autograd and its kernels on the CPU and on WebGPU, as each backend lists them
// from its own code. Runs without a GPU: the lists are static.
import { VJP_RULES } from '@x/autograd';
import { CPU_KERNELS, type KernelName, OP_SCHEMA, opsOf, type RecordedOp } from '@x/tensor';
import { describe, expect, test } from 'vitest';
import { WEBGPU_KERNELS } from '../src';

const BACKENDS: Readonly<Record<string, ReadonlySet<KernelName>>> = {
  cpu: CPU_KERNELS,
  webgpu: WEBGPU_KERNELS,
};

/** What `op` lacks, one line each naming the op: a gradient rule, or a kernel on a backend. */
function missingFor(
  op: RecordedOp,
  rules: object,
  backends: Readonly<Record<string, ReadonlySet<KernelName>>>,
): string[] {
  const { gradient, kernels } = OP_SCHEMA[op];
  const missing: string[] = [];
  if (gradient === 'vjp' && !(op in rules)) missing.push(`${op}: no gradient rule in @x/autograd`);
  if (gradient === 'not differentiable' && op in rules) {
    missing.push(`${op}: declared not differentiable, yet @x/autograd has a rule for it`);
  }
  if (kernels === 'host only') return missing;
  for (const [backend, implemented] of Object.entries(backends)) {
    for (const kernel of kernels) {
      if (!implemented.has(kernel)) missing.push(`${op}: no ${kernel} kernel on ${backend}`);
    }
  }
  return missing;
}

/** The rules by any recorded op's name (the non-differentiable ones have none). */
const RULES: { readonly [Op in RecordedOp]?: { readonly name: unknown } } = VJP_RULES;

/** `exp: ExpBackward0 | unary:exp`: the op, its rule's node name and its kernels, as the test is named. */
function summary(op: RecordedOp): string {
  const { gradient, kernels } = OP_SCHEMA[op];
  const rule = RULES[op];
  const name =
    rule === undefined ? gradient : typeof rule.name === 'string' ? rule.name : 'named per call';
  return `${op}: ${name} | ${kernels === 'host only' ? kernels : kernels.join(', ')}`;
}

describe('every recorded op has its gradient rule and its kernels on each backend', () => {
  for (const op of opsOf(OP_SCHEMA)) {
    test(summary(op), () => {
      expect(missingFor(op, VJP_RULES, BACKENDS)).toEqual([]);
    });
  }

  test('the schema holds the ops of every kind: elementwise, reductions, views, host only', () => {
    const ops = opsOf(OP_SCHEMA);
    expect(ops).toEqual(expect.arrayContaining(['exp', 'add', 'eq', 'sum', 'view', 'toBackend']));
    expect(OP_SCHEMA.eq.gradient).toBe('not differentiable');
    expect(OP_SCHEMA.view.kernels).toBe('host only');
  });
});

test('a missing rule or kernel is named with its op', () => {
  const { exp: _, ...rulesWithoutExp } = VJP_RULES;
  const webgpuWithoutSum = new Set(WEBGPU_KERNELS);
  webgpuWithoutSum.delete('reduce:sum');
  const backends = { cpu: CPU_KERNELS, webgpu: webgpuWithoutSum };
  const missing = opsOf(OP_SCHEMA).flatMap((op) => missingFor(op, rulesWithoutExp, backends));
  expect(missing).toEqual([
    'exp: no gradient rule in @x/autograd',
    'sum: no reduce:sum kernel on webgpu',
    'mean: no reduce:sum kernel on webgpu',
  ]);
  expect(missingFor('eq', { ...VJP_RULES, eq: VJP_RULES.exp }, BACKENDS)).toEqual([
    'eq: declared not differentiable, yet @x/autograd has a rule for it',
  ]);
});
