// The rule table is checked by the compiler against @x/tensor's schema of recorded ops. The
// `@ts-expect-error` lines are part of the test: `pnpm typecheck` fails if one of them
// stops being an error (a missing rule or a misnamed attribute compiling again).
import '../src';
import { type OpAttrs, type Tensor, tensor } from '@x/tensor';
import { expect, test } from 'vitest';
import { VJP_RULES, type VjpContext, type VjpRules } from '../src';

/** What backward passes a rule for one call with these attributes and input shapes. */
function contextFor<Attrs>(attrs: Attrs, inputShapes: number[][]): VjpContext<Attrs> {
  return {
    attrs,
    inputShapes,
    inputStrides: inputShapes.map(() => []),
    needsInputGrad: inputShapes.map(() => true),
    saved: () => {
      throw new Error('this rule saves nothing');
    },
  };
}

test('a rule reads the attributes its op records, with their types', () => {
  const grad = tensor([
    [1, 2, 3],
    [4, 5, 6],
  ]);
  const slice: OpAttrs<'slice'> = { dim: 1, start: 1, step: 2, inputShape: [2, 6] };
  const [input] = VJP_RULES.slice.vjp(grad, contextFor(slice, [[2, 6]]));
  // The gradient goes back to columns 1, 3, 5 of the input.
  expect((input as Tensor).tolistSync()).toEqual([
    [0, 1, 0, 2, 0, 3],
    [0, 4, 0, 5, 0, 6],
  ]);

  // @ts-expect-error slice records `start`, not `begin`
  const misnamed: OpAttrs<'slice'> = { dim: 1, begin: 1, step: 2, inputShape: [2, 6] };
  expect(misnamed).toBeDefined();
  // Untyped, this mistake would surface only when backward runs.
  // @ts-expect-error transpose's rule cannot be given slice's attributes
  expect(() => VJP_RULES.transpose.vjp(grad, contextFor(slice, [[2, 6]]))).toThrow(/dim0/);
});

test('a rule table without the rule of a differentiable op does not compile', () => {
  const { exp: _, ...withoutExp } = VJP_RULES;
  // @ts-expect-error exp's rule is missing
  const incomplete: VjpRules = withoutExp;
  expect(Object.keys(incomplete)).not.toContain('exp');
  expect(Object.keys(VJP_RULES)).toContain('exp');
});
