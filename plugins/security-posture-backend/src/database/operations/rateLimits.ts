import { Knex } from 'knex';
import { isPostgres } from '../tables';

/**
 * A sliding-window take: in one transaction that holds the key's lock (a transaction-scoped
 * advisory lock on PostgreSQL; SQLite runs one write transaction at a time), the takes of the last
 * `windowMs` are summed; when `amount` more fits under `limit` it is recorded, else nothing is.
 * Answers what the window held before, and, when refused, when its oldest take leaves it. Takes
 * older than the window are deleted as the key is used.
 *
 * @internal
 */
export async function takeSliding(
  db: Knex,
  key: string,
  options: { amount: number; limit: number; windowMs: number; nowMs: number },
): Promise<{ taken: number; allowed: boolean; freesAtMs: number | null }> {
  const { amount, limit, windowMs, nowMs } = options;
  return db.transaction(async tx => {
    if (isPostgres(tx)) {
      await tx.raw('select pg_advisory_xact_lock(hashtext(?))', [
        `posture-rate:${key}`,
      ]);
    }
    await tx('posture_rate_limits')
      .where('limit_key', key)
      .where('window_start', '<=', nowMs - windowMs)
      .delete();
    const rows = await tx('posture_rate_limits')
      .where('limit_key', key)
      .orderBy('window_start')
      .select('window_start', 'taken');
    const taken = rows.reduce((n, r) => n + Number(r.taken), 0);
    if (taken + amount > limit) {
      // the window frees enough once the oldest takes leave it; the oldest is when it starts to
      return {
        taken,
        allowed: false,
        freesAtMs: rows.length ? Number(rows[0].window_start) + windowMs : null,
      };
    }
    await tx('posture_rate_limits')
      .insert({ limit_key: key, window_start: nowMs, taken: amount })
      .onConflict(['limit_key', 'window_start'])
      .merge({ taken: tx.raw('posture_rate_limits.taken + ?', [amount]) });
    return { taken, allowed: true, freesAtMs: null };
  });
}
