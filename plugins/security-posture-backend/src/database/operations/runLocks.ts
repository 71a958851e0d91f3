import { Knex } from 'knex';

/**
 * Takes a lock unless another holder has it and it has not expired: one statement that inserts
 * the row, or takes over an expired one, so two replicas never both get it.
 *
 * @internal
 */
export async function takeRunLock(
  db: Knex,
  key: string,
  holder: string,
  now: Date,
  expiresAt: Date,
): Promise<boolean> {
  const rows = await db('posture_run_locks')
    .insert({ lock_key: key, holder, expires_at: expiresAt })
    .onConflict('lock_key')
    .merge({ holder, expires_at: expiresAt })
    .where('posture_run_locks.expires_at', '<', now)
    .returning('holder');
  return rows.some(r => (r as { holder: string }).holder === holder);
}

/** Releases a lock its holder holds. @internal */
export async function releaseRunLock(
  db: Knex,
  key: string,
  holder: string,
): Promise<void> {
  await db('posture_run_locks').where({ lock_key: key, holder }).delete();
}
