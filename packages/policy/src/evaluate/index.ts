export {
  evaluateWorkspace,
  evaluateWorkspaceModel,
  policyApplies,
} from './evaluateWorkspace';
export type { EvaluateOptions, PolicySubject } from './evaluateWorkspace';
export { evaluatePosture } from './evaluatePosture';
