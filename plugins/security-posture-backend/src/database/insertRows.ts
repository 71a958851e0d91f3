import { Knex } from 'knex';
import { chunks } from './rows';
import { INSERT_BATCH } from './tables';

/** The part of better-sqlite3's Database this uses. */
interface SqliteConnection {
  prepare(sql: string): { run(values: unknown[]): unknown };
}

const quoted = (identifier: string) => `"${identifier.replace(/"/g, '""')}"`;

/** A value as knex's better-sqlite3 dialect binds it (dates as epoch milliseconds, booleans as 0/1). */
function bindable(value: unknown): unknown {
  if (value === undefined) return null;
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (value instanceof Date) return value.valueOf();
  return value;
}

/**
 * Inserts `rows` into `table` in the caller's transaction (outside one, as knex does), with the
 * same result as knex's multi-row insert (every column any row names; a value a row leaves out is
 * NULL, as with Backstage's `useNullAsDefault` on SQLite).
 *
 * On SQLite (better-sqlite3) the rows go through one single-row statement, prepared once for the
 * call and run per row: building a multi-row INSERT in knex and preparing it again for every batch
 * cost about twice as long as SQLite's writing of the rows (100,000 findings of 37 columns: 4.8 to
 * 5.4 s in knex batches of 400, 1.5 s through one prepared statement, test/bench/README.md). On
 * PostgreSQL it is knex's multi-row insert in batches of {@link INSERT_BATCH}, one round trip each.
 *
 * @internal
 */
export async function insertRows(
  tx: Knex,
  table: string,
  rows: Record<string, unknown>[],
): Promise<void> {
  if (rows.length === 0) return;
  if (!tx.isTransaction || tx.client.config.client !== 'better-sqlite3') {
    for (const batch of chunks(rows, INSERT_BATCH)) {
      await tx(table).insert(batch);
    }
    return;
  }
  // every column any row names, without an array of every row's keys (100,000 rows x 37 columns)
  const named = new Set<string>();
  for (const row of rows) {
    for (const key of Object.keys(row)) named.add(key);
  }
  const columns = [...named];
  // the transaction's own connection (knex hands a transaction's client its connection)
  const connection = (await tx.client.acquireConnection()) as SqliteConnection;
  const statement = connection.prepare(
    `insert into ${quoted(table)} (${columns
      .map(quoted)
      .join(', ')}) values (${columns.map(() => '?').join(', ')})`,
  );
  const values: unknown[] = new Array(columns.length);
  for (const row of rows) {
    for (let i = 0; i < columns.length; i++) {
      values[i] = bindable(row[columns[i]]);
    }
    statement.run(values);
  }
}
