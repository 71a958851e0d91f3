import { TestDatabaseId, TestDatabases } from '@backstage/backend-test-utils';
import { RateLimiter } from '../lib/RateLimiter';
import { DatabaseRateLimitCounter } from './DatabaseRateLimitCounter';
import { migrateToLatest } from './tables';

jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

describe.each(databases.eachSupportedId())(
  'rate limits in the database on %p',
  databaseId => {
    it('counts every take of every limiter sharing the table, refuses past the limit with the rest of the window, and starts over in the next window', async () => {
      const knex = await databases.init(databaseId as TestDatabaseId);
      await migrateToLatest(knex);
      let now = 1_800_000_030_000; // 30 s into a minute
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
      await b.take('upload:ci', 2);
      const refused = await a.take('upload:ci').catch(e => e);
      expect(refused).toMatchObject({
        name: 'TooManyRequestsError',
        statusCode: 429,
        retryAfterSeconds: 30,
        message: 'at most 5 a minute; 5 taken',
      });
      // a refusal is not counted, and other keys have their own windows
      await expect(b.take('upload:other', 5)).resolves.toBeUndefined();
      now += 30_000;
      await expect(a.take('upload:ci', 5)).resolves.toBeUndefined();
      const rows = await knex('posture_rate_limits')
        .where({ limit_key: 'upload:ci' })
        .select('window_start', 'taken');
      // the past window of the key is gone
      expect(rows.map(r => [Number(r.window_start), Number(r.taken)])).toEqual([
        [1_800_000_060, 5],
      ]);
      await knex.destroy();
    });
  },
);
