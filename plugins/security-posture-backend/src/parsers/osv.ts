import {
  ParsedFinding,
  ParsedReport,
  Severity,
  maxSeverity,
  severityFromCvss,
} from '@golden-path/plugin-security-posture-common';
import semver from 'semver';
import { cvss3BaseScore } from './cvss';
import { ReportInputError } from './errors';
import { inventoryPackage, uniquePackages } from './inventory';
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
function compareDotted(a: string, b: string): number {
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

/** Ecosystems whose versions follow SemVer (Composer's and Go's closely enough). */
const SEMVER_ECOSYSTEMS = new Set([
  'npm',
  'go',
  'crates.io',
  'packagist',
  'nuget',
  'hex',
  'pub',
]);

/**
 * Compares two versions of an ecosystem: by SemVer precedence (pre-releases before their
 * release) where the ecosystem uses SemVer and both versions parse as such, else dotted parts
 * numerically (a heuristic: PyPI, Maven, RubyGems… order versions their own way).
 */
function compareVersions(
  ecosystem: string | undefined,
  a: string,
  b: string,
): number {
  if (SEMVER_ECOSYSTEMS.has((ecosystem ?? '').split(':')[0].toLowerCase())) {
    const sa = semver.parse(a, { loose: true });
    const sb = semver.parse(b, { loose: true });
    if (sa && sb) {
      return semver.compare(sa, sb);
    }
  }
  return compareDotted(a, b);
}

/**
 * The version that fixes one advisory for the package: the lowest `fixed` version above the
 * installed one among its version ranges (the end of the affected range the installed
 * version is in). `null` when the advisory names the package but no fix above the installed
 * version; `undefined` when it does not name the package (nothing to learn from it).
 */
function advisoryFix(
  vuln: JsonObject,
  name: string,
  ecosystem: string | undefined,
  installed: string | undefined,
): string | null | undefined {
  const affected = objects(vuln.affected).filter(
    a => str(obj(a.package)?.name) === name,
  );
  if (affected.length === 0) {
    return undefined;
  }
  const fixed = affected
    .flatMap(a => objects(a.ranges))
    // GIT ranges hold commits, not versions of the package
    .filter(r => str(r.type) !== 'GIT')
    .flatMap(r => objects(r.events))
    .map(e => str(e.fixed))
    .filter((v): v is string => v !== undefined)
    .filter(v => !installed || compareVersions(ecosystem, v, installed) > 0)
    .sort((a, b) => compareVersions(ecosystem, a, b));
  return fixed[0] ?? null;
}

/**
 * The version that fixes every advisory of an alias group for the package: the highest of
 * the advisories' own fixes (OSV-Scanner groups advisories that share an alias, which may be
 * distinct vulnerabilities fixed in distinct versions). None when an advisory of the group
 * has no fix.
 */
function fixedVersionOf(
  vulns: JsonObject[],
  name: string,
  ecosystem: string | undefined,
  installed: string | undefined,
): string | undefined {
  const fixes = vulns.map(v => advisoryFix(v, name, ecosystem, installed));
  if (fixes.includes(null)) {
    return undefined;
  }
  return fixes
    .filter((v): v is string => typeof v === 'string')
    .sort((a, b) => compareVersions(ecosystem, b, a))[0];
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
      // a package known by its commit: fixing commits are not upgrade targets
      const fixedVersion =
        str(info?.version) === undefined && commit
          ? undefined
          : fixedVersionOf(members, name, ecosystem, version);
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

/** The packages of one scanned source (those with a purl: an ecosystem OSV names and a version). */
function packagesOf(result: JsonObject) {
  const path = obj(result.source)?.path;
  return objects(result.packages).map(pkg => {
    const info = obj(pkg.package);
    const name = str(info?.name);
    const version = str(info?.version);
    if (!name || !version) return undefined;
    return inventoryPackage(
      TOOL,
      purlFor(str(info?.ecosystem), name, version),
      {
        path,
      },
    );
  });
}

/**
 * Parses OSV-Scanner's JSON output: one sca finding per package and alias group (the
 * advisories OSV-Scanner groups as the same vulnerability), located at the scanned lockfile.
 * The fixed version advised is the one that fixes every advisory of the group. The packages it
 * lists are its inventory.
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
    packages: uniquePackages(objects(doc.results).flatMap(packagesOf)),
  });
}
