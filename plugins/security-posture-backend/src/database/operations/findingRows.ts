import { Severity } from '@golden-path/plugin-security-posture-common';
import { StoredFinding } from '../PostureStore';
import { fromJson, toIso, toIsoOrNull } from '../rows';
import { FindingRow } from '../tables';

/** A finding row as the store hands it out. @internal */
export function toStoredFinding(row: FindingRow, now: string): StoredFinding {
  const slaDueAt = toIsoOrNull(row.sla_due_at);
  return {
    id: String(row.id),
    fingerprint: row.fingerprint,
    tool: row.tool,
    kind: row.kind as StoredFinding['kind'],
    ruleId: row.rule_id,
    title: row.title,
    severity: row.severity as Severity,
    status: row.status as StoredFinding['status'],
    branch: row.branch,
    aliases: fromJson<string[]>(row.aliases, []),
    cwes: fromJson<string[]>(row.cwes, []),
    package: row.package_name
      ? {
          name: row.package_name,
          purl: row.package_purl,
          installedVersion: row.installed_version,
          fixedVersion: row.fixed_version,
        }
      : null,
    location: row.path
      ? { path: row.path, startLine: row.start_line, endLine: row.end_line }
      : null,
    message: row.message,
    remediation: row.remediation,
    remediationUrl: row.remediation_url,
    cvssScore: row.cvss_score,
    suppression: row.suppression_state
      ? {
          source: row.suppression_source ?? 'unknown',
          state: row.suppression_state,
          justification: row.suppression_justification,
        }
      : null,
    secretRedacted: row.secret_redacted,
    firstSeenAt: toIso(row.first_seen_at),
    lastSeenAt: toIso(row.seen_at_derived ?? row.last_seen_at),
    fixedAt: toIsoOrNull(row.fixed_at),
    reopenCount: Number(row.reopen_count),
    slaDueAt,
    overdue: row.status === 'open' && slaDueAt !== null && slaDueAt < now,
    kev: Boolean(row.kev),
    epss: row.epss === null || row.epss === undefined ? null : Number(row.epss),
    priorityScore: Number(row.priority_score ?? 0),
  };
}
