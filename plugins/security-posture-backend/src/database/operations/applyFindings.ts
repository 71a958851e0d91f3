import {
  ParsedFinding,
  SEVERITIES,
  Severity,
} from '@golden-path/plugin-security-posture-common';
import { createHash } from 'node:crypto';
import { Knex } from 'knex';
import { ApplyCounts, ApplyFindingsInput, FindingRank } from '../PostureStore';
import { chunks, toIso } from '../rows';
import { insertRows } from '../insertRows';
import { ID_BATCH, lastSeenExpression } from '../tables';

function rank(severity: Severity): number {
  return SEVERITIES.indexOf(severity);
}

/** Scanner fingerprints can be long; identities are capped at 128 characters by hashing. @internal */
function normalizeFingerprint(fingerprint: string): string {
  return fingerprint.length <= 128
    ? fingerprint
    : createHash('sha256').update(fingerprint).digest('hex');
}

function contentHash(f: ParsedFinding): string {
  return createHash('sha1')
    .update(
      JSON.stringify([
        f.kind,
        f.ruleId,
        f.title,
        f.severity,
        f.aliases,
        f.cwes,
        f.package ?? null,
        f.location ?? null,
        f.message,
        f.remediation ?? null,
        f.remediationUrl ?? null,
        f.cvssScore ?? null,
        f.suppression ?? null,
        f.secret?.redacted ?? null,
      ]),
    )
    .digest('hex');
}

function addDays(iso: string, days: number | undefined): string | null {
  if (days === undefined) {
    return null;
  }
  return new Date(Date.parse(iso) + days * 86_400_000).toISOString();
}

function reportedColumns(f: ParsedFinding) {
  return {
    kind: f.kind,
    rule_id: f.ruleId.slice(0, 255),
    title: f.title.slice(0, 500),
    severity: f.severity,
    severity_rank: rank(f.severity),
    aliases: JSON.stringify(f.aliases),
    cwes: JSON.stringify(f.cwes),
    package_name: f.package?.name?.slice(0, 255) ?? null,
    package_purl: f.package?.purl?.slice(0, 1000) ?? null,
    installed_version: f.package?.installedVersion?.slice(0, 255) ?? null,
    fixed_version: f.package?.fixedVersion?.slice(0, 255) ?? null,
    path: f.location?.path.slice(0, 1000) ?? null,
    start_line: f.location?.startLine ?? null,
    end_line: f.location?.endLine ?? null,
    message: f.message,
    remediation: f.remediation ?? null,
    remediation_url: f.remediationUrl?.slice(0, 1000) ?? null,
    cvss_score: f.cvssScore ?? null,
    suppression_source: f.suppression?.source ?? null,
    suppression_state: f.suppression?.state.slice(0, 50) ?? null,
    suppression_justification: f.suppression?.justification ?? null,
    secret_redacted: f.secret?.redacted.slice(0, 100) ?? null,
    content_hash: contentHash(f),
  };
}

/**
 * Applies one tool's findings of a report with reimport semantics: new ones are opened, seen
 * ones move their last-seen time, fixed ones seen again are reopened and, for a complete
 * report, open ones it no longer contains are fixed. Must run inside a transaction.
 *
 * @internal
 */
