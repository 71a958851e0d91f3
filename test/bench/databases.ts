import { JsonObject } from '@backstage/types';
import knexFactory from 'knex';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** One database engine the benchmark runs on, with the `backend.database` config to use. */
export interface DatabaseTarget {
  name: 'SQLite' | 'PostgreSQL';
  /** `backend.database` for the backend under test. */
  config: JsonObject;
  /** Where the data lives, for the printed header. */
  where: string;
  /** Removes every database or file the run created. */
  cleanup(): Promise<void>;
}

/** SQLite the way the app runs it: one file per plugin in a directory (here a temp dir). */
export async function sqliteTarget(): Promise<DatabaseTarget> {
  const directory = await mkdtemp(join(tmpdir(), 'golden-path-bench-sqlite-'));
  return {
    name: 'SQLite',
    config: { client: 'better-sqlite3', connection: { directory } },
    where: `better-sqlite3 files in ${directory}`,
    cleanup: () => rm(directory, { recursive: true, force: true }),
  };
}

function adminClient(url: string) {
  return knexFactory({
    client: 'pg',
    connection: { connectionString: url, database: 'postgres' },
    pool: { min: 0, max: 1 },
  });
}

/**
 * PostgreSQL with a run-specific prefix: Backstage creates `golden_path_bench_<run>_<pluginId>`
 * per plugin; cleanup drops every database with that prefix.
 */
export async function postgresTarget(
  url: string,
  runId: string,
): Promise<DatabaseTarget> {
  const prefix = `golden_path_bench_${runId}_`;
  const admin = adminClient(url);
  try {
    const { rows } = await admin.raw('select version() as v');
    if (!String(rows[0]?.v).startsWith('PostgreSQL')) {
      throw new Error('unexpected answer to select version()');
    }
  } catch (error) {
    throw new Error(
      `PostgreSQL at ${url.replace(
        /\/\/[^@/]*@/,
        '//***@',
      )} is not reachable: ${error}`,
    );
  } finally {
    await admin.destroy();
  }
  return {
    name: 'PostgreSQL',
    config: { client: 'pg', connection: url, prefix },
    where: `databases ${prefix}* on ${url.replace(/\/\/[^@/]*@/, '//***@')}`,
    async cleanup() {
      const client = adminClient(url);
      try {
        const { rows } = await client.raw(
          'select datname from pg_database where starts_with(datname, ?)',
          [prefix],
        );
        for (const { datname } of rows as { datname: string }[]) {
          await client.raw('drop database if exists ?? with (force)', [
            datname,
          ]);
        }
      } finally {
        await client.destroy();
      }
    },
  };
}
