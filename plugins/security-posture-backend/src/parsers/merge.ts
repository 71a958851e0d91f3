import {
  ParsedFinding,
  maxSeverity,
} from '@golden-path/plugin-security-posture-common';
import { fingerprintOf, uniqueSorted } from './util';

/**
 * Merges findings that share a fingerprint (for example KICS' identical duplicate results, or
 * one package found at two paths of an image): the first keeps its fields, aliases and CWEs
 * are united, the highest severity and CVSS score win, and the merged finding stays suppressed
 * only when every duplicate was suppressed. Order of first appearance is kept.
 */
export function mergeFindings(findings: ParsedFinding[]): ParsedFinding[] {
  const byFingerprint = new Map<string, ParsedFinding>();
  for (const finding of findings) {
    const seen = byFingerprint.get(finding.fingerprint);
    if (!seen) {
      byFingerprint.set(finding.fingerprint, finding);
      continue;
    }
    const merged: ParsedFinding = {
      ...seen,
      severity: maxSeverity([seen.severity, finding.severity]) ?? seen.severity,
      aliases: uniqueSorted([...seen.aliases, ...finding.aliases]),
      cwes: uniqueSorted([...seen.cwes, ...finding.cwes]),
    };
    const score = Math.max(seen.cvssScore ?? -1, finding.cvssScore ?? -1);
    if (score >= 0) {
      merged.cvssScore = score;
    }
    if (!seen.suppression || !finding.suppression) {
      delete merged.suppression;
    }
    byFingerprint.set(finding.fingerprint, merged);
  }
  return [...byFingerprint.values()];
}

/**
 * Gives distinct fingerprints to findings whose scanner fingerprint collides although they are
 * at different places (Flawfinder's `contextHash` is equal for identical lines of one file;
 * Snyk Code's for two matches on one line). The first place keeps the fingerprint, the n-th
 * other place in report order gets a fingerprint derived from it and n, as GitHub does with
 * its `primaryLocationLineHash` occurrence suffix. Findings at the same place keep equal
 * fingerprints, so {@link mergeFindings} merges them.
 */
export function separateCollisions(
  items: Array<{ finding: ParsedFinding; place: string }>,
): ParsedFinding[] {
  const places = new Map<string, string[]>();
  return items.map(({ finding, place }) => {
    const seen = places.get(finding.fingerprint);
    if (!seen) {
      places.set(finding.fingerprint, [place]);
      return finding;
    }
    let index = seen.indexOf(place);
    if (index < 0) {
      seen.push(place);
      index = seen.length - 1;
    }
    return index === 0
      ? finding
      : {
          ...finding,
          fingerprint: fingerprintOf(finding.fingerprint, 'occurrence', index),
        };
  });
}
