import { Knex } from 'knex';
import { ApplyCounts, ReusableScan, ScanRow } from '../PostureStore';
import { toIso } from '../rows';

/** The time of a component's latest scan, if any. @internal */
export async function latestScanAt(
  tx: Knex,
  entityRef: string,
): Promise<string | undefined> {
  const [row] = await tx('posture_scans')
    .where({ entity_ref: entityRef })
    .max({ latest: 'created_at' });
  return row?.latest ? toIso(row.latest) : undefined;
}

/** Records one tool's scan of one report. In a transaction. @internal */
export async function insertScan(tx: Knex, scan: ScanRow): Promise<void> {
  await tx('posture_scans').insert({
    id: scan.id,
    entity_ref: scan.entityRef,
    tool: scan.tool,
    tool_version: scan.toolVersion?.slice(0, 100) ?? null,
    kinds: scan.kinds.join(','),
    format: scan.format,
    branch: scan.branch,
    commit_sha: scan.commit,
    complete: scan.complete,
    uploaded_by: scan.uploadedBy.slice(0, 255),
    count_new: scan.counts.new,
    count_unchanged: scan.counts.unchanged,
    count_fixed: scan.counts.fixed,
    count_reopened: scan.counts.reopened,
    count_total: scan.counts.total,
    created_at: scan.createdAt,
    report_sha256: scan.reportSha256 ?? null,
  });
}

/**
 * The scans of an earlier complete upload of the same report body, when that upload is still
 * the latest scan of each of its tools on the branch: applying the body again would change
 * nothing but last-seen times. Undefined otherwise.
 *
 * @internal
 */
export async function findReusableScans(
  tx: Knex,
  entityRef: string,
  branch: string,
  reportSha256: string,
): Promise<ReusableScan[] | undefined> {
  const previous = await tx('posture_scans')
    .where({ entity_ref: entityRef, branch, report_sha256: reportSha256 })
    .orderBy('created_at', 'desc')
    .first('created_at');
  if (!previous) {
    return undefined;
  }
  const scans = await tx('posture_scans').where({
    entity_ref: entityRef,
    branch,
    report_sha256: reportSha256,
    created_at: previous.created_at,
  });
  if (scans.length === 0 || scans.some(scan => !scan.complete)) {
    return undefined;
  }
  const baseScanIds = new Map<string, string>();
  for (const scan of scans) {
    const latest = await tx('posture_scans')
      .where({ entity_ref: entityRef, branch, tool: scan.tool })
      .orderBy([
        { column: 'created_at', order: 'desc' },
        { column: 'id', order: 'desc' },
      ])
      .first('id', 'report_sha256');
    if (latest?.report_sha256 !== reportSha256) {
      return undefined;
    }
    const reseen = await tx('posture_reseen_scans')
      .where({ reseen_by_scan_id: latest.id })
      .first('base_scan_id');
    baseScanIds.set(scan.tool, reseen?.base_scan_id ?? latest.id);
  }
  return scans.map(scan => ({
    tool: scan.tool,
    baseScanId: baseScanIds.get(scan.tool)!,
    toolVersion: scan.tool_version,
    kinds: String(scan.kinds).split(',').filter(Boolean),
    format: scan.format,
  }));
}

/**
 * What reapplying an unchanged report does to one tool's findings: every open or suppressed one
 * is seen.
 *
 * @internal
 */
export async function countSeen(
  tx: Knex,
  scope: { entityRef: string; tool: string; branch: string },
): Promise<ApplyCounts> {
  const grouped = await tx('posture_findings')
    .where({
      entity_ref: scope.entityRef,
      tool: scope.tool,
      branch: scope.branch,
    })
    .whereIn('status', ['open', 'suppressed'])
    .groupBy('status')
    .select('status', tx.raw('count(*) as n'));
  const count = (status: string) =>
    Number(grouped.find(g => g.status === status)?.n ?? 0);
  const seen = count('open') + count('suppressed');
  return {
    new: 0,
    unchanged: seen,
    fixed: 0,
    reopened: 0,
    suppressed: count('suppressed'),
    total: seen,
  };
}

/**
 * Records that every open or suppressed finding last written by `baseScanId` was seen again,
 * unchanged, by `scanId` at `now`: one row, however many findings (their last-seen time is
 * derived on read, see `lastSeenExpression`). In a transaction.
 *
 * @internal
 */
export async function markReseen(
  tx: Knex,
  input: {
    entityRef: string;
    baseScanId: string;
    scanId: string;
    now: string;
  },
): Promise<void> {
  await tx('posture_reseen_scans')
    .insert({
      base_scan_id: input.baseScanId,
      reseen_by_scan_id: input.scanId,
      reseen_at: input.now,
      reseen_entity_ref: input.entityRef,
    })
    .onConflict('base_scan_id')
    .merge(['reseen_by_scan_id', 'reseen_at']);
}
