import knexFactory, { Knex } from 'knex';

/** The plugin's tables in a test database (not knex' own, not SQLite's), sorted. Test use only. */
export async function tablesOf(knex: Knex): Promise<string[]> {
  const tables: string[] =
    knex.client.config.client === 'pg'
      ? (
          await knex('information_schema.tables')
            .where({ table_schema: knex.raw('current_schema()') })
            .select('table_name')
        ).map(r => r.table_name)
      : (
          await knex('sqlite_master').where({ type: 'table' }).select('name')
        ).map(r => r.name);
  return tables
    .filter(t => !t.startsWith('knex_') && !t.startsWith('sqlite_'))
    .sort();
}

/**
 * Another connection pool to the database of `knex`: what a second replica, or a watcher beside
 * the backend, would hold. Test use only.
 */
export function anotherPool(knex: Knex, pool = { min: 0, max: 5 }): Knex {
  return knexFactory({
    client: knex.client.config.client,
    connection: knex.client.config.connection,
    pool,
  });
}
