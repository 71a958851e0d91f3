import { TestDatabases } from '@backstage/backend-test-utils';
import { anotherPool, tablesOf } from '../__testUtils__/database';
import { migrateToLatest, MIGRATIONS_DIRECTORY } from './tables';

jest.setTimeout(120_000);

// replicas are a PostgreSQL matter: the embedded SQLite is one process
const databases = TestDatabases.create({ ids: ['POSTGRES_15'] });

describe.each(databases.eachSupportedId())(
  'replicas migrating one new database at once on %p',
  databaseId => {
    it('both start: the replica that loses the race waits for the other and finds the schema complete', async () => {
      for (let round = 0; round < 5; round++) {
        const knex = await databases.init(databaseId);
        const replicas = [knex, anotherPool(knex), anotherPool(knex)];
        try {
          const results = await Promise.allSettled(
            replicas.map(db => migrateToLatest(db)),
          );
          // every replica started: no failure, whatever it was
          expect(
            results.flatMap(r =>
              r.status === 'rejected' ? [String(r.reason)] : [],
            ),
          ).toEqual([]);
          const [, pending] = await knex.migrate.list({
            directory: MIGRATIONS_DIRECTORY,
          });
          expect(pending).toEqual([]);
          // each migration recorded once, not once per replica
          const recorded = await knex('knex_migrations').select('name');
          expect(recorded.length).toBe(new Set(recorded.map(r => r.name)).size);
          expect(await tablesOf(knex)).toContain('posture_policy_set');
        } finally {
          await Promise.all(replicas.slice(1).map(db => db.destroy()));
        }
      }
    });

    it("recovers from two rows in knex's lock table (two replicas both filled the new table)", async () => {
      const knex = await databases.init(databaseId);
      await migrateToLatest(knex);
      // what two replicas that both found the new lock table empty leave behind: with two unlocked
      // rows knex's lock (an update of exactly one row) never succeeds
      await knex('knex_migrations_lock').insert({ is_locked: 0 });
      await expect(
        knex.migrate.latest({ directory: MIGRATIONS_DIRECTORY }),
      ).rejects.toThrow('Migration table is already locked');
      await migrateToLatest(knex, { waitMs: 10_000 });
      expect(await knex('knex_migrations_lock').select('is_locked')).toEqual([
        { is_locked: 0 },
      ]);
    });
  },
);
