import { components } from '../schema/openapi.generated';

type Schemas = components['schemas'];

/** One event of the audit log. @public */
export type AuditEvent = Schemas['AuditEvent'];
/** A page of audit events, newest first. @public */
export type AuditPage = Schemas['AuditPage'];
/** An exception (risk acceptance) and where it is in its lifecycle. @public */
export type PostureException = Schemas['Exception'];
/** A page of exceptions, newest request first. @public */
export type ExceptionPage = Schemas['ExceptionPage'];
/** What a person asks for when requesting an exception. @public */
export type ExceptionRequest = Schemas['ExceptionRequest'];
/** pending, approved, rejected, expired or revoked. @public */
export type ExceptionState = Schemas['ExceptionState'];
/** A CycloneDX VEX justification or a risk-acceptance reason. @public */
export type ExceptionJustification = Schemas['ExceptionJustification'];
/** The approved exception under which a finding does not count. @public */
export type AcceptedRisk = Schemas['AcceptedRisk'];

/**
 * The CycloneDX VEX `not_affected` justifications (the finding does not apply), in the order a
 * form offers them.
 *
 * @public
 */
export const VEX_JUSTIFICATIONS = [
  'code_not_present',
  'code_not_reachable',
  'requires_configuration',
  'requires_dependency',
  'requires_environment',
  'protected_by_compiler',
  'protected_at_runtime',
  'protected_at_perimeter',
  'protected_by_mitigating_control',
] as const;

/**
 * Risk-acceptance reasons (the finding applies, or is wrong, and is accepted for a time).
 *
 * @public
 */
export const RISK_ACCEPTANCE_REASONS = [
  'false_positive',
  'will_not_fix',
  'can_not_fix',
  'workaround_available',
  'fix_planned',
] as const;

/**
 * Every justification an exception may give.
 *
 * @public
 */
export const EXCEPTION_JUSTIFICATIONS: readonly ExceptionJustification[] = [
  ...VEX_JUSTIFICATIONS,
  ...RISK_ACCEPTANCE_REASONS,
];
