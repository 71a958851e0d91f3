import { Knex } from 'knex';
import { StoredFinding, StoredFindingDetail } from '../PostureStore';
import { toIso } from '../rows';
import { findingColumns, NO_DUE_DATE } from '../tables';
import { notAccepted } from './accepted';
import { toStoredFinding } from './findingRows';

/**
 * The most urgent open findings: highest priority first, then severity and the earliest due
 * date.
 *
 * @internal
 */
export async function topFindings(
  tx: Knex,
  entityRef: string,
  branch: string,
  now: string,
  limit: number,
): Promise<StoredFinding[]> {
  const rows = await tx('posture_findings')
    .where({ entity_ref: entityRef, branch, status: 'open' })
    .where(notAccepted(tx, now))
    .orderBy([
      { column: 'priority_score', order: 'desc' },
      { column: 'severity_rank', order: 'asc' },
      // no due date last, on every database
      {
        column: tx.raw('coalesce(sla_due_at, ?)', [NO_DUE_DATE]) as any,
        order: 'asc',
      },
      { column: 'id', order: 'asc' },
    ])
    .limit(limit)
    .select(findingColumns(tx));
  return rows.map(r => toStoredFinding(r, now));
}

/** Open findings of a component located in the given files (for an upgrade's description). @internal */
export async function openFindingsOn(
  db: Knex,
  entityRef: string,
  paths: string[],
): Promise<{ title: string; path: string }[]> {
  if (paths.length === 0) return [];
  const rows = await db('posture_findings')
    .where({ entity_ref: entityRef, status: 'open' })
    .whereIn('path', paths.slice(0, 500))
    .orderBy([{ column: 'priority_score', order: 'desc' }, 'id'])
    .limit(50)
    .select('title', 'path');
  return rows.map(r => ({ title: r.title, path: r.path }));
}

/** One finding of a component with its history of events, or undefined. @internal */
export async function getFinding(
  db: Knex,
  entityRef: string,
  id: string,
  now: string,
): Promise<StoredFindingDetail | undefined> {
  if (!/^\d{1,19}$/.test(id)) {
    return undefined;
  }
  const row = await db('posture_findings')
    .where({ entity_ref: entityRef, id })
    .first(findingColumns(db));
  if (!row) {
    return undefined;
  }
  const finding = toStoredFinding(row, now);
  const events = await db('posture_finding_events as e')
    .leftJoin('posture_scans as s', 's.id', 'e.scan_id')
    .where('e.finding_id', id)
    .orderBy('e.id')
    .select('e.scan_id', 'e.event', 'e.created_at', 's.commit_sha');
  const firstScan = await db('posture_scans')
    .where({ entity_ref: entityRef, tool: row.tool, branch: row.branch })
    .where('created_at', '<=', toIso(row.first_seen_at))
    .orderBy('created_at', 'desc')
    .first();
  return {
    ...finding,
    history: [
      {
        scanId: firstScan?.id ?? '',
        at: finding.firstSeenAt,
        event: 'opened' as const,
        commit: firstScan?.commit_sha ?? null,
      },
      ...events.map(e => ({
        scanId: e.scan_id,
        at: toIso(e.created_at),
        event: e.event,
        commit: e.commit_sha ?? null,
      })),
    ],
  };
}
