import {
  SEVERITIES,
  Severity,
} from '@golden-path/plugin-security-posture-common';

/** Counts by severity, every one zero: the one literal the plugin starts counting from. @internal */
export function emptyCounts(): Record<Severity, number> {
  return { critical: 0, high: 0, medium: 0, low: 0, info: 0 };
}

/** Two counts by severity added up. @internal */
export function sumCounts(
  a: Record<Severity, number>,
  b: Record<Severity, number>,
): Record<Severity, number> {
  const out = emptyCounts();
  for (const s of SEVERITIES) out[s] = a[s] + b[s];
  return out;
}
