import {
  ParsedFinding,
  ParsedReport,
  severityFromCvss,
} from '@golden-path/plugin-security-posture-common';
import { ReportInputError } from './errors';
import { inventoryPackage, uniquePackages } from './inventory';
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
  isVulnerabilityId,
  normalizeCwe,
  normalizePath,
  normalizeVulnId,
  obj,
  objects,
  plainText,
  str,
  uniqueSorted,
} from './util';

const TOOL = 'grype';
const SEVERITY_FIELD = 'vulnerability.severity';

/** Whether a document looks like Grype's JSON report. */
export function detectGrype(doc: unknown): boolean {
  return (
    isObject(doc) &&
    Array.isArray(doc.matches) &&
    (str(obj(doc.descriptor)?.name) === 'grype' || isObject(doc.source))
  );
}

function scoresOf(vuln: JsonObject | undefined): number[] {
  return objects(vuln?.cvss)
    .map(c => cvss(obj(c.metrics)?.baseScore))
    .filter((s): s is number => s !== undefined);
}

function match(m: JsonObject, isImage: boolean): ParsedFinding | undefined {
  const vuln = obj(m.vulnerability);
  const artifact = obj(m.artifact);
  const id = str(vuln?.id);
  const name = str(artifact?.name);
  if (!vuln || !id || !artifact || !name) {
    return undefined;
  }
  const related = objects(m.relatedVulnerabilities);
  const scores = [...scoresOf(vuln), ...related.flatMap(scoresOf)];
  const cvssScore = scores.length > 0 ? Math.max(...scores) : undefined;
  const severity =
    lookupSeverity('grype', SEVERITY_FIELD, vuln.severity) ??
    (cvssScore !== undefined ? severityFromCvss(cvssScore) : undefined) ??
    fallbackSeverity('grype', SEVERITY_FIELD);
  const version = str(artifact.version);
  const purl = str(artifact.purl);
  const fix = obj(vuln.fix);
  const fixVersions = arr(fix?.versions)
    .map(v => str(v))
    .filter((v): v is string => v !== undefined);
  const fixedVersion = str(fix?.state) === 'fixed' ? fixVersions[0] : undefined;
  const ids = [id, ...related.map(r => str(r.id))].filter(
    (v): v is string => v !== undefined && isVulnerabilityId(v),
  );
  const description =
    plainText(vuln.description) ??
    plainText(related.map(r => r.description).find(str));
  const path = normalizePath(objects(artifact.locations)[0]?.path);
  const title = `${id} in ${name}${version ? ` ${version}` : ''}`;
  const remediationUrl =
    httpUrl(vuln.dataSource) ?? httpUrl(arr(vuln.urls).find(u => httpUrl(u)));
  return {
    fingerprint: fingerprintOf('grype', id, purl ?? name, version),
    tool: TOOL,
    kind: isImage ? 'container' : 'sca',
    ruleId: id,
    title,
    severity,
    aliases: uniqueSorted(ids.map(normalizeVulnId)),
    cwes: uniqueSorted(arr(vuln.cwes).map(normalizeCwe)),
    package: {
      name,
      ...(purl ? { purl } : {}),
      ...(version ? { installedVersion: version } : {}),
      ...(fixedVersion ? { fixedVersion } : {}),
      ...(str(artifact.type) ? { ecosystem: str(artifact.type) } : {}),
    },
    ...(path ? { location: { path } } : {}),
    message: description ?? title,
    ...(fixVersions.length > 0 && fixedVersion
      ? { remediation: `Upgrade ${name} to ${fixVersions.join(' or ')}.` }
      : {}),
    ...(remediationUrl ? { remediationUrl } : {}),
    ...(cvssScore !== undefined ? { cvssScore } : {}),
  };
}

/**
 * Parses Grype's JSON report. Matches of an image scan are container findings, others sca.
 * The same vulnerability of the same package found at several paths is one finding.
 *
 * @public
 */
export function parseGrype(doc: unknown): ParsedReport {
  if (!detectGrype(doc) || !isObject(doc)) {
    throw new ReportInputError(
      'invalid-report',
      'Grype report must have a "matches" array',
    );
  }
  const descriptor = obj(doc.descriptor);
  const version = str(descriptor?.version);
  const isImage = str(obj(doc.source)?.type) === 'image';
  const findings = objects(doc.matches)
    .map(m => match(m, isImage))
    .filter((f): f is ParsedFinding => f !== undefined);
  const scannedAt = str(descriptor?.timestamp);
  // Grype's JSON lists the matched artifacts only: they are its inventory
  const packages = uniquePackages(
    objects(doc.matches).map(m => {
      const artifact = obj(m.artifact);
      return inventoryPackage(TOOL, artifact?.purl, {
        version: artifact?.version,
        licenses: arr(artifact?.licenses).map(
          l => str(l) ?? str(obj(l)?.value),
        ),
        path: objects(artifact?.locations)[0]?.path,
      });
    }),
  );
  return redactReport({
    format: 'grype',
    tools: [
      {
        name: TOOL,
        ...(version && version !== '[not provided]' ? { version } : {}),
      },
    ],
    findings: mergeFindings(findings),
    checks: [],
    packages,
    ...(scannedAt ? { scannedAt } : {}),
  });
}
