import { TestDatabaseId, TestDatabases } from '@backstage/backend-test-utils';
import { RateLimiter } from '../lib/RateLimiter';
import { DatabaseRateLimitCounter } from './DatabaseRateLimitCounter';
import { migrateToLatest } from './tables';

jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

describe.each(databases.eachSupportedId())(
  'rate limits in the database on %p',
  databaseId => {
    it('counts the takes of every limiter sharing the table over a sliding window, refuses past the limit until the oldest take leaves it, and never counts a refusal', async () => {
      const knex = await databases.init(databaseId as TestDatabaseId);
      await migrateToLatest(knex);
      const start = 1_800_000_000_000;
      let now = start;
      const limiter = () =>
        new RateLimiter({
          counter: new DatabaseRateLimitCounter(knex),
          limit: 5,
          windowSeconds: 60,
          describe: (limit, taken) =>
            `at most ${limit} a minute; ${taken} taken`,
          clock: () => now,
        });
      // two limiters stand for two replicas: they count against one window
      const [a, b] = [limiter(), limiter()];
      await Promise.all([
        a.take('upload:ci'),
        b.take('upload:ci'),
        a.take('upload:ci'),
      ]);
      now = start + 20_000;
      await b.take('upload:ci', 2);
      const refused = await a.take('upload:ci').catch(e => e);
      expect(refused).toMatchObject({
        name: 'TooManyRequestsError',
        statusCode: 429,
        retryAfterSeconds: 40,
        message: 'at most 5 a minute; 5 taken',
      });
      // other keys have their own windows
      await expect(b.take('upload:other', 5)).resolves.toBeUndefined();
      // once the first three takes left the window, three fit again, and not four
      now = start + 60_000;
      await expect(a.take('upload:ci', 4)).rejects.toMatchObject({
        retryAfterSeconds: 20,
      });
      await expect(a.take('upload:ci', 3)).resolves.toBeUndefined();
      const rows = await knex('posture_rate_limits')
        .where({ limit_key: 'upload:ci' })
        .orderBy('window_start')
        .select('window_start', 'taken');
      // the takes that left the window are gone
      expect(rows.map(r => [Number(r.window_start), Number(r.taken)])).toEqual([
        [start + 20_000, 2],
        [start + 60_000, 3],
      ]);
      await knex.destroy();
    });
  },
);
