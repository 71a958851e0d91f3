import {
  FindingSuppression,
  Severity,
  severityFromCvss,
} from '@golden-path/plugin-security-posture-common';
import {
  SARIF_FIELDS,
  fallbackSeverity,
  lookupSeverity,
} from './severityMapping';
import { RunContext, num0, property, tagsOf } from './sarifRun';
import {
  JsonObject,
  cvss,
  fingerprintOf,
  normalizeCwe,
  obj,
  objects,
  plainText,
  str,
  uniqueSorted,
} from './util';

/** Keys of SARIF `partialFingerprints` that identify a location or content (not git metadata). */
const LOCATION_HASH_KEY = /hash|fingerprint/i;

/** Severity and CVSS score of a result (see docs/severity-mapping.md). */
export function severityOf(
  result: JsonObject,
  rule: JsonObject | undefined,
  isSecret: boolean,
): { severity: Severity; cvssScore?: number } {
  const securitySeverity =
    property(result.properties, 'security-severity') ??
    property(rule?.properties, 'security-severity');
  const score = cvss(securitySeverity);
  if (score !== undefined) {
    return { severity: severityFromCvss(score)!, cvssScore: score };
  }
  const fromWord = lookupSeverity(
    'sarif',
    SARIF_FIELDS.securitySeverity,
    securitySeverity,
  );
  if (fromWord) {
    return { severity: fromWord };
  }
  const level =
    str(result.level) ?? str(obj(rule?.defaultConfiguration)?.level);
  const fromLevel = lookupSeverity('sarif', SARIF_FIELDS.level, level);
  if (fromLevel) {
    return { severity: fromLevel };
  }
  const problem = lookupSeverity(
    'sarif',
    SARIF_FIELDS.problemSeverity,
    property(rule?.properties, 'problem.severity'),
  );
  if (problem) {
    return { severity: problem };
  }
  return {
    severity: isSecret
      ? fallbackSeverity('sarif', SARIF_FIELDS.secretFallback)
      : fallbackSeverity('sarif', 'level'),
  };
}

/** CWE ids from rule and result tags, `cwe` properties, and CWE taxa relationships. */
export function cwesOf(
  result: JsonObject,
  rule: JsonObject | undefined,
  ctx: RunContext,
): string[] {
  const found: Array<string | undefined> = [];
  for (const tag of tagsOf(rule?.properties, result.properties)) {
    found.push(normalizeCwe(tag));
  }
  for (const bag of [rule?.properties, result.properties]) {
    for (const key of ['cwe', 'cwes', 'CWE']) {
      const value = property(bag, key);
      for (const item of Array.isArray(value) ? value : [value]) {
        found.push(normalizeCwe(item));
      }
    }
  }
  const references = [
    ...objects(rule?.relationships).map(r => obj(r.target)),
    ...objects(result.taxa),
  ];
  for (const ref of references) {
    if (!ref) {
      continue;
    }
    const component = obj(ref.toolComponent);
    const name =
      str(component?.name) ??
      (num0(component?.index) !== undefined
        ? ctx.taxonomyNames.byIndex[num0(component?.index)!]
        : undefined) ??
      ctx.taxonomyNames.byGuid.get((str(component?.guid) ?? '').toLowerCase());
    if (name && name.toUpperCase() === 'CWE') {
      found.push(normalizeCwe(ref.id));
    }
  }
  return uniqueSorted(found);
}

function compareText(a: string, b: string): number {
  if (a === b) {
    return 0;
  }
  return a < b ? -1 : 1;
}

/** The identity a tool gave a result, if it gave a usable one. */
export function stableFingerprint(
  result: JsonObject,
  ctx: RunContext,
  path: string | undefined,
): string | undefined {
  const fingerprints = obj(result.fingerprints);
  if (fingerprints) {
    // Prefer, per method, its latest version (`name/v2` over `name/v1`), then the first
    // method in sorted order, so the choice does not depend on key order in the file.
    const candidates = Object.entries(fingerprints)
      .filter(
        (e): e is [string, string] =>
          typeof e[1] === 'string' && e[1].length > 0,
      )
      .map(([key, value]) => {
        const m = /^(.*?)\/v(\d+)$/.exec(key);
        return {
          base: m ? m[1] : key,
          version: m ? Number(m[2]) : 0,
          key,
          value,
        };
      })
      .sort((a, b) =>
        a.base === b.base ? b.version - a.version : compareText(a.base, b.base),
      );
    if (candidates.length > 0) {
      return fingerprintOf(
        'sarif-fingerprint',
        ctx.tool,
        candidates[0].key,
        candidates[0].value,
      );
    }
  }
  const partial = obj(result.partialFingerprints);
  if (partial) {
    const entries = Object.entries(partial)
      .filter((e): e is [string, string] => typeof e[1] === 'string')
      .sort(([a], [b]) => compareText(a, b));
    // Only location or content hashes identify a result; git metadata alone (gitleaks:
    // commitSha, author, date…) does not say where in the file the result is.
    if (entries.some(([key]) => LOCATION_HASH_KEY.test(key))) {
      return fingerprintOf(
        'sarif-partial',
        ctx.tool,
        str(result.ruleId),
        // CodeQL's primaryLocationLineHash hashes the line's text, not its file
        path,
        ...entries.map(([key, value]) => `${key}=${value}`),
      );
    }
  }
  return undefined;
}

/** The result's suppression, if one is accepted. */
export function suppressionOf(
  result: JsonObject,
): FindingSuppression | undefined {
  // Suppressed when at least one suppression is accepted or has no status; suppressions that
  // are only underReview or rejected leave the result open.
  for (const s of objects(result.suppressions)) {
    const status = str(s.status);
    if (status === undefined || status === 'accepted') {
      const justification = plainText(s.justification);
      return {
        source: 'sarif',
        state: `${str(s.kind) ?? 'external'}:${status ?? 'accepted'}`,
        ...(justification ? { justification } : {}),
      };
    }
  }
  return undefined;
}
