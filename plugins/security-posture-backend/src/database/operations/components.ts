import { Finding } from '@golden-path/plugin-security-posture-common';
import { Knex } from 'knex';
import { emptyCounts } from '../../lib/counts';
import {
  ComponentFacts,
  ComponentRow,
  ComponentToServe,
  PostureToSave,
  ScorecardFacts,
  StoredPosture,
} from '../PostureStore';
import { chunks, fromJson, toIsoOrNull } from '../rows';
import { COMPONENT_COLUMNS, ID_BATCH, isPostgres } from '../tables';

function toComponent(
  row: Record<string, any>,
  topFindings: Finding[] | null = fromJson<Finding[] | null>(
    row.top_findings,
    null,
  ),
): ComponentRow {
  return {
    entityRef: row.entity_ref,
    tier: row.tier === null ? null : Number(row.tier),
    lifecycle: row.lifecycle,
    ownerRef: row.owner_ref,
    systemRef: row.system_ref,
    domainRef: row.domain_ref,
    expectedScanners: fromJson<string[] | null>(row.expected_scanners, null),
    templateRef: row.template_ref,
    templateVersion: row.template_version,
    enrolledAt: toIsoOrNull(row.enrolled_at),
    lastScanAt: toIsoOrNull(row.last_scan_at),
    score: row.score === null ? null : Number(row.score),
    grade: row.grade,
    posture: fromJson<StoredPosture | null>(row.posture, null),
    topFindings,
  };
}

/**
 * A one-component read: its columns by name (a column a later migration adds never changes what
 * the statement returns), one statement text for both engines.
 */
const ONE_COMPONENT_SQL = `select ${[...COMPONENT_COLUMNS, 'top_findings'].join(
  ', ',
)} from posture_components where entity_ref = ? limit 1`;

/** {@link ONE_COMPONENT_SQL} with PostgreSQL's placeholder. */
const ONE_COMPONENT_SQL_PG = ONE_COMPONENT_SQL.replace('?', '$1');

/** The name of {@link ONE_COMPONENT_SQL_PG} as a prepared statement of a PostgreSQL session. */
const ONE_COMPONENT_STATEMENT = 'security_posture_one_component';

/**
 * PostgreSQL connections on which the prepared statement failed (a pooler such as PgBouncer in
 * transaction mode hands each statement to any server session, which may not have it): these send
 * the statement unnamed from then on.
 */
const unnamedOnPostgres = new WeakSet<object>();

/**
 * What PostgreSQL answers when a session does not have the prepared statement (26000), already has
 * one of that name (42P05), or has one whose result no longer fits the table (0A000).
 */
const PREPARED_STATEMENT_ERRORS = new Set(['26000', '42P05', '0A000']);

/** The one-component statement, prepared once per SQLite connection. */
const preparedOnSqlite = new WeakMap<
  object,
  { get(entityRef: string): Record<string, any> | undefined }
>();

/**
 * One row of posture_components (every column toComponent reads), the read behind every posture
 * read. Outside a transaction it runs on a connection of knex's pool without knex's query runner:
 * on SQLite (better-sqlite3) as a statement prepared once per connection (knex would build the
 * query and prepare the statement again on every read, which cost more than the read itself), on
 * PostgreSQL as a statement prepared once per session (parsing and planning the statement on
 * every read cost as much as running it; a session that cannot keep it, behind a pooler, sends it
 * unnamed). In a transaction it is one raw statement through knex.
 */
