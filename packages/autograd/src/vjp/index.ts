import { type DefinedUnaryOp, isDefinedUnaryOp, type OpAttrs, type RecordedOp } from '@x/tensor';
import { TO_BACKEND_RULE } from './convert';
import { definedRule } from './define-gradient';
import { BINARY_RULES, UNARY_RULES, WHERE_RULE } from './elementwise';
import { INDEXING_RULES } from './indexing';
import { CAT_RULE } from './join';
import { LINALG_RULES } from './linalg';
import { REDUCE_RULES } from './reduce';
import type { VjpRule, VjpRules } from './rule';
import { VIEW_RULES } from './views';

export type { Recorded, VjpContext, VjpRule, VjpRuleOf, VjpRules } from './rule';

/** Every differentiable op @x/tensor records, by the name it records it under. */
export const VJP_RULES: VjpRules = {
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

/** The rules by any recorded op's name: none for ops that are not differentiable. */
const RULES_BY_OP: { readonly [Op in RecordedOp]?: VjpRule<OpAttrs<Op>> } = VJP_RULES;

/**
 * The VJP rule of `op`, typed by the attributes it records; for an op declared with
 * defineUnaryOp, the one defineGradient gave it. Undefined when it has none.
 */
export function ruleFor<Op extends RecordedOp | DefinedUnaryOp>(
  op: Op,
): VjpRule<OpAttrs<Op>> | undefined {
  const rule = isDefinedUnaryOp(op) ? definedRule(op) : RULES_BY_OP[op as RecordedOp];
  return rule as VjpRule<OpAttrs<Op>> | undefined;
}
