import type { ControlReference } from './controls';

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
  /**
   * The compliance controls the policy provides evidence for (SOC 2 Trust Services Criteria,
   * ISO/IEC 27001:2022 Annex A); the loader sets it (empty when the file names none), a policy
   * built in code may leave it out.
   */
  controls?: ControlReference[];
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

/**
 * What a posture policy sees of a component's dependency inventory (the variable `inventory`):
 * licence facts from the SBOMs and scanners' package lists of its default branch, kept small.
 *
 * @public
 */
export interface PostureInventory {
  /** The distinct packages (package URLs) of the inventory. */
  packageCount: number;
  /**
   * Each licence id (of the packages' SPDX expressions, or a licence's name where a report gives
   * no id; `none` for packages without a licence) with how many packages carry it, and whether
   * it is one of the configured copyleft licences; most packages first.
   */
  licenses: Array<{ id: string; packages: number; copyleft: boolean }>;
  /** How many packages leave no choice but a copyleft licence. */
  copyleftCount: number;
  /**
   * The packages with their licences, those with a copyleft licence first, then by name; at
   * most {@link POSTURE_INVENTORY_MAX_PACKAGES} (`truncated` says when there were more).
   */
  packages: Array<{
    name: string;
    purl: string;
    version: string | null;
    licenses: string[];
    copyleft: boolean;
    direct: boolean | null;
  }>;
  truncated: boolean;
}

/**
 * The most packages {@link PostureInventory.packages} lists.
 *
 * @public
 */
export const POSTURE_INVENTORY_MAX_PACKAGES = 100;

/**
 * The inventory of a component nothing listed packages for.
 *
 * @public
 */
export const EMPTY_POSTURE_INVENTORY: PostureInventory = Object.freeze({
  packageCount: 0,
  licenses: [],
  copyleftCount: 0,
  packages: [],
  truncated: false,
}) as PostureInventory;
