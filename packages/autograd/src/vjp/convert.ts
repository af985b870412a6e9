import type { VjpRuleOf } from './rule';

/** Moving to another backend: the gradient moves back to where the input lives. */
export const TO_BACKEND_RULE: VjpRuleOf<'toBackend'> = {
  name: 'ToCopyBackward0',
  vjp: (grad, ctx) => [grad.to(ctx.attrs.source)],
};
