import {
  ParsedFinding,
  ParsedReport,
} from '@golden-path/plugin-security-posture-common';
import { PackageURL } from 'packageurl-js';
import { ReportInputError } from './errors';
import { redactReport } from './redact';
import { mergeFindings } from './merge';
import { fallbackSeverity, lookupSeverity } from './severityMapping';
import {
  JsonObject,
  arr,
  cvss,
  fingerprintOf,
  httpUrl,
  isObject,
  normalizeCwe,
  normalizeVulnId,
  obj,
  objects,
  plainText,
  str,
  uniqueSorted,
  vulnIdsIn,
} from './util';

const TOOL = 'npm-audit';

/** Whether a document looks like `npm audit --json` output (npm 7+ or legacy npm 6). */
export function detectNpmAudit(doc: unknown): boolean {
  if (!isObject(doc)) {
    return false;
  }
  const v2 = doc.auditReportVersion === 2 && isObject(doc.vulnerabilities);
  const v1 = isObject(doc.advisories) && isObject(doc.metadata);
  return v2 || v1;
}

function purl(name: string, version?: string): string | undefined {
  try {
    const slash = name.startsWith('@') ? name.indexOf('/') : -1;
    return new PackageURL(
      'npm',
      slash > 0 ? name.slice(0, slash) : undefined,
      slash > 0 ? name.slice(slash + 1) : name,
      version,
    ).toString();
  } catch {
    return undefined;
  }
}

/** The advisory's id: its GHSA id when the URL or field names one, else `npm:<id>`. */
function advisoryId(
  url: unknown,
  ghsa: unknown,
  id: unknown,
): string | undefined {
  const fromGhsa = str(ghsa);
  if (fromGhsa) {
    return normalizeVulnId(fromGhsa);
  }
  const fromUrl = vulnIdsIn(str(url) ?? '').find(v => v.startsWith('GHSA-'));
  if (fromUrl) {
    return fromUrl;
  }
  const numeric = str(id);
  return numeric ? `npm:${numeric}` : undefined;
}

function fixText(fixAvailable: unknown): string | undefined {
  if (fixAvailable === true) {
    return 'Run `npm audit fix`.';
  }
  const fix = obj(fixAvailable);
  const name = str(fix?.name);
  const version = str(fix?.version);
  if (name && version) {
    return `Upgrade ${name} to ${version}${
      fix?.isSemVerMajor === true ? ' (a semver-major change)' : ''
    }.`;
  }
  return undefined;
}

function v2Findings(doc: JsonObject): ParsedFinding[] {
  const findings: ParsedFinding[] = [];
  for (const [key, value] of Object.entries(obj(doc.vulnerabilities) ?? {})) {
    const entry = obj(value);
    if (!entry) {
      continue;
    }
    // String entries of `via` name the dependency that brings the vulnerability in; that
    // dependency has its own entry with the advisory, which is where the finding is.
    for (const via of objects(entry.via)) {
      const ruleId = advisoryId(via.url, undefined, via.source ?? via.id);
      if (!ruleId) {
        continue;
      }
      const name = str(via.name) ?? str(entry.name) ?? key;
      const title = plainText(via.title) ?? ruleId;
      const range =
        str(via.range) ?? str(via.vulnerable_versions) ?? str(entry.range);
      const score = cvss(obj(via.cvss)?.score);
      const remediation = fixText(entry.fixAvailable);
      const remediationUrl = httpUrl(via.url);
      const packageUrl = purl(name);
      findings.push({
        fingerprint: fingerprintOf(TOOL, name, ruleId),
        tool: TOOL,
        kind: 'sca',
        ruleId,
        title,
        severity:
          lookupSeverity('npm-audit', 'severity', via.severity) ??
          lookupSeverity('npm-audit', 'severity', entry.severity) ??
          fallbackSeverity('npm-audit', 'severity'),
        aliases: ruleId.startsWith('GHSA-') ? [ruleId] : [],
        cwes: uniqueSorted(arr(via.cwe).map(normalizeCwe)),
        package: {
          name,
          ecosystem: 'npm',
          ...(packageUrl ? { purl: packageUrl } : {}),
        },
        message: `${title}: ${name}${range ? ` ${range}` : ''} is vulnerable.`,
        ...(remediation ? { remediation } : {}),
        ...(remediationUrl ? { remediationUrl } : {}),
        ...(score !== undefined && score > 0 ? { cvssScore: score } : {}),
      });
    }
  }
  return findings;
}

function v1Findings(doc: JsonObject): ParsedFinding[] {
  const findings: ParsedFinding[] = [];
  for (const value of Object.values(obj(doc.advisories) ?? {})) {
    const advisory = obj(value);
    const name = str(advisory?.module_name);
    const ruleId = advisory
      ? advisoryId(advisory.url, advisory.github_advisory_id, advisory.id)
      : undefined;
    if (!advisory || !name || !ruleId) {
      continue;
    }
    const title = plainText(advisory.title) ?? ruleId;
    const versions = objects(advisory.findings).map(f => str(f.version));
    const aliases = uniqueSorted(
      [ruleId, ...arr(advisory.cves).map(c => str(c))]
        .filter((a): a is string => a !== undefined && !a.startsWith('npm:'))
        .map(normalizeVulnId),
    );
    const remediation = plainText(advisory.recommendation);
    const remediationUrl = httpUrl(advisory.url);
    for (const version of versions.length > 0 ? versions : [undefined]) {
      const packageUrl = purl(name, version);
      findings.push({
        fingerprint: fingerprintOf(TOOL, name, ruleId, version),
        tool: TOOL,
        kind: 'sca',
        ruleId,
        title,
        severity:
          lookupSeverity('npm-audit', 'severity', advisory.severity) ??
          fallbackSeverity('npm-audit', 'severity'),
        aliases,
        cwes: uniqueSorted([normalizeCwe(advisory.cwe)]),
        package: {
          name,
          ecosystem: 'npm',
          ...(version ? { installedVersion: version } : {}),
          ...(packageUrl ? { purl: packageUrl } : {}),
        },
        message: plainText(advisory.overview) ?? title,
        ...(remediation ? { remediation } : {}),
        ...(remediationUrl ? { remediationUrl } : {}),
      });
    }
  }
  return findings;
}

/**
 * Parses `npm audit --json`: npm 7+ (`auditReportVersion` 2, one finding per vulnerable
 * package and advisory) and legacy npm 6 (`advisories`, one finding per advisory and
 * installed version).
 *
 * @public
 */
export function parseNpmAudit(doc: unknown): ParsedReport {
  if (!detectNpmAudit(doc) || !isObject(doc)) {
    throw new ReportInputError(
      'invalid-report',
      'npm audit report must have "auditReportVersion": 2 and "vulnerabilities", or npm 6 "advisories"',
    );
  }
  const findings = isObject(doc.vulnerabilities)
    ? v2Findings(doc)
    : v1Findings(doc);
  return redactReport({
    format: 'npm-audit',
    tools: [{ name: TOOL }],
    findings: mergeFindings(findings),
    checks: [],
  });
}
