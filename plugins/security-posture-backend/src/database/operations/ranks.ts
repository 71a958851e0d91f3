import { Knex } from 'knex';
import { FindingRank, RankInput } from '../PostureStore';
import { fromJson } from '../rows';

/** What ranking needs of a component's open and suppressed findings. @internal */
export async function listRankInputs(
  db: Knex,
  entityRef: string,
): Promise<RankInput[]> {
  const rows = await db('posture_findings')
    .where({ entity_ref: entityRef })
    .whereIn('status', ['open', 'suppressed'])
    .select(
      'id',
      'severity',
      'status',
      'aliases',
      'kev',
      'epss',
      'priority_score',
    );
  return rows.map(r => ({
    id: String(r.id),
    severity: r.severity,
    status: r.status,
    aliases: fromJson<string[]>(r.aliases, []),
    rank: {
      kev: Boolean(r.kev),
      epss: r.epss === null ? null : Number(r.epss),
      priority_score: Number(r.priority_score),
    },
  }));
}

/** Stores new ranks of findings (after fresher exploitation data). In a transaction. @internal */
export async function updateRanks(
  tx: Knex,
  updates: { id: string; rank: FindingRank }[],
): Promise<void> {
  for (const u of updates) {
    await tx('posture_findings').where({ id: u.id }).update(u.rank);
  }
}
