import { setRecorder } from '@x/tensor';
import { recorder } from './recorder';

// The package's one side effect: importing it makes every @x/tensor op on a tensor that
// requires grad record itself (package.json lists this file under sideEffects).
setRecorder(recorder);

export { type BackwardOptions, type GradOptions, grad } from './engine';
export { AutogradError, GradcheckError } from './errors';
export { enableGrad, isGradEnabled, noGrad, setGradEnabled } from './grad-mode';
export {
  type GradcheckMismatch,
  type GradcheckOptions,
  type GradcheckResult,
  gradcheck,
} from './gradcheck';
export { RemovableHandle } from './hooks';
export { type Edge, Node } from './node';
export { type Recorded, VJP_RULES, type VjpContext, type VjpRule } from './vjp';
export {
  defineGradient,
  type UnaryGradient,
  type UnaryGradientContext,
} from './vjp/define-gradient';
