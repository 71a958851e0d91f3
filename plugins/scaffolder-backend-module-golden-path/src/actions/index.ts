export { createParametersValidateAction } from './parametersValidate';
export { createPolicyCheckAction } from './policyCheck';
export type { PolicyCheckActionOptions } from './policyCheck';
export { createSecretsScanAction, scanForSecrets } from './secretsScan';
export type { SecretFinding } from './secretsScan';
export {
  createProvenanceWriteAction,
  PROVENANCE_PATH,
} from './provenanceWrite';
export type { ProvenanceWriteActionOptions } from './provenanceWrite';
export {
  TEMPLATE_VERSION_ANNOTATION,
  templateIdentity,
} from './templateIdentity';
export { parseOwnership, ownershipOf } from '@golden-path/template-upgrade';
export type {
  OwnershipClass,
  OwnershipRules,
} from '@golden-path/template-upgrade';
export {
  assertDnsLabel,
  assertEntityRef,
  assertNoSymlinks,
  assertPlainText,
  assertSafeRelativePath,
  INPUT_LIMITS,
  looksSecret,
  resolveInside,
} from './validation';
export { createPublishGitAction } from './publishGit';
export type { PublishGitActionOptions } from './publishGit';
export { createPostureEnrollAction } from './postureEnroll';
export { createTemplateUpgradeAction } from './templateUpgrade';
export { createTemplateUpgradeRunAction } from './templateUpgradeRun';
export type { TemplateUpgradeActionOptions } from './templateUpgrade';
export type {
  EnrollComponentRequest,
  PostureEnrollActionOptions,
} from './postureEnroll';
