import { Knex } from 'knex';
import { timed } from './measure';
import { formatMs } from './table';

/** One SQL statement seen on the plugin's knex client, with its duration. */
export interface CapturedQuery {
  sql: string;
  bindings: readonly unknown[];
  ms: number;
}

interface KnexQueryEvent {
  __knexQueryUid: string;
  sql: string;
  bindings?: readonly unknown[];
}

/**
 * Runs `fn` while recording every statement the plugin's knex client executes (the client is
 * shared with the plugin: Backstage caches one per plugin), with per-statement durations.
 */
export async function captureQueries<T>(
  db: Knex,
  fn: () => Promise<T>,
): Promise<{ value: T; queries: CapturedQuery[]; ms: number }> {
  const started = new Map<string, { at: bigint; event: KnexQueryEvent }>();
  const queries: CapturedQuery[] = [];
  const onQuery = (event: KnexQueryEvent) => {
    started.set(event.__knexQueryUid, { at: process.hrtime.bigint(), event });
  };
  const onDone = (_response: unknown, event: KnexQueryEvent) => {
    const start = started.get(event.__knexQueryUid);
    if (start) {
      queries.push({
        sql: start.event.sql,
        bindings: start.event.bindings ?? [],
        ms: Number(process.hrtime.bigint() - start.at) / 1e6,
      });
    }
  };
  db.on('query', onQuery);
  db.on('query-response', onDone);
  try {
    const { value, ms } = await timed(fn);
    return { value, queries, ms };
  } finally {
    db.removeListener('query', onQuery);
    db.removeListener('query-response', onDone);
  }
}

/** Statements grouped by shape (the SQL up to its first 90 characters), slowest first. */
export function summarizeQueries(
  queries: CapturedQuery[],
  totalMs: number,
): string[] {
  const groups = new Map<string, { count: number; ms: number }>();
  for (const q of queries) {
    const key = q.sql.replace(/\s+/g, ' ').slice(0, 90);
    const g = groups.get(key) ?? { count: 0, ms: 0 };
    g.count += 1;
    g.ms += q.ms;
    groups.set(key, g);
  }
  const inSql = queries.reduce((a, q) => a + q.ms, 0);
  return [
    `total ${formatMs(totalMs)}: ${queries.length} statements took ${formatMs(
      inSql,
    )}; ` +
      `${formatMs(
        totalMs - inSql,
      )} outside SQL (HTTP, parsing, hashing, query building)`,
    ...[...groups]
      .sort((a, b) => b[1].ms - a[1].ms)
      .slice(0, 8)
      .map(
        ([sql, g]) =>
          `  ${formatMs(g.ms).padStart(9)} in ${String(g.count).padStart(
            4,
          )} x ${sql}`,
      ),
  ];
}

/** Knex on PostgreSQL reports `$1` placeholders; `knex.raw` wants `?`. */
function rawSql(db: Knex, sql: string): string {
  return db.client.config.client === 'pg' ? sql.replace(/\$\d+/g, '?') : sql;
}

/**
 * The plan of a statement: `EXPLAIN (ANALYZE, BUFFERS)` on PostgreSQL (inside a transaction that
 * is rolled back, so writes are undone) or `EXPLAIN QUERY PLAN` on SQLite.
 */
export async function explain(
  db: Knex,
  query: CapturedQuery,
): Promise<string[]> {
  const sql = rawSql(db, query.sql);
  const bindings = [...query.bindings] as Knex.RawBinding[];
  if (db.client.config.client === 'pg') {
    const lines: string[] = [];
    await db
      .transaction(async tx => {
        const result = await tx.raw(
          `explain (analyze, buffers) ${sql}`,
          bindings,
        );
        for (const row of result.rows as { 'QUERY PLAN': string }[]) {
          lines.push(row['QUERY PLAN']);
        }
        throw new RollbackAfterExplain();
      })
      .catch(error => {
        if (!(error instanceof RollbackAfterExplain)) throw error;
      });
    return lines;
  }
  const rows: { detail: string }[] = await db.raw(
    `explain query plan ${sql}`,
    bindings,
  );
  return rows.map(r => r.detail);
}

class RollbackAfterExplain extends Error {}
