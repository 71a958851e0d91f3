import { Severity } from '@golden-path/plugin-security-posture-common';
import { Knex } from 'knex';
import { emptyCounts } from '../../lib/counts';
import { PostureFacts } from '../PostureStore';
import { toIso } from '../rows';
import { isPostgres } from '../tables';
import { notAccepted } from './accepted';
import { readChecks } from './checks';

/** Counts, coverage, checks and time-to-remediate of one component on one branch. @internal */
export async function computeFacts(
  tx: Knex,
  entityRef: string,
  branch: string,
  now: string,
): Promise<PostureFacts> {
  const open = emptyCounts();
  const overdue = emptyCounts();
  let suppressed = 0;
  const grouped = await tx('posture_findings')
    .where({ entity_ref: entityRef, branch })
    .whereIn('status', ['open', 'suppressed'])
    // findings under an approved, unexpired exception do not count
    .where(notAccepted(tx, now))
    .groupBy('severity', 'status')
    .select(
      'severity',
      'status',
      tx.raw('count(*) as n'),
      tx.raw(
        'sum(case when sla_due_at is not null and sla_due_at < ? then 1 else 0 end) as late',
        [now],
      ),
      tx.raw('sum(case when kev then 1 else 0 end) as exploited'),
    );
  let knownExploited = 0;
  for (const g of grouped) {
    const severity = g.severity as Severity;
    if (g.status === 'suppressed') {
      suppressed += Number(g.n);
    } else if (severity in open) {
      open[severity] += Number(g.n);
      overdue[severity] += Number(g.late);
      knownExploited += Number(g.exploited ?? 0);
    }
  }

  const scans = await tx('posture_scans')
    .where({ entity_ref: entityRef, branch })
    .groupBy('tool', 'kinds')
    .select('tool', 'kinds', tx.raw('max(created_at) as last'));
  const coverage = scans.map(s => ({
    tool: s.tool as string,
    kinds: String(s.kinds).split(',').filter(Boolean),
    lastScanAt: toIso(s.last),
  }));

  const duration = isPostgres(tx)
    ? 'extract(epoch from (fixed_at - first_seen_at)) / 86400.0'
    : '(julianday(fixed_at) - julianday(first_seen_at))';
  const [mttrRow] = await tx('posture_findings')
    .where({ entity_ref: entityRef, branch, status: 'fixed' })
    .select(tx.raw('count(*) as n'), tx.raw(`avg(${duration}) as mean_days`));
  const fixed = Number(mttrRow?.n ?? 0);
  return {
    open,
    overdue,
    knownExploited,
    suppressed,
    coverage,
    checks: await readChecks(tx, entityRef),
    mttr: {
      fixed,
      meanDays:
        fixed > 0 && mttrRow.mean_days !== null
          ? Math.round(Number(mttrRow.mean_days) * 10) / 10
          : null,
    },
  };
}

/** The earliest SLA due date after `now` among counted open findings, if any. @internal */
export async function nextSlaDue(
  tx: Knex,
  entityRef: string,
  branch: string,
  now: string,
): Promise<string | undefined> {
  const [row] = await tx('posture_findings')
    .where({ entity_ref: entityRef, branch, status: 'open' })
    .where(notAccepted(tx, now))
    .where('sla_due_at', '>', now)
    .min({ next: 'sla_due_at' });
  return row?.next ? toIso(row.next) : undefined;
}

/** Open findings first seen at `now` (one ingest) that are critical or known exploited. @internal */
export async function countNewUrgent(
  tx: Knex,
  entityRef: string,
  now: string,
): Promise<{ critical: number; knownExploited: number }> {
  const [row] = await tx('posture_findings')
    .where({ entity_ref: entityRef, status: 'open', first_seen_at: now })
    .select(
      tx.raw(
        "sum(case when severity = 'critical' then 1 else 0 end) as critical",
      ),
      tx.raw('sum(case when kev then 1 else 0 end) as exploited'),
    );
  return {
    critical: Number(row?.critical ?? 0),
    knownExploited: Number(row?.exploited ?? 0),
  };
}

/** Open findings whose SLA due date fell in (from, to]: the breaches of one period. @internal */
export async function countSlaBreaches(
  db: Knex,
  entityRef: string,
  branch: string,
  from: string,
  to: string,
): Promise<number> {
  const [row] = await db('posture_findings')
    .where({ entity_ref: entityRef, branch, status: 'open' })
    .where('sla_due_at', '>', from)
    .where('sla_due_at', '<=', to)
    .count({ n: '*' });
  return Number(row?.n ?? 0);
}
