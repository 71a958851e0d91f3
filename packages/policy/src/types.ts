/**
 * What a policy applies to: a rendered repository, or a component's posture.
 *
 * @public
 */
export type PolicyTarget = 'workspace' | 'posture';

/**
 * What a violation does: `enforce` fails, `warn` reports, `log` only records.
 *
 * @public
 */
export type PolicyMode = 'enforce' | 'warn' | 'log';

/**
 * Severity of a rule.
 *
 * @public
 */
export type PolicySeverity = 'critical' | 'high' | 'medium' | 'low' | 'info';

/**
 * Which components a policy applies to; an absent list means all.
 *
 * @public
 */
export interface PolicyScope {
  tiers?: number[];
  kinds?: string[];
  systems?: string[];
}

/**
 * One rule of a loaded policy, with its compiled expression.
 *
 * @public
 */
export interface PolicyRule {
  id: string;
  title: string;
  severity: PolicySeverity;
  /** How to fix a violation. */
  fix: string;
  /** Globs (relative to the workspace root) of the files the rule is evaluated on. */
  files?: string[];
  /** Message of the violation when a boolean `expression` is false. */
  message?: string;
  /** The CEL source: a boolean `expression` or a `violations` list. */
  source: { kind: 'expression' | 'violations'; text: string };
  /** The compiled expression. */
  evaluate: (vars: Record<string, unknown>) => unknown;
}

/**
 * A loaded, validated policy.
 *
 * @public
 */
export interface Policy {
  name: string;
  description: string;
  target: PolicyTarget;
  mode: PolicyMode;
  scope?: PolicyScope;
  rules: PolicyRule[];
  /** The file it was loaded from. */
  file: string;
}

/**
 * One violation of a rule.
 *
 * @public
 */
export interface PolicyResult {
  policy: string;
  rule: string;
  /** The workspace-relative file, or `.` for the workspace as a whole. */
  file: string;
  line?: number;
  message: string;
  fix: string;
  mode: PolicyMode;
  severity: PolicySeverity;
}
