import {
  FindingKind,
  ParsedFinding,
  ParsedReport,
  Severity,
  severityFromCvss,
} from '@golden-path/plugin-security-posture-common';
import { ReportInputError } from './errors';
import { inventoryPackage, uniquePackages } from './inventory';
import { mergeFindings } from './merge';
import {
  firstSecretIn,
  redactFinding,
  redactReport,
  secretFingerprint,
  secretPreview,
} from './redact';
import { fallbackSeverity, lookupSeverity } from './severityMapping';
import {
  JsonObject,
  arr,
  cvss,
  fingerprintOf,
  httpUrl,
  isObject,
  isVulnerabilityId,
  line,
  normalizeCwe,
  normalizePath,
  normalizeVulnId,
  obj,
  objects,
  plainText,
  str,
  uniqueSorted,
} from './util';

const TOOL = 'trivy';

/** Whether a document looks like Trivy's JSON report (SchemaVersion 2). */
export function detectTrivy(doc: unknown): boolean {
  return (
    isObject(doc) &&
    typeof doc.SchemaVersion === 'number' &&
    (Array.isArray(doc.Results) || typeof doc.ArtifactName === 'string')
  );
}

function trivySeverity(item: JsonObject, score: number | undefined): Severity {
  return (
    lookupSeverity('trivy', 'Severity', item.Severity) ??
    (score !== undefined ? severityFromCvss(score) : undefined) ??
    fallbackSeverity('trivy', 'Severity')
  );
}

/** The V3 score of the severity source, else NVD's, else the highest. */
function cvssScoreOf(vuln: JsonObject): number | undefined {
  const byVendor = obj(vuln.CVSS);
  if (!byVendor) {
    return undefined;
  }
  const scoreOf = (vendor: string | undefined) =>
    vendor ? cvss(obj(byVendor[vendor])?.V3Score) : undefined;
  const all = Object.keys(byVendor)
    .map(scoreOf)
    .filter((s): s is number => s !== undefined);
  return (
    scoreOf(str(vuln.SeveritySource)) ??
    scoreOf('nvd') ??
    (all.length > 0 ? Math.max(...all) : undefined)
  );
}

function vulnerability(
  vuln: JsonObject,
  target: string,
  kind: FindingKind,
  ecosystem: string | undefined,
  isLangPkgs: boolean,
): ParsedFinding | undefined {
  const id = str(vuln.VulnerabilityID);
  const name = str(vuln.PkgName);
  if (!id || !name) {
    return undefined;
  }
  const installedVersion = str(vuln.InstalledVersion);
  const fixedVersion = str(vuln.FixedVersion);
  const purl = str(obj(vuln.PkgIdentifier)?.PURL);
  const score = cvssScoreOf(vuln);
  const title = plainText(vuln.Title) ?? id;
  const path = isLangPkgs
    ? normalizePath(vuln.PkgPath) ?? normalizePath(target)
    : undefined;
  const remediationUrl = httpUrl(vuln.PrimaryURL);
  return {
    fingerprint: fingerprintOf(
      'trivy-vuln',
      target,
      id,
      name,
      installedVersion,
    ),
    tool: TOOL,
    kind,
    ruleId: id,
    title,
    severity: trivySeverity(vuln, score),
    aliases: isVulnerabilityId(id) ? [normalizeVulnId(id)] : [],
    cwes: uniqueSorted(objectsOrStrings(vuln.CweIDs).map(normalizeCwe)),
    package: {
      name,
      ...(purl ? { purl } : {}),
      ...(installedVersion ? { installedVersion } : {}),
      ...(fixedVersion ? { fixedVersion } : {}),
      ...(ecosystem ? { ecosystem } : {}),
    },
    ...(path ? { location: { path } } : {}),
    message: plainText(vuln.Description) ?? title,
    ...(fixedVersion
      ? { remediation: `Upgrade ${name} to ${fixedVersion}.` }
      : {}),
    ...(remediationUrl ? { remediationUrl } : {}),
    ...(score !== undefined ? { cvssScore: score } : {}),
  };
}

