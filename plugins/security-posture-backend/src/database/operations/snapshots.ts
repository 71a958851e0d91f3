import { Knex } from 'knex';
import { emptyCounts } from '../../lib/counts';
import { Snapshot, SnapshotScore } from '../PostureStore';
import { chunks, fromJson } from '../rows';
import { ID_BATCH } from '../tables';

/** Writes a component's snapshot of one day (the day's latest posture wins). @internal */
export async function upsertSnapshot(
  tx: Knex,
  snapshot: Snapshot,
): Promise<void> {
  const row = {
    entity_ref: snapshot.entityRef,
    day: snapshot.day,
    score: snapshot.score,
    grade: snapshot.grade,
    open_counts: JSON.stringify(snapshot.open),
    overdue: snapshot.overdue,
    // the day's latest policy results win with the rest of the row
    policy_results: snapshot.policyResults
      ? JSON.stringify(snapshot.policyResults)
      : null,
  };
  await tx('posture_snapshots')
    .insert(row)
    .onConflict(['entity_ref', 'day'])
    .merge(['score', 'grade', 'open_counts', 'overdue', 'policy_results']);
}

/** The snapshots of some components since a day, oldest first. @internal */
export async function listSnapshots(
  db: Knex,
  entityRefs: string[],
  sinceDay: string,
): Promise<Snapshot[]> {
  const out: Snapshot[] = [];
  for (const refs of chunks(entityRefs, ID_BATCH)) {
    const rows = await db('posture_snapshots')
      .whereIn('entity_ref', refs)
      .where('day', '>=', sinceDay)
      .orderBy('day');
    for (const r of rows) {
      out.push({
        entityRef: r.entity_ref,
        day: r.day,
        score: r.score === null ? null : Number(r.score),
        grade: r.grade ?? null,
        open: fromJson(r.open_counts, emptyCounts()),
        overdue: Number(r.overdue ?? 0),
      });
    }
  }
  return out;
}

/** From how many components a window's scores are read by day rather than by component. */
const WHOLE_WINDOW_FROM = 2 * ID_BATCH;

/**
 * The daily scores of some components from a day (and before another one when given), for trends:
 * three columns, no JSON to parse (a scorecard of 10,000 components reads 140,000 of them). @internal
 */
export async function listSnapshotScores(
  db: Knex,
  entityRefs: string[],
  sinceDay: string,
  beforeDay?: string,
): Promise<SnapshotScore[]> {
  const days = (q: Knex.QueryBuilder) =>
    beforeDay === undefined
      ? q.where('day', '>=', sinceDay)
      : q.where('day', '>=', sinceDay).where('day', '<', beforeDay);
  const out: SnapshotScore[] = [];
  const push = (r: { entity_ref: string; day: string; score: unknown }) =>
    out.push({ entityRef: r.entity_ref, day: r.day, score: Number(r.score) });
  if (entityRefs.length > WHOLE_WINDOW_FROM) {
    // most of the fleet: one range scan of the day index, the others left out here
    const wanted = new Set(entityRefs);
    const rows = await days(db('posture_snapshots'))
      .whereNotNull('score')
      .select('entity_ref', 'day', 'score');
    for (const r of rows) if (wanted.has(r.entity_ref)) push(r);
    return out;
  }
  for (const refs of chunks(entityRefs, ID_BATCH)) {
    const rows = await days(db('posture_snapshots').whereIn('entity_ref', refs))
      .whereNotNull('score')
      .select('entity_ref', 'day', 'score');
    rows.forEach(push);
  }
  return out;
}