async function readComponentRow(
  db: Knex,
  entityRef: string,
): Promise<Record<string, any> | undefined> {
  if (!db.isTransaction && db.client.config.client === 'better-sqlite3') {
    const client = db.client;
    const connection = await client.acquireConnection();
    try {
      let statement = preparedOnSqlite.get(connection);
      if (!statement) {
        statement = connection.prepare(ONE_COMPONENT_SQL) as {
          get(entityRef: string): Record<string, any> | undefined;
        };
        preparedOnSqlite.set(connection, statement);
      }
      return statement.get(entityRef);
    } finally {
      await client.releaseConnection(connection);
    }
  }
  if (!db.isTransaction && isPostgres(db)) {
    const client = db.client;
    const connection = await client.acquireConnection();
    try {
      if (!unnamedOnPostgres.has(connection)) {
        try {
          const result = await connection.query({
            name: ONE_COMPONENT_STATEMENT,
            text: ONE_COMPONENT_SQL_PG,
            values: [entityRef],
          });
          return (result.rows as Record<string, any>[])[0];
        } catch (error) {
          if (
            !PREPARED_STATEMENT_ERRORS.has((error as { code?: string }).code!)
          ) {
            throw error;
          }
          unnamedOnPostgres.add(connection);
        }
      }
      const result = await connection.query(ONE_COMPONENT_SQL_PG, [entityRef]);
      return (result.rows as Record<string, any>[])[0];
    } finally {
      await client.releaseConnection(connection);
    }
  }
  const result = await db.raw(ONE_COMPONENT_SQL, [entityRef]);
  const rows = (isPostgres(db) ? result.rows : result) as Record<string, any>[];
  return rows[0];
}

/** One component with its stored posture and top findings. @internal */
export async function getComponent(
  db: Knex,
  entityRef: string,
): Promise<ComponentRow | undefined> {
  const row = await readComponentRow(db, entityRef);
  return row ? toComponent(row) : undefined;
}

/**
 * One component as a posture read serves it: the row of {@link getComponent} with its top findings
 * left as the stored JSON text (written by {@link savePosture} with JSON.stringify, so it is served
 * as it is instead of being parsed and serialised again); `component.topFindings` stays null.
 *
 * @internal
 */
export async function getComponentToServe(
  db: Knex,
  entityRef: string,
): Promise<ComponentToServe | undefined> {
  const row = await readComponentRow(db, entityRef);
  if (!row) return undefined;
  const text = row.top_findings;
  return {
    component: toComponent(row, null),
    topFindingsJson: typeof text === 'string' && text !== '' ? text : null,
  };
}

/**
 * Locks a component's row until the transaction ends (PostgreSQL; SQLite runs one write
 * transaction at a time) and answers whether it exists.
 *
 * @internal
 */
export async function lockComponent(
  tx: Knex,
  entityRef: string,
): Promise<boolean> {
  const query = tx('posture_components')
    .where({ entity_ref: entityRef })
    .first('entity_ref');
  return Boolean(await (isPostgres(tx) ? query.forUpdate() : query));
}

/** Every component, without top findings (roll-ups never need them). @internal */
export async function listComponents(db: Knex): Promise<ComponentRow[]> {
  const rows = await db('posture_components').select(COMPONENT_COLUMNS);
  return rows.map(row => toComponent(row));
}

/**
 * Some components with their stored postures, without top findings, in batches of
 * {@link ID_BATCH} refs (one query per batch, not one per component); those the plugin does not
 * know are left out. @internal
 */
export async function getComponents(
  db: Knex,
  entityRefs: string[],
): Promise<ComponentRow[]> {
  const out: ComponentRow[] = [];
  for (const refs of chunks([...new Set(entityRefs)], ID_BATCH)) {
    const rows = await db('posture_components')
      .whereIn('entity_ref', refs)
      .select(COMPONENT_COLUMNS);
    out.push(...rows.map(row => toComponent(row, null)));
  }
  return out;
}

/** Creates or refreshes a component's cached catalog facts (and enrollment, when given). @internal */
export async function upsertComponent(
  tx: Knex,
  facts: ComponentFacts,
  now: string,
  enrollment?: {
    expectedScanners?: string[];
    templateRef?: string;
    templateVersion?: string;
  },
): Promise<void> {
  const row: Record<string, unknown> = {
    entity_ref: facts.entityRef,
    tier: facts.tier,
    lifecycle: facts.lifecycle,
    owner_ref: facts.ownerRef,
    system_ref: facts.systemRef,
    domain_ref: facts.domainRef,
    updated_at: now,
  };
  if (facts.providedApis !== undefined) {
    row.provided_apis = facts.providedApis;
  }
  if (enrollment) {
    row.enrolled_at = now;
    if (enrollment.expectedScanners) {
      row.expected_scanners = JSON.stringify(enrollment.expectedScanners);
    }
    if (enrollment.templateRef) {
      row.template_ref = enrollment.templateRef;
      row.template_version = enrollment.templateVersion ?? null;
    }
  }
  // the catalog's annotations are the truth once they exist (an upgrade moves the version)
  if (facts.templateRef) {
    row.template_ref = facts.templateRef;
    row.template_version = facts.templateVersion ?? null;
  }
  const { entity_ref: _key, ...update } = row;
  await tx('posture_components')
    .insert(row)
    .onConflict('entity_ref')
    .merge(update);
}

