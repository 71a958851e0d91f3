import { TestDatabaseId, TestDatabases } from '@backstage/backend-test-utils';
import fs from 'fs';
import { tablesOf } from '../__testUtils__/database';
import { MIGRATIONS_DIRECTORY as MIGRATIONS } from './tables';

const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

/** Every table with its columns, as the database describes them. */
async function schemaOf(knex: Awaited<ReturnType<typeof databases.init>>) {
  const out: Record<string, string[]> = {};
  for (const table of await tablesOf(knex)) {
    out[table] = Object.keys(await knex(table).columnInfo()).sort();
  }
  return out;
}

describe.each(databases.eachSupportedId())('migrations on %p', databaseId => {
  it('apply, roll back completely, and apply again to the same schema', async () => {
    const knex = await databases.init(databaseId as TestDatabaseId);
    const files = fs
      .readdirSync(MIGRATIONS)
      .filter(f => f.endsWith('.js'))
      .sort();
    expect(files.length).toBeGreaterThan(0);

    await knex.migrate.latest({ directory: MIGRATIONS });
    const [, applied] = await knex.migrate.list({ directory: MIGRATIONS });
    expect(applied).toEqual([]);
    const first = await schemaOf(knex);
    expect(Object.keys(first)).toContain('posture_findings');

    // every migration's down undoes its up, newest first
    for (let i = files.length; i > 0; i -= 1) {
      await knex.migrate.down({ directory: MIGRATIONS });
    }
    const [completed] = await knex.migrate.list({ directory: MIGRATIONS });
    expect(completed).toEqual([]);
    expect(await schemaOf(knex)).toEqual({});

    await knex.migrate.latest({ directory: MIGRATIONS });
    expect(await schemaOf(knex)).toEqual(first);
    await knex.destroy();
  });
});
