import type { Backend } from '@x/tensor';
import type { VjpRule } from './rule';

/** Moving to another backend: the gradient moves back to where the input lives. */
export const TO_BACKEND_RULE: VjpRule = {
  name: 'ToCopyBackward0',
  vjp: (grad, ctx) => [grad.to(ctx.attrs.source as Backend)],
};
