import { setRecorder } from '@x/tensor';
import { recorder } from './recorder';

// The package's one side effect: importing it makes every @x/tensor op on a tensor that
// requires grad record itself (package.json lists this file under sideEffects).
setRecorder(recorder);

// grad mode lives in @x/tensor (initialisers and composites use it too); re-exported unchanged
export { enableGrad, isGradEnabled, noGrad, setGradEnabled } from '@x/tensor';
export { type BackwardOptions, type GradOptions, grad } from './engine';
export { AutogradError } from './errors';
export {
  GradcheckError,
  type GradcheckMismatch,
  type GradcheckOptions,
  type GradcheckResult,
  gradcheck,
} from './gradcheck';
export { RemovableHandle } from './hooks';
export { type Edge, Node } from './node';
export {
  type Recorded,
  VJP_RULES,
  type VjpContext,
  type VjpRule,
  type VjpRuleOf,
  type VjpRules,
} from './vjp';
export {
  defineGradient,
  type UnaryGradient,
  type UnaryGradientContext,
} from './vjp/define-gradient';
