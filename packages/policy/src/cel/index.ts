export {
  CEL_LIMITS,
  CelCompileError,
  compileExpression,
  fromCel,
} from './compile';
export type { CompiledExpression } from './compile';
export { POLICY_FUNCTIONS } from './functions';
