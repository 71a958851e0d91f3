export {
  isDockerfileName,
  listWorkspaceFiles,
  readWorkspace,
  WORKSPACE_LIMITS,
  WorkspaceError,
} from './readWorkspace';
export type { WorkspaceFile, WorkspaceModel } from './readWorkspace';
export { isKubernetesObject, workloadOf } from './kubernetes';
export type { KubernetesObject, Workload } from './kubernetes';