/**
 * Sets what a component must be scanned by (null: its tier's defaults), whatever it was. For the
 * owners' explicit change only: enrollment merges instead (upsertComponent). @internal
 */
export async function setExpectedScanners(
  tx: Knex,
  entityRef: string,
  expectedScanners: string[] | null,
  now: string,
): Promise<void> {
  await tx('posture_components')
    .where({ entity_ref: entityRef })
    .update({
      expected_scanners:
        expectedScanners === null ? null : JSON.stringify(expectedScanners),
      updated_at: now,
    });
}

/** Stores a component's computed posture, score, grade and top findings. @internal */
export async function savePosture(
  tx: Knex,
  entityRef: string,
  posture: PostureToSave,
): Promise<void> {
  const update: Record<string, unknown> = {
    score: posture.score,
    grade: posture.grade,
    posture: JSON.stringify(posture.stored),
    top_findings: JSON.stringify(posture.topFindings),
    updated_at: posture.stored.computedAt,
  };
  if (posture.lastScanAt) {
    update.last_scan_at = posture.lastScanAt;
  }
  await tx('posture_components')
    .where({ entity_ref: entityRef })
    .update(update);
}

/**
 * What a scorecard rolls up of every component: the score, the last scan and four values of the
 * stored posture (SQLite extracts them from the JSON; on PostgreSQL the text is parsed here), never
 * the whole component row. @internal
 */
export async function listScorecardFacts(db: Knex): Promise<ScorecardFacts[]> {
  if (isPostgres(db)) {
    // PostgreSQL parses JSON text more slowly than V8 does (one jsonb cast per posture took
    // 860 ms for 10,000 components, four json field reads 640 ms): read the text and parse here
    const rows = await db('posture_components')
      .whereNotNull('posture')
      .select('entity_ref', 'score', 'last_scan_at', 'posture');
    return rows.map(r => {
      const posture = fromJson<Partial<StoredPosture>>(r.posture, {});
      return {
        entityRef: r.entity_ref,
        score: r.score === null ? null : Number(r.score),
        lastScanAt: toIsoOrNull(r.last_scan_at),
        open: posture.open ?? emptyCounts(),
        overdue: posture.overdue ?? 0,
        mttrFixed: posture.mttr?.fixed ?? 0,
        mttrMeanDays: posture.mttr?.meanDays ?? null,
      };
    });
  }
  // SQLite reads the four values out of the text in C, without building the rest
  const rows = await db('posture_components')
    .whereNotNull('posture')
    .select(
      'entity_ref',
      'score',
      'last_scan_at',
      db.raw(`json_extract(posture, '$.open') as open`),
      db.raw(`json_extract(posture, '$.overdue') as overdue`),
      db.raw(`json_extract(posture, '$.mttr.fixed') as mttr_fixed`),
      db.raw(`json_extract(posture, '$.mttr.meanDays') as mttr_mean_days`),
    );
  const num = (v: unknown) =>
    v === null || v === undefined ? null : Number(v);
  return rows.map(r => ({
    entityRef: r.entity_ref,
    score: num(r.score),
    lastScanAt: toIsoOrNull(r.last_scan_at),
    open: fromJson(r.open, emptyCounts()),
    overdue: num(r.overdue) ?? 0,
    mttrFixed: num(r.mttr_fixed) ?? 0,
    mttrMeanDays: num(r.mttr_mean_days),
  }));
}
