import type { GradcheckCase } from '../helpers';
import { ELEMENTWISE_CASES } from './elementwise';
import { INDEXING_CASES } from './indexing';
import { LINALG_CASES } from './linalg';
import { REDUCE_CASES } from './reduce';
import { VIEW_CASES } from './views';

/** Every gradcheck case, by kind, as the VJP rules are split. */
export const CASES: Record<string, GradcheckCase[]> = {
  elementwise: ELEMENTWISE_CASES,
  reduce: REDUCE_CASES,
  views: VIEW_CASES,
  indexing: INDEXING_CASES,
  linalg: LINALG_CASES,
};
