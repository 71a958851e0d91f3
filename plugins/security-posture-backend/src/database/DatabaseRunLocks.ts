import { Knex } from 'knex';
import { randomUUID } from 'node:crypto';
import { releaseRunLock, takeRunLock } from './operations/runLocks';

/**
 * Locks of runs shared by every replica (`posture_run_locks`): `run` runs `fn` only when no other
 * holder's unexpired lock of the key exists, and answers false without running it otherwise.
 *
 * @internal
 */
export class DatabaseRunLocks {
  constructor(
    private readonly db: Knex,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  async run<T>(
    key: string,
    holdForMs: number,
    fn: () => Promise<T>,
  ): Promise<{ ran: true; value: T } | { ran: false }> {
    const holder = randomUUID();
    const now = this.clock();
    const taken = await takeRunLock(
      this.db,
      key,
      holder,
      now,
      new Date(now.getTime() + holdForMs),
    );
    if (!taken) return { ran: false };
    try {
      return { ran: true, value: await fn() };
    } finally {
      await releaseRunLock(this.db, key, holder);
    }
  }
}
