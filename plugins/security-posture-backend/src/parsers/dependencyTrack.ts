import {
  FindingSuppression,
  ParsedFinding,
  ParsedReport,
  severityFromCvss,
} from '@golden-path/plugin-security-posture-common';
import { ReportParser } from '@golden-path/plugin-security-posture-node';
import { PackageURL } from 'packageurl-js';
import { ReportInputError } from './errors';
import { redactReport, redactText } from './redact';
import { mergeFindings } from './merge';
import {
  DEPENDENCY_TRACK_FPF,
  fallbackSeverity,
  lookupSeverity,
} from './severityMapping';
import {
  JsonObject,
  cvss,
  fingerprintOf,
  httpUrl,
  isObject,
  isVulnerabilityId,
  normalizeCwe,
  normalizeVulnId,
  obj,
  objects,
  plainText,
  str,
  uniqueSorted,
} from './util';

const TOOL = 'dependency-track';
const SEVERITY_FIELD = 'vulnerability.severity';
/** Dependency-Track analysis states that close a finding, as CycloneDX VEX does. */
const CLOSING_STATES = new Set(['NOT_AFFECTED', 'FALSE_POSITIVE', 'RESOLVED']);

/** Whether a document is a Dependency-Track Finding Packaging Format (FPF) export. */
export function detectDependencyTrackFpf(doc: unknown): boolean {
  return (
    isObject(doc) &&
    str(obj(doc.meta)?.application) === 'Dependency-Track' &&
    Array.isArray(doc.findings)
  );
}

function suppressionOf(
  analysis: JsonObject | undefined,
): FindingSuppression | undefined {
  const state = str(analysis?.state);
  if (
    analysis?.isSuppressed !== true &&
    !(state && CLOSING_STATES.has(state))
  ) {
    return undefined;
  }
  const justification = [
    str(analysis?.justification),
    plainText(analysis?.detail),
  ]
    .filter(Boolean)
    .join(': ');
  return {
    source: 'vex',
    state: redactText(state ?? 'suppressed').toLowerCase(),
    ...(justification ? { justification } : {}),
  };
}

function finding(item: JsonObject): ParsedFinding | undefined {
  const component = obj(item.component);
  const vuln = obj(item.vulnerability);
  const vulnId = str(vuln?.vulnId);
  const name = str(component?.name);
  if (!component || !vuln || !vulnId || !name) {
    return undefined;
  }
  const ids = uniqueSorted(
    [
      vulnId,
      ...objects(vuln.aliases).flatMap(a => Object.values(a).map(v => str(v))),
    ]
      .filter((id): id is string => id !== undefined && isVulnerabilityId(id))
      .map(normalizeVulnId),
  );
  // The same vulnerability reported under its CVE and its GHSA id is one finding: identity
  // and rule id use the first CVE of the alias group.
  const ruleId =
    ids.find(id => id.startsWith('CVE-')) ?? normalizeVulnId(vulnId);
  const score = cvss(vuln.cvssV3BaseScore);
  const severity =
    lookupSeverity(DEPENDENCY_TRACK_FPF, SEVERITY_FIELD, vuln.severity) ??
    (score !== undefined ? severityFromCvss(score) : undefined) ??
    fallbackSeverity(DEPENDENCY_TRACK_FPF, SEVERITY_FIELD);
  const purl = str(component.purl);
  const group = str(component.group);
  const fullName = group ? `${group}/${name}` : name;
  const version = str(component.version);
  let ecosystem: string | undefined;
  try {
    ecosystem = purl ? PackageURL.fromString(purl).type : undefined;
  } catch {
    ecosystem = undefined;
  }
  const cwes = uniqueSorted([
    normalizeCwe(vuln.cweId),
    ...objects(vuln.cwes).map(c => normalizeCwe(c.cweId)),
  ]);
  const suppression = suppressionOf(obj(item.analysis));
  const remediationUrl = httpUrl(obj(item.attribution)?.referenceUrl);
  const title = plainText(vuln.title) ?? `${ruleId} in ${fullName}`;
  return {
    fingerprint: fingerprintOf(
      TOOL,
      purl ?? fullName,
      purl ? undefined : version,
      ruleId,
    ),
    tool: TOOL,
    kind: 'sca',
    ruleId,
    title,
    severity,
    aliases: ids,
    cwes,
    package: {
      name: fullName,
      ...(purl ? { purl } : {}),
      ...(version ? { installedVersion: version } : {}),
      ...(ecosystem ? { ecosystem } : {}),
    },
    message: plainText(vuln.description) ?? title,
    ...(plainText(vuln.recommendation)
      ? { remediation: plainText(vuln.recommendation) }
      : {}),
    ...(remediationUrl ? { remediationUrl } : {}),
    ...(score !== undefined ? { cvssScore: score } : {}),
    ...(suppression ? { suppression } : {}),
  };
}

/**
 * Parses a Dependency-Track FPF export (`/api/v1/finding/project/{uuid}/export`, FPF 1.x):
 * one sca finding per component and vulnerability alias group; analyses that suppress or
 * close a finding become suppressions.
 *
 * @public
 */
export function parseDependencyTrackFpf(doc: unknown): ParsedReport {
  if (!detectDependencyTrackFpf(doc) || !isObject(doc)) {
    throw new ReportInputError(
      'invalid-report',
      'Dependency-Track FPF must have meta.application "Dependency-Track" and "findings"',
    );
  }
  const meta = obj(doc.meta);
  const version = str(meta?.version);
  const scannedAt = str(meta?.timestamp);
  const findings = objects(doc.findings)
    .map(finding)
    .filter((f): f is ParsedFinding => f !== undefined);
  return redactReport({
    format: DEPENDENCY_TRACK_FPF,
    tools: [{ name: TOOL, ...(version ? { version } : {}) }],
    findings: mergeFindings(findings),
    checks: [],
    ...(scannedAt ? { scannedAt } : {}),
  });
}

/**
 * The Dependency-Track FPF parser. Not a built-in (its format is not a `ReportFormat`):
 * register it through the security-posture extension point or a `ReportParserRegistry`.
 *
 * @public
 */
export const dependencyTrackFpfParser: ReportParser = Object.freeze({
  format: DEPENDENCY_TRACK_FPF,
  detect: detectDependencyTrackFpf,
  parse: parseDependencyTrackFpf,
});
