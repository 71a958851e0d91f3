import { TestDatabaseId, TestDatabases } from '@backstage/backend-test-utils';
import { DatabaseRunLocks } from './DatabaseRunLocks';
import { migrateToLatest } from './tables';

jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

describe.each(databases.eachSupportedId())('run locks on %p', databaseId => {
  it('lets one run of a key go at a time across replicas, releases it after, and lets an expired lock be taken over', async () => {
    const knex = await databases.init(databaseId as TestDatabaseId);
    await migrateToLatest(knex);
    let now = new Date('2026-12-06T10:00:00Z');
    const [a, b] = [
      new DatabaseRunLocks(knex, () => now),
      new DatabaseRunLocks(knex, () => now),
    ];
    let inner: Awaited<ReturnType<DatabaseRunLocks['run']>> | undefined;
    const outer = await a.run('upgrades:t', 60_000, async () => {
      // another replica asks while the run holds the lock
      inner = await b.run('upgrades:t', 60_000, async () => 'second');
      // another key is free
      expect(
        await b.run('upgrades:other', 60_000, async () => 'other'),
      ).toEqual({ ran: true, value: 'other' });
      return 'first';
    });
    expect(outer).toEqual({ ran: true, value: 'first' });
    expect(inner).toEqual({ ran: false });
    // released: the next run goes
    expect(await b.run('upgrades:t', 60_000, async () => 'next')).toEqual({
      ran: true,
      value: 'next',
    });
    // a holder that died: its lock blocks until it expires, then is taken over
    await knex('posture_run_locks').insert({
      lock_key: 'upgrades:t',
      holder: 'a-replica-that-died',
      expires_at: new Date(now.getTime() + 60_000),
    });
    expect(await a.run('upgrades:t', 60_000, async () => 'x')).toEqual({
      ran: false,
    });
    now = new Date(now.getTime() + 61_000);
    expect(await a.run('upgrades:t', 60_000, async () => 'x')).toEqual({
      ran: true,
      value: 'x',
    });
    await knex.destroy();
  });
});
