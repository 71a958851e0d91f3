import {
  ParsedFinding,
  ParsedReport,
  Severity,
  maxSeverity,
  severityFromCvss,
} from '@golden-path/plugin-security-posture-common';
import { cvss3BaseScore } from './cvss';
import { ReportInputError } from './errors';
import { redactReport } from './redact';
import { mergeFindings } from './merge';
import { purlFor } from './purl';
import { fallbackSeverity, lookupSeverity } from './severityMapping';
import {
  JsonObject,
  arr,
  cvss,
  fingerprintOf,
  httpUrl,
  isObject,
  normalizeCwe,
  normalizePath,
  normalizeVulnId,
  obj,
  objects,
  plainText,
  str,
  uniqueSorted,
} from './util';

const TOOL = 'osv-scanner';
const DB_SEVERITY_FIELD = 'vulnerabilities[].database_specific.severity';

/** Whether a document looks like OSV-Scanner's JSON output. */
export function detectOsv(doc: unknown): boolean {
  if (!isObject(doc) || !Array.isArray(doc.results)) {
    return false;
  }
  const first = doc.results[0];
  return (
    first === undefined ||
    (isObject(first) && isObject(first.source) && Array.isArray(first.packages))
  );
}

/** Compares dotted versions numerically where both parts are numbers, else as text. */
function compareVersions(a: string, b: string): number {
  const pa = a.split(/[.\-+_]/);
  const pb = b.split(/[.\-+_]/);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const x = pa[i] ?? '0';
    const y = pb[i] ?? '0';
    const nx = Number(x);
    const ny = Number(y);
    const diff =
      Number.isFinite(nx) && Number.isFinite(ny) ? nx - ny : x.localeCompare(y);
    if (diff !== 0) {
      return diff;
    }
  }
  return 0;
}

/**
 * The lowest `fixed` version above the installed one among the advisories' ranges for the
 * package (a heuristic: ecosystems order versions differently, OSV-Scanner does not say).
 */
function fixedVersionOf(
  vulns: JsonObject[],
  name: string,
  installed: string | undefined,
): string | undefined {
  const fixed = vulns
    .flatMap(v => objects(v.affected))
    .filter(a => str(obj(a.package)?.name) === name)
    .flatMap(a => objects(a.ranges))
    .flatMap(r => objects(r.events))
    .map(e => str(e.fixed))
    .filter((v): v is string => v !== undefined)
    .filter(v => !installed || compareVersions(v, installed) > 0)
    .sort(compareVersions);
  return fixed[0];
}

function severityOf(
  group: JsonObject,
  vulns: JsonObject[],
): { severity: Severity; cvssScore?: number } {
  const max = cvss(group.max_severity);
  if (max !== undefined) {
    return { severity: severityFromCvss(max)!, cvssScore: max };
  }
  const scores = vulns
    .flatMap(v => objects(v.severity))
    .filter(s => /^CVSS_V3/.test(str(s.type) ?? ''))
    .map(s => cvss3BaseScore(str(s.score) ?? ''))
    .filter((s): s is number => s !== undefined);
  if (scores.length > 0) {
    const score = Math.max(...scores);
    return { severity: severityFromCvss(score)!, cvssScore: score };
  }
  const fromDb = maxSeverity(
    vulns.map(v =>
      lookupSeverity(
        'osv-scanner',
        DB_SEVERITY_FIELD,
        obj(v.database_specific)?.severity,
      ),
    ),
  );
  return { severity: fromDb ?? fallbackSeverity('osv-scanner', 'severity') };
}

function groupsOf(pkg: JsonObject): JsonObject[] {
  const groups = objects(pkg.groups);
  if (groups.length > 0) {
    return groups;
  }
  // Older output without groups: every vulnerability is its own group.
  return objects(pkg.vulnerabilities).map(v => ({
    ids: [v.id],
    aliases: v.aliases,
  }));
}

function findingsOf(result: JsonObject): ParsedFinding[] {
  const source = obj(result.source);
  const sourcePath = normalizePath(source?.path);
  const isImage = /docker|image|container/i.test(str(source?.type) ?? '');
  const findings: ParsedFinding[] = [];
  for (const pkg of objects(result.packages)) {
    const info = obj(pkg.package);
    const commit = str(info?.commit);
    const name = str(info?.name) ?? (commit ? `git@${commit}` : undefined);
    if (!name) {
      continue;
    }
    const version = str(info?.version) ?? commit;
    const ecosystem = str(info?.ecosystem);
    const vulns = objects(pkg.vulnerabilities);
    for (const group of groupsOf(pkg)) {
      const ids = arr(group.ids)
        .map(id => str(id))
        .filter((id): id is string => id !== undefined);
      if (ids.length === 0) {
        continue;
      }
      const members = vulns.filter(v => ids.includes(str(v.id) ?? ''));
      const ruleId = ids[0];
      const aliases = uniqueSorted(
        [
          ...ids,
          ...arr(group.aliases).map(a => str(a)),
          ...members.flatMap(v => arr(v.aliases).map(a => str(a))),
        ]
          .filter((a): a is string => a !== undefined)
          .map(normalizeVulnId),
      );
      const { severity, cvssScore } = severityOf(group, members);
      const first = members[0];
      const title = plainText(first?.summary) ?? `${ruleId} in ${name}`;
      const fixedVersion = fixedVersionOf(members, name, version);
      const purl = purlFor(ecosystem, name, version);
      const cwes = uniqueSorted(
        members.flatMap(v =>
          arr(obj(v.database_specific)?.cwe_ids).map(normalizeCwe),
        ),
      );
      const reference = objects(first?.references).find(
        r => str(r.type) === 'ADVISORY',
      );
      const remediationUrl =
        httpUrl(reference?.url) ?? httpUrl(obj(first?.database_specific)?.url);
      findings.push({
        fingerprint: fingerprintOf(
          TOOL,
          sourcePath,
          ecosystem,
          name,
          version,
          ruleId,
        ),
        tool: TOOL,
        kind: isImage ? 'container' : 'sca',
        ruleId,
        title,
        severity,
        aliases,
        cwes,
        package: {
          name,
          ...(purl ? { purl } : {}),
          ...(version ? { installedVersion: version } : {}),
          ...(fixedVersion ? { fixedVersion } : {}),
          ...(ecosystem ? { ecosystem } : {}),
        },
        ...(sourcePath ? { location: { path: sourcePath } } : {}),
        message: plainText(first?.details) ?? title,
        ...(fixedVersion
          ? { remediation: `Upgrade ${name} to ${fixedVersion}.` }
          : {}),
        ...(remediationUrl ? { remediationUrl } : {}),
        ...(cvssScore !== undefined ? { cvssScore } : {}),
      });
    }
  }
  return findings;
}

/**
 * Parses OSV-Scanner's JSON output: one sca finding per package and alias group (the
 * advisories OSV-Scanner groups as the same vulnerability), located at the scanned lockfile.
 *
 * @public
 */
export function parseOsv(doc: unknown): ParsedReport {
  if (!detectOsv(doc) || !isObject(doc)) {
    throw new ReportInputError(
      'invalid-report',
      'OSV-Scanner report must have a "results" array of sources with packages',
    );
  }
  const findings = objects(doc.results).flatMap(findingsOf);
  return redactReport({
    format: 'osv-scanner',
    tools: [{ name: TOOL }],
    findings: mergeFindings(findings),
    checks: [],
  });
}