function objectsOrStrings(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

function misconfiguration(
  item: JsonObject,
  target: string,
): ParsedFinding | undefined {
  // Only failures are findings; PASS and EXCEPTION (an accepted exception in Trivy's policy)
  // are not.
  if ((str(item.Status) ?? 'FAIL') !== 'FAIL') {
    return undefined;
  }
  const id = str(item.AVDID) ?? str(item.ID);
  if (!id) {
    return undefined;
  }
  const cause = obj(item.CauseMetadata);
  const startLine = line(cause?.StartLine);
  const endLine = startLine !== undefined ? line(cause?.EndLine) : undefined;
  const path = normalizePath(target) ?? target;
  const title = plainText(item.Title) ?? id;
  const remediation = plainText(item.Resolution);
  const remediationUrl = httpUrl(item.PrimaryURL);
  return {
    fingerprint: fingerprintOf(
      'trivy-misconf',
      id,
      path,
      startLine,
      str(cause?.Resource),
    ),
    tool: TOOL,
    kind: 'iac',
    ruleId: id,
    title,
    severity: trivySeverity(item, undefined),
    aliases: [],
    cwes: [],
    location: {
      path,
      ...(startLine !== undefined ? { startLine } : {}),
      ...(endLine !== undefined && endLine >= startLine! ? { endLine } : {}),
    },
    message: plainText(item.Message) ?? plainText(item.Description) ?? title,
    ...(remediation ? { remediation } : {}),
    ...(remediationUrl ? { remediationUrl } : {}),
  };
}

function secret(item: JsonObject, target: string): ParsedFinding | undefined {
  const ruleId = str(item.RuleID);
  if (!ruleId) {
    return undefined;
  }
  const startLine = line(item.StartLine);
  const endLine = startLine !== undefined ? line(item.EndLine) : undefined;
  const path = normalizePath(target) ?? target;
  const title = plainText(item.Title) ?? ruleId;
  // Neither Match nor Code is kept: Trivy masks only the matched secret, and the surrounding
  // code lines may hold other secrets in clear. Trivy masks the secret in Match; when a Match
  // still holds one (other producers of the format), its hash joins the fingerprint and its
  // masked preview is kept.
  const match = str(item.Match);
  const secretValue = firstSecretIn(match);
  return redactFinding(
    {
      fingerprint: secretFingerprint(
        fingerprintOf('trivy-secret', ruleId, path, startLine),
        secretValue,
      ),
      tool: TOOL,
      kind: 'secret',
      ruleId,
      title,
      severity: trivySeverity(item, undefined),
      aliases: [],
      cwes: ['CWE-798'],
      location: {
        path,
        ...(startLine !== undefined ? { startLine } : {}),
        ...(endLine !== undefined && endLine >= startLine! ? { endLine } : {}),
      },
      message: `${title} found in ${path}${
        startLine !== undefined ? ` at line ${startLine}` : ''
      }.`,
      remediation:
        'Revoke and rotate the credential, then remove it from the repository and its history.',
      secret: secretPreview(secretValue),
    },
    [secretValue, match],
  );
}

/** Whether a Trivy package is a direct dependency (`Relationship`, else `Indirect`), if it says. */
function directOf(p: JsonObject): boolean | undefined {
  const relationship = str(p.Relationship);
  if (relationship === 'direct' || relationship === 'root') return true;
  if (relationship === 'indirect') return false;
  return typeof p.Indirect === 'boolean' ? !p.Indirect : undefined;
}

/**
 * The packages of a result: its `Packages` (`--list-all-pkgs`, the default for JSON since
 * Trivy 0.50) when present, else the vulnerable packages.
 */
function packagesOf(result: JsonObject, target: string) {
  const isLangPkgs = str(result.Class) === 'lang-pkgs';
  const listed = objects(result.Packages);
  if (listed.length > 0) {
    return listed.map(p =>
      inventoryPackage(TOOL, obj(p.Identifier)?.PURL, {
        version: p.Version,
        licenses: arr(p.Licenses).map(l => str(l)),
        ...(p.Dev === true ? { scope: 'dev' } : {}),
        direct: directOf(p),
        path:
          str(p.FilePath) ?? (isLangPkgs ? target : str(obj(p.Layer)?.DiffID)),
      }),
    );
  }
  return objects(result.Vulnerabilities).map(v =>
    inventoryPackage(TOOL, obj(v.PkgIdentifier)?.PURL, {
      version: v.InstalledVersion,
      path: str(v.PkgPath) ?? (isLangPkgs ? target : undefined),
    }),
  );
}

/**
 * Parses Trivy's JSON report: vulnerabilities (container for images and OS packages, sca for
 * language packages of a filesystem or repository), misconfigurations (iac, failures only)
 * and secrets (secret, never with the matched text). A report with a package scan (OS or
 * language packages) carries the tool's inventory.
 *
 * @public
 */
export function parseTrivy(doc: unknown): ParsedReport {
  if (!detectTrivy(doc) || !isObject(doc)) {
    throw new ReportInputError(
      'invalid-report',
      'Trivy report must have SchemaVersion and Results',
    );
  }
  const version = str(obj(doc.Trivy)?.Version);
  const isImage = /image|vm/i.test(str(doc.ArtifactType) ?? '');
  const findings: ParsedFinding[] = [];
  const packages: ReturnType<typeof packagesOf> = [];
  let packageScan = false;
  for (const result of objects(doc.Results)) {
    const target = str(result.Target) ?? str(doc.ArtifactName) ?? 'unknown';
    const resultClass = str(result.Class) ?? '';
    if (resultClass === 'lang-pkgs' || resultClass === 'os-pkgs') {
      packageScan = true;
      packages.push(...packagesOf(result, target));
    }
    const ecosystem = str(result.Type);
    const isLangPkgs = resultClass === 'lang-pkgs';
    const kind: FindingKind = isImage || !isLangPkgs ? 'container' : 'sca';
    for (const vuln of objects(result.Vulnerabilities)) {
      const f = vulnerability(vuln, target, kind, ecosystem, isLangPkgs);
      if (f) findings.push(f);
    }
    for (const item of objects(result.Misconfigurations)) {
      const f = misconfiguration(item, target);
      if (f) findings.push(f);
    }
    for (const item of objects(result.Secrets)) {
      const f = secret(item, target);
      if (f) findings.push(f);
    }
  }
  const scannedAt = str(doc.CreatedAt);
  const commit = str(obj(doc.Metadata)?.Commit);
  return redactReport({
    format: 'trivy',
    tools: [{ name: TOOL, ...(version ? { version } : {}) }],
    findings: mergeFindings(findings),
    checks: [],
    // a configuration or secret scan says nothing about packages: the inventory stays
    ...(packageScan ? { packages: uniquePackages(packages) } : {}),
    ...(commit ? { commit } : {}),
    ...(scannedAt ? { scannedAt } : {}),
  });
}
