import {
  ReportFormat,
  Severity,
  isSeverity,
} from '@golden-path/plugin-security-posture-common';

/**
 * One row of the severity mapping: in `format`, at precedence `step` (1 first), the report
 * field `field` holding `value` gives `severity`. A `severity` of `cvss` means the value is a
 * CVSS score mapped through the CVSS thresholds; a `value` of `(none)` is the fallback when no
 * earlier step gave a severity. docs/severity-mapping.md shows exactly these rows; a test
 * keeps the two equal.
 *
 * @public
 */
export interface SeverityMappingRow {
  /** A {@link @golden-path/plugin-security-posture-common#ReportFormat}, or `dependency-track-fpf`. */
  format: ReportFormat | typeof DEPENDENCY_TRACK_FPF;
  step: number;
  field: string;
  value: string;
  severity: Severity | 'cvss';
}

/** Format name of Dependency-Track's Finding Packaging Format (an optional parser). */
export const DEPENDENCY_TRACK_FPF = 'dependency-track-fpf';

/** Marks the fallback row of a format. */
const NO_VALUE = '(none)';
/** Marks a row whose value is a CVSS score. */
const CVSS_VALUE = 'CVSS score';

const row = (
  format: SeverityMappingRow['format'],
  step: number,
  field: string,
  value: string,
  severity: Severity | 'cvss',
): SeverityMappingRow => ({ format, step, field, value, severity });

const words = (
  format: SeverityMappingRow['format'],
  step: number,
  field: string,
  pairs: Array<[string, Severity]>,
) =>
  pairs.map(([value, severity]) => row(format, step, field, value, severity));

/** SARIF field names used in the mapping. */
export const SARIF_FIELDS = {
  securitySeverity: 'properties.security-severity (result, else rule)',
  level: 'level (result, else rule defaultConfiguration.level)',
  problemSeverity: 'rule properties.problem.severity',
  secretFallback: 'secret results (gitleaks)',
} as const;

/**
 * Every source field → severity mapping of every built-in format.
 *
 * @public
 */
export const SEVERITY_MAPPING: readonly SeverityMappingRow[] = Object.freeze([
  row('sarif', 1, SARIF_FIELDS.securitySeverity, CVSS_VALUE, 'cvss'),
  ...words('sarif', 1, SARIF_FIELDS.securitySeverity, [
    ['critical', 'critical'],
    ['high', 'high'],
    ['medium', 'medium'],
    ['low', 'low'],
    ['info', 'info'],
  ]),
  ...words('sarif', 2, SARIF_FIELDS.level, [
    ['error', 'high'],
    ['warning', 'medium'],
    ['note', 'low'],
    ['none', 'info'],
  ]),
  ...words('sarif', 3, SARIF_FIELDS.problemSeverity, [
    ['error', 'high'],
    ['warning', 'medium'],
    ['recommendation', 'low'],
  ]),
  row('sarif', 4, SARIF_FIELDS.secretFallback, NO_VALUE, 'high'),
  row('sarif', 5, 'level', NO_VALUE, 'medium'),

  ...words('trivy', 1, 'Severity', [
    ['CRITICAL', 'critical'],
    ['HIGH', 'high'],
    ['MEDIUM', 'medium'],
    ['LOW', 'low'],
  ]),
  row('trivy', 2, 'CVSS.*.V3Score (highest)', CVSS_VALUE, 'cvss'),
  row('trivy', 3, 'Severity', NO_VALUE, 'medium'),

  row('gitleaks', 1, 'every leak', NO_VALUE, 'high'),

  ...words('grype', 1, 'vulnerability.severity', [
    ['Critical', 'critical'],
    ['High', 'high'],
    ['Medium', 'medium'],
    ['Low', 'low'],
    ['Negligible', 'info'],
  ]),
  row(
    'grype',
    2,
    'cvss[].metrics.baseScore (highest, related vulnerabilities included)',
    CVSS_VALUE,
    'cvss',
  ),
  row('grype', 3, 'vulnerability.severity', NO_VALUE, 'medium'),

  row('osv-scanner', 1, 'groups[].max_severity', CVSS_VALUE, 'cvss'),
  row(
    'osv-scanner',
    2,
    'vulnerabilities[].severity[] CVSS v3 vector (base score, highest)',
    CVSS_VALUE,
    'cvss',
  ),
  ...words('osv-scanner', 3, 'vulnerabilities[].database_specific.severity', [
    ['CRITICAL', 'critical'],
    ['HIGH', 'high'],
    ['MODERATE', 'medium'],
    ['MEDIUM', 'medium'],
    ['LOW', 'low'],
  ]),
  row('osv-scanner', 4, 'severity', NO_VALUE, 'medium'),

  ...words(
    'cyclonedx',
    1,
    'vulnerabilities[].ratings[].severity (most severe)',
    [
      ['critical', 'critical'],
      ['high', 'high'],
      ['medium', 'medium'],
      ['low', 'low'],
      ['info', 'info'],
      ['none', 'info'],
    ],
  ),
  row(
    'cyclonedx',
    2,
    'vulnerabilities[].ratings[].score (ratings without a severity)',
    CVSS_VALUE,
    'cvss',
  ),
  row('cyclonedx', 3, 'ratings', NO_VALUE, 'medium'),

  ...words('npm-audit', 1, 'severity', [
    ['critical', 'critical'],
    ['high', 'high'],
    ['moderate', 'medium'],
    ['low', 'low'],
    ['info', 'info'],
  ]),
  row('npm-audit', 2, 'severity', NO_VALUE, 'medium'),

  ...words(DEPENDENCY_TRACK_FPF, 1, 'vulnerability.severity', [
    ['CRITICAL', 'critical'],
    ['HIGH', 'high'],
    ['MEDIUM', 'medium'],
    ['LOW', 'low'],
    ['INFO', 'info'],
  ]),
  row(
    DEPENDENCY_TRACK_FPF,
    2,
    'vulnerability.cvssV3BaseScore',
    CVSS_VALUE,
    'cvss',
  ),
  row(DEPENDENCY_TRACK_FPF, 3, 'vulnerability.severity', NO_VALUE, 'medium'),
]);

/**
 * The severity the mapping gives to `value` of `field` in `format` (case-insensitive), or
 * `undefined` when the mapping has no such row.
 */
export function lookupSeverity(
  format: SeverityMappingRow['format'],
  field: string,
  value: unknown,
): Severity | undefined {
  if (typeof value !== 'string') {
    return undefined;
  }
  const wanted = value.trim().toLowerCase();
  for (const r of SEVERITY_MAPPING) {
    if (
      r.format === format &&
      r.field === field &&
      r.value !== NO_VALUE &&
      r.value !== CVSS_VALUE &&
      r.value.toLowerCase() === wanted &&
      isSeverity(r.severity)
    ) {
      return r.severity;
    }
  }
  return undefined;
}

/** The fallback severity of a format at `field` (the `(none)` row). */
export function fallbackSeverity(
  format: SeverityMappingRow['format'],
  field: string,
): Severity {
  const fallback = SEVERITY_MAPPING.find(
    r => r.format === format && r.field === field && r.value === NO_VALUE,
  );
  if (!fallback || !isSeverity(fallback.severity)) {
    throw new Error(`No fallback severity for ${format} ${field}`);
  }
  return fallback.severity;
}
