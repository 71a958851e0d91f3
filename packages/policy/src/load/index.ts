export { loadPolicies, parsePolicies, PolicyLoadError } from './loadPolicies';
export type { PolicyLoadProblem } from './loadPolicies';
