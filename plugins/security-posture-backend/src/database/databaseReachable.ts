import { Knex } from 'knex';

/**
 * Whether the plugin's database answers `select 1` within `timeoutMs` (the readiness probe's
 * question). Answers the error when it does not; never throws.
 *
 * @internal
 */
export async function databaseReachable(
  db: Knex,
  timeoutMs: number,
): Promise<{ ok: true } | { ok: false; error: unknown }> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`no answer to select 1 within ${timeoutMs} ms`)),
      timeoutMs,
    );
  });
  try {
    await Promise.race([db.raw('select 1'), timeout]);
    return { ok: true };
  } catch (error) {
    return { ok: false, error };
  } finally {
    clearTimeout(timer);
  }
}
