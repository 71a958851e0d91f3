import { Knex } from 'knex';

/**
 * Counts `amount` against a key's fixed window and answers the window's total after it; one
 * statement (an upsert that adds), so concurrent replicas never lose a count. Past windows of the
 * key are deleted.
 *
 * @internal
 */
export async function takeFromWindow(
  db: Knex,
  key: string,
  windowStart: number,
  amount: number,
): Promise<number> {
  return db.transaction(async tx => {
    const [row] = await tx('posture_rate_limits')
      .insert({ limit_key: key, window_start: windowStart, taken: amount })
      .onConflict(['limit_key', 'window_start'])
      .merge({ taken: tx.raw('posture_rate_limits.taken + ?', [amount]) })
      .returning('taken');
    await tx('posture_rate_limits')
      .where('limit_key', key)
      .where('window_start', '<', windowStart)
      .delete();
    return Number((row as { taken: number }).taken);
  });
}

/** Gives back what a refused take counted, so a refusal does not use up the window. @internal */
export async function giveBackToWindow(
  db: Knex,
  key: string,
  windowStart: number,
  amount: number,
): Promise<void> {
  await db('posture_rate_limits')
    .where({ limit_key: key, window_start: windowStart })
    .decrement('taken', amount);
}
