import { Enums, Models, Serialize, Spec } from '@cyclonedx/cyclonedx-library';
import {
  ExceptionJustification,
  PostureException,
} from '@golden-path/plugin-security-posture-common';
import { PackageURL } from 'packageurl-js';
import { randomUUID } from 'node:crypto';

/** A finding an exception covers, as the VEX document names it. @internal */
export interface VexFinding {
  id: string;
  ruleId: string;
  tool: string;
  title: string;
  severity: string;
  aliases: string[];
  cwes: string[];
  packagePurl: string | null;
  packageName: string | null;
  installedVersion: string | null;
}

const VEX_JUSTIFICATIONS = new Set<string>(
  Object.values(Enums.Vulnerability.AnalysisJustification),
);

const RESPONSES: Partial<
  Record<ExceptionJustification, Enums.Vulnerability.AnalysisResponse>
> = {
  will_not_fix: Enums.Vulnerability.AnalysisResponse.WillNotFix,
  can_not_fix: Enums.Vulnerability.AnalysisResponse.CanNotFix,
  workaround_available:
    Enums.Vulnerability.AnalysisResponse.WorkaroundAvailable,
  fix_planned: Enums.Vulnerability.AnalysisResponse.Update,
};

/** The CycloneDX analysis of an exception: its state, justification and response. @internal */
function analysisOf(e: PostureException): Models.Vulnerability.Analysis {
  if (e.state !== 'approved') {
    return new Models.Vulnerability.Analysis({
      state: Enums.Vulnerability.AnalysisState.InTriage,
      detail: `Exception ${e.id} requested by ${e.requestedBy}, pending approval: ${e.reason}`,
    });
  }
  const detail = `Exception ${e.id} requested by ${e.requestedBy}, approved by ${e.decidedBy} until ${e.expiresAt}: ${e.reason}`;
  if (VEX_JUSTIFICATIONS.has(e.justification)) {
    return new Models.Vulnerability.Analysis({
      state: Enums.Vulnerability.AnalysisState.NotAffected,
      justification:
        e.justification as Enums.Vulnerability.AnalysisJustification,
      detail,
    });
  }
  if (e.justification === 'false_positive') {
    return new Models.Vulnerability.Analysis({
      state: Enums.Vulnerability.AnalysisState.FalsePositive,
      detail,
    });
  }
  const analysis = new Models.Vulnerability.Analysis({
    state: Enums.Vulnerability.AnalysisState.Exploitable,
    detail,
  });
  const response = RESPONSES[e.justification];
  if (response) analysis.response.add(response);
  return analysis;
}

const SEVERITIES: Record<string, Enums.Vulnerability.Severity> = {
  critical: Enums.Vulnerability.Severity.Critical,
  high: Enums.Vulnerability.Severity.High,
  medium: Enums.Vulnerability.Severity.Medium,
  low: Enums.Vulnerability.Severity.Low,
  info: Enums.Vulnerability.Severity.Info,
};

function purlOf(value: string | null): PackageURL | undefined {
  if (!value) return undefined;
  try {
    return PackageURL.fromString(value);
  } catch {
    return undefined;
  }
}

/**
 * The triage decisions of one component as a CycloneDX 1.6 VEX document (JSON): one vulnerability
 * per covered finding, with the exception's analysis, affecting the package it was found in (SCA)
 * or the component itself. Built with the CycloneDX library, serialized by its JSON serializer.
 *
 * @internal
 */
export function buildVex(options: {
  entityRef: string;
  decisions: { exception: PostureException; findings: VexFinding[] }[];
  now: Date;
}): string {
  const bom = new Models.Bom({ serialNumber: `urn:uuid:${randomUUID()}` });
  bom.metadata.timestamp = options.now;
  const subject = new Models.Component(
    Enums.ComponentType.Application,
    options.entityRef,
    { bomRef: options.entityRef },
  );
  bom.metadata.component = subject;

  const packages = new Map<string, Models.Component>();
  for (const { exception, findings } of options.decisions) {
    for (const f of findings) {
      let affected = subject;
      const purl = purlOf(f.packagePurl);
      if (purl && f.packagePurl) {
        affected =
          packages.get(f.packagePurl) ??
          new Models.Component(
            Enums.ComponentType.Library,
            f.packageName ?? purl.name,
            {
              bomRef: f.packagePurl,
              purl: purl.toString(),
              version: f.installedVersion ?? purl.version ?? undefined,
            },
          );
        if (!packages.has(f.packagePurl)) {
          packages.set(f.packagePurl, affected);
          bom.components.add(affected);
        }
      }
      const known = f.aliases.find(a => /^(CVE|GHSA)-/i.test(a));
      const vulnerability = new Models.Vulnerability.Vulnerability({
        bomRef: `exception:${exception.id}:finding:${f.id}`,
        id: known ?? f.ruleId,
        source: new Models.Vulnerability.Source({ name: f.tool }),
        description: f.title,
        analysis: analysisOf(exception),
      });
      const severity = SEVERITIES[f.severity];
      if (severity) {
        vulnerability.ratings.add(
          new Models.Vulnerability.Rating({
            severity,
            method: Enums.Vulnerability.RatingMethod.Other,
            source: new Models.Vulnerability.Source({ name: f.tool }),
          }),
        );
      }
      for (const cwe of f.cwes) {
        const n = Number(String(cwe).replace(/^CWE-/i, ''));
        if (Number.isInteger(n) && n > 0) vulnerability.cwes.add(n);
      }
      vulnerability.affects.add(
        new Models.Vulnerability.Affect(affected.bomRef),
      );
      bom.vulnerabilities.add(vulnerability);
    }
  }
  const serializer = new Serialize.JsonSerializer(
    new Serialize.JSON.Normalize.Factory(Spec.Spec1dot6),
  );
  return serializer.serialize(bom, { sortLists: true });
}