export async function applyFindings(
  tx: Knex,
  input: ApplyFindingsInput,
): Promise<ApplyCounts> {
  const { entityRef, tool, branch, scanId, now } = input;
  const scope = { entity_ref: entityRef, tool, branch };
  const existing = new Map<
    string,
    { id: string; status: string; hash: string; firstSeen: unknown }
  >();
  const rows = await tx('posture_findings')
    .where(scope)
    .select('id', 'fingerprint', 'status', 'content_hash', 'first_seen_at');
  for (const r of rows) {
    existing.set(r.fingerprint, {
      id: String(r.id),
      status: r.status,
      hash: r.content_hash,
      firstSeen: r.first_seen_at,
    });
  }

  const counts: ApplyCounts = {
    new: 0,
    unchanged: 0,
    fixed: 0,
    reopened: 0,
    suppressed: 0,
    total: 0,
  };
  const inserts: Record<string, unknown>[] = [];
  const seenIds: string[] = [];
  const events: { finding_id: string; event: string }[] = [];
  const seenFingerprints = new Set<string>();
  /**
   * Reopened findings whose reported content is what was stored: one UPDATE per group of equal new
   * values (status, severity for the SLA window, rank) instead of one per finding, since a report
   * that brings back a thousand fixed findings would otherwise hold the transaction for a thousand
   * statements.
   */
  const reopenedAsStored = new Map<
    string,
    { status: string; severity: Severity; rank?: FindingRank; ids: string[] }
  >();

  for (const finding of input.findings) {
    const fingerprint = normalizeFingerprint(finding.fingerprint);
    if (seenFingerprints.has(fingerprint)) {
      continue;
    }
    seenFingerprints.add(fingerprint);
    counts.total += 1;
    const status =
      finding.suppression && input.honourSuppressions ? 'suppressed' : 'open';
    if (status === 'suppressed') {
      counts.suppressed += 1;
    }
    const rankOf = input.rank?.(finding);
    const columns = { ...reportedColumns(finding), ...rankOf };
    const previous = existing.get(fingerprint);
    if (!previous) {
      counts.new += 1;
      inserts.push({
        ...scope,
        fingerprint,
        ...columns,
        status,
        first_seen_at: now,
        last_seen_at: now,
        fixed_at: null,
        reopen_count: 0,
        sla_due_at: addDays(now, input.slaDays[finding.severity]),
        last_scan_id: scanId,
      });
      continue;
    }
    if (previous.status === 'fixed') {
      counts.reopened += 1;
      events.push({ finding_id: previous.id, event: 'reopened' });
      if (previous.hash === columns.content_hash) {
        const key = JSON.stringify([status, finding.severity, rankOf ?? null]);
        const group = reopenedAsStored.get(key) ?? {
          status,
          severity: finding.severity,
          rank: rankOf,
          ids: [],
        };
        group.ids.push(previous.id);
        reopenedAsStored.set(key, group);
        continue;
      }
      await tx('posture_findings')
        .where({ id: previous.id })
        .update({
          ...columns,
          status,
          fixed_at: null,
          last_seen_at: now,
          last_scan_id: scanId,
          reopen_count: tx.raw('reopen_count + 1'),
          // a reopened finding gets a fresh remediation window
          sla_due_at: addDays(now, input.slaDays[finding.severity]),
        });
      continue;
    }
    counts.unchanged += 1;
    if (previous.hash !== columns.content_hash || previous.status !== status) {
      if (previous.status !== status) {
        events.push({
          finding_id: previous.id,
          event: status === 'suppressed' ? 'suppressed' : 'opened',
        });
      }
      await tx('posture_findings')
        .where({ id: previous.id })
        .update({
          ...columns,
          status,
          last_seen_at: now,
          last_scan_id: scanId,
          sla_due_at: addDays(
            toIso(previous.firstSeen),
            input.slaDays[finding.severity],
          ),
        });
    } else {
      seenIds.push(previous.id);
    }
  }

  for (const group of reopenedAsStored.values()) {
    for (const ids of chunks(group.ids, ID_BATCH)) {
      await tx('posture_findings')
        .whereIn('id', ids)
        .update({
          ...group.rank,
          status: group.status,
          fixed_at: null,
          last_seen_at: now,
          last_scan_id: scanId,
          reopen_count: tx.raw('reopen_count + 1'),
          // a reopened finding gets a fresh remediation window
          sla_due_at: addDays(now, input.slaDays[group.severity]),
        });
    }
  }

  const fixedIds: string[] = [];
  if (input.complete) {
    for (const [fingerprint, previous] of existing) {
      if (previous.status !== 'fixed' && !seenFingerprints.has(fingerprint)) {
        fixedIds.push(previous.id);
      }
    }
  }
  counts.fixed = fixedIds.length;
  for (const ids of chunks(fixedIds, ID_BATCH)) {
    await tx('posture_findings')
      .whereIn('id', ids)
      .update({
        status: 'fixed',
        fixed_at: now,
        // the last time it was seen, which an unchanged reimport may have recorded apart
        last_seen_at: lastSeenExpression(tx),
        last_scan_id: scanId,
      });
  }
  for (const id of fixedIds) {
    events.push({ finding_id: id, event: 'fixed' });
  }

  await insertRows(tx, 'posture_findings', inserts);

  if (input.complete) {
    // Everything still open or suppressed in scope that this scan did not touch was seen unchanged.
    await tx('posture_findings')
      .where(scope)
      .whereIn('status', ['open', 'suppressed'])
      .whereNot('last_scan_id', scanId)
      .update({ last_seen_at: now, last_scan_id: scanId });
  } else {
    for (const ids of chunks(seenIds, ID_BATCH)) {
      await tx('posture_findings')
        .whereIn('id', ids)
        .update({ last_seen_at: now, last_scan_id: scanId });
    }
  }

  await insertRows(
    tx,
    'posture_finding_events',
    events.map(e => ({ ...e, scan_id: scanId, created_at: now })),
  );
  return counts;
}
