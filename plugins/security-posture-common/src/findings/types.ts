/**
 * Normalized severity of a finding, shared by every scanner format.
 *
 * @public
 */
export type Severity = 'critical' | 'high' | 'medium' | 'low' | 'info';

/**
 * Every {@link Severity}, ordered most severe first.
 *
 * @public
 */
export const SEVERITIES: readonly Severity[] = Object.freeze([
  'critical',
  'high',
  'medium',
  'low',
  'info',
]);

/**
 * What kind of weakness a finding describes.
 *
 * - `sast`: a code weakness found by static analysis.
 * - `sca`: a vulnerable third-party dependency.
 * - `secret`: a credential committed to the repository.
 * - `container`: a vulnerable package inside a container image.
 * - `iac`: an infrastructure-as-code misconfiguration.
 * - `repo`: a repository-level practice (OpenSSF Scorecard).
 *
 * @public
 */
export type FindingKind =
  | 'sast'
  | 'sca'
  | 'secret'
  | 'container'
  | 'iac'
  | 'repo';

/**
 * Every {@link FindingKind}.
 *
 * @public
 */
export const FINDING_KINDS: readonly FindingKind[] = Object.freeze([
  'sast',
  'sca',
  'secret',
  'container',
  'iac',
  'repo',
]);

/**
 * A scanner report format that the backend parses out of the box.
 *
 * @public
 */
export type ReportFormat =
  | 'sarif'
  | 'trivy'
  | 'gitleaks'
  | 'grype'
  | 'osv-scanner'
  | 'cyclonedx'
  | 'scorecard'
  | 'npm-audit'
  | 'spdx';

/**
 * Every built-in {@link ReportFormat}.
 *
 * @public
 */
export const REPORT_FORMATS: readonly ReportFormat[] = Object.freeze([
  'sarif',
  'trivy',
  'gitleaks',
  'grype',
  'osv-scanner',
  'cyclonedx',
  'scorecard',
  'npm-audit',
  'spdx',
]);

/**
 * The package a dependency finding is about.
 *
 * @public
 */
export interface FindingPackage {
  /** Package URL (purl) when the scanner gave one or it could be built. */
  purl?: string;
  name: string;
  installedVersion?: string;
  /** The lowest version that fixes the finding, when known. */
  fixedVersion?: string;
  /** Ecosystem as the scanner names it, for example `npm`, `PyPI`, `alpine`. */
  ecosystem?: string;
}

/**
 * Where in the repository a finding is. Lines are 1-based positive integers; values a scanner
 * reported outside 1..10,000,000 are dropped by the parsers, never passed on.
 *
 * @public
 */
export interface FindingLocation {
  /** Path with forward slashes, without a `file://` scheme or a leading `./`. */
  path: string;
  startLine?: number;
  endLine?: number;
}

/**
 * Why a finding is suppressed in the report itself: a SARIF `suppressions` entry that is
 * accepted (or has no status), or a CycloneDX VEX analysis that says the component is not
 * affected.
 *
 * @public
 */
export interface FindingSuppression {
  source: 'sarif' | 'vex';
  /** SARIF suppression kind and status, or the VEX `analysis.state`. */
  state: string;
  justification?: string;
}

/**
 * One normalized finding out of a scanner report.
 *
 * @public
 */
export interface ParsedFinding {
  /**
   * Stable identity within (component, tool): a lowercase hex SHA-256 computed from the
   * scanner's own identity fields (never from a secret's value).
   */
  fingerprint: string;
  /** Normalized lowercase tool name, for example `trivy`, `semgrep`, `codeql`, `gitleaks`. */
  tool: string;
  kind: FindingKind;
  ruleId: string;
  title: string;
  severity: Severity;
  /**
   * Every vulnerability identifier known for the finding (CVE-…, GHSA-…, OSV ids), the
   * `ruleId` included when it is one; sorted, unique.
   */
  aliases: string[];
  /** CWE ids in the form `CWE-79`; sorted, unique. */
  cwes: string[];
  package?: FindingPackage;
  location?: FindingLocation;
  /** Plain text, never HTML; render it as text. */
  message: string;
  remediation?: string;
  /** Only http(s) URLs; anything else is dropped by the parsers. */
  remediationUrl?: string;
  cvssScore?: number;
  suppression?: FindingSuppression;
  /** Set on secret findings: the redacted form only, never the clear value. */
  secret?: { redacted: string };
}

/**
 * One OpenSSF Scorecard check (or probe): a repository practice with a score, not a finding.
 *
 * @public
 */
export interface PostureCheck {
  name: string;
  /** 0..10, or -1 when the check was inconclusive or carries no score (probes). */
  score: number;
  reason: string;
  documentationUrl?: string;
  details?: string[];
  /** Maintainer annotations (scorecard `--show-annotations`). */
  annotations?: string[];
}

/**
 * A tool a report covers. A complete tool listed with zero findings means every open finding
 * of that tool on the component is fixed.
 *
 * @public
 */
export interface ReportTool {
  name: string;
  version?: string;
  /**
   * Set when the tool's run did not complete (a SARIF run whose invocation failed, or that
   * has no `results` array): its findings are real, but a finding it does not list must not
   * be taken as fixed.
   */
  incomplete?: boolean;
}

/**
 * One package of a component's dependency inventory, as an SBOM (CycloneDX, SPDX) or a scanner's
 * package list (Trivy, Grype, OSV-Scanner) names it.
 *
 * @public
 */
export interface InventoryPackage {
  /** The tool whose list it is (one of the report's `tools`): an upload replaces only its tool's. */
  tool: string;
  /** Package URL with the version, e.g. `pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1`. */
  purl: string;
  /** The name as the ecosystem writes it (with its group or scope, e.g. `@babel/core`). */
  name: string;
  /** The version as the ecosystem writes it (the purl's, else the report's). */
  version?: string;
  /** SPDX licence ids or expressions (or names where the SBOM gives no id); sorted, unique. */
  licenses: string[];
  /** How it is needed, where the SBOM says: CycloneDX `scope` (`required`, `optional`, `excluded`), or `dev` / `optional` from SPDX relationships. */
  scope?: string;
  /** Whether the component depends on it directly (`true`) or through another package (`false`); absent when the report does not say. */
  direct?: boolean;
  /** The manifest, lock file or image layer it was found in, where the report gives it. */
  path?: string;
}

/**
 * A whole parsed report: the findings and checks of every tool it covers.
 *
 * @public
 */
export interface ParsedReport {
  /** A built-in {@link ReportFormat}, or the name of a format added through the extension point. */
  format: ReportFormat | (string & {});
  tools: ReportTool[];
  findings: ParsedFinding[];
  checks: PostureCheck[];
  /**
   * The packages the report lists (SBOMs, and scanners' package lists). When present, the
   * inventory of each of the report's tools on the branch becomes what it lists for that tool.
   */
  packages?: InventoryPackage[];
  commit?: string;
  /** ISO 8601 time of the scan, when the report carries one. */
  scannedAt?: string;
}
