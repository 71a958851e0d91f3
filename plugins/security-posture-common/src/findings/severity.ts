import { SEVERITIES, Severity } from './types';

const RANK: ReadonlyMap<Severity, number> = new Map(
  SEVERITIES.map((severity, index) => [severity, SEVERITIES.length - index]),
);

/**
 * Whether a value is one of the {@link SEVERITIES}.
 *
 * @public
 */
export function isSeverity(value: unknown): value is Severity {
  return typeof value === 'string' && RANK.has(value as Severity);
}

/**
 * Orders severities: negative when `a` is less severe than `b`, positive when more severe,
 * zero when equal. `[...].sort(compareSeverity).reverse()` puts the most severe first.
 *
 * @public
 */
export function compareSeverity(a: Severity, b: Severity): number {
  return (RANK.get(a) ?? 0) - (RANK.get(b) ?? 0);
}

/**
 * The most severe of the given severities, or `undefined` when there are none.
 *
 * @public
 */
export function maxSeverity(
  severities: Iterable<Severity | undefined>,
): Severity | undefined {
  let max: Severity | undefined;
  for (const severity of severities) {
    if (severity && (!max || compareSeverity(severity, max) > 0)) {
      max = severity;
    }
  }
  return max;
}

/**
 * The CVSS score thresholds, most severe first: a score maps to the first severity whose
 * minimum it reaches. These are the CVSS v3/v4 qualitative ratings (FIRST), also used by
 * GitHub for SARIF `security-severity`; a score of 0 ("None") is `info`.
 *
 * @public
 */
export const CVSS_SEVERITY_THRESHOLDS: ReadonlyArray<{
  severity: Severity;
  minScore: number;
}> = Object.freeze([
  { severity: 'critical', minScore: 9.0 },
  { severity: 'high', minScore: 7.0 },
  { severity: 'medium', minScore: 4.0 },
  { severity: 'low', minScore: 0.1 },
  { severity: 'info', minScore: 0 },
]);

/**
 * Maps a CVSS base score (0..10) to a severity with {@link CVSS_SEVERITY_THRESHOLDS}.
 * Returns `undefined` for anything that is not a finite number in 0..10.
 *
 * @public
 */
export function severityFromCvss(score: number): Severity | undefined {
  if (!Number.isFinite(score) || score < 0 || score > 10) {
    return undefined;
  }
  for (const { severity, minScore } of CVSS_SEVERITY_THRESHOLDS) {
    if (score >= minScore) {
      return severity;
    }
  }
  return undefined;
}
