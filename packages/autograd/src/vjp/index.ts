import { TO_BACKEND_RULE } from './convert';
import { BINARY_RULES, UNARY_RULES, WHERE_RULE } from './elementwise';
import { INDEXING_RULES } from './indexing';
import { CAT_RULE } from './join';
import { LINALG_RULES } from './linalg';
import { REDUCE_RULES } from './reduce';
import type { VjpRule } from './rule';
import { VIEW_RULES } from './views';

export type { Recorded, VjpContext, VjpRule } from './rule';

/** Every differentiable op @x/tensor records, by the name it records it under. */
export const VJP_RULES: Readonly<Record<string, VjpRule>> = {
  ...UNARY_RULES,
  ...BINARY_RULES,
  where: WHERE_RULE,
  ...REDUCE_RULES,
  ...VIEW_RULES,
  cat: CAT_RULE,
  ...INDEXING_RULES,
  ...LINALG_RULES,
  toBackend: TO_BACKEND_RULE,
};
