import { resolvePackagePath } from '@backstage/backend-plugin-api';
import { Knex } from 'knex';

/**
 * The plugin's tables (created by the knex migrations in `migrations/`), the shapes of their rows
 * where code reads them whole, and the limits every statement keeps to.
 */

/** The knex migrations of the plugin. @internal */
export const MIGRATIONS_DIRECTORY = resolvePackagePath(
  '@golden-path/plugin-security-posture-backend',
  'migrations',
);

/**
 * Whether a migration failed because another replica is migrating the same database: knex creates
 * its own bookkeeping tables without a lock (two replicas on a new database both try: a duplicate
 * table or type), and refuses to run while another holds its migration lock.
 */
function lostMigrationRace(error: unknown): boolean {
  const e = error as {
    name?: string;
    code?: string;
    message?: string;
    detail?: string;
  };
  if (
    e?.name === 'MigrationLocked' ||
    /Migration table is already locked/.test(String(e?.message))
  ) {
    return true;
  }
  // PostgreSQL: duplicate_table, duplicate_object (its row type) or unique_violation on pg_type,
  // for knex' own tables only (a migration of ours that breaks a constraint is a bug to report,
  // not a race to wait out)
  return (
    ['42P07', '42710', '23505'].includes(String(e?.code)) &&
    /knex_migrations/.test(`${e.message} ${e.detail}`)
  );
}

/** knex's lock table (the default name for the default migrations table). */
const MIGRATIONS_LOCK_TABLE = 'knex_migrations_lock';

/**
 * knex fills its lock table with one row when it finds the table empty, without a lock: two
 * replicas on a new database can both insert one. Its lock then never succeeds (it takes the lock
 * by updating exactly one unlocked row), and every replica waits for a lock nobody holds. The rows
 * after the first that are unlocked are removed; a held lock is left alone.
 */
async function removeDuplicateLockRows(db: Knex): Promise<void> {
  try {
    if (!(await db.schema.hasTable(MIGRATIONS_LOCK_TABLE))) return;
    const [first] = await db(MIGRATIONS_LOCK_TABLE).min({ index: 'index' });
    if (first?.index === null || first?.index === undefined) return;
    await db(MIGRATIONS_LOCK_TABLE)
      .where('index', '>', first.index)
      .where('is_locked', 0)
      .delete();
  } catch {
    // the next attempt meets whatever is wrong again, and reports it
  }
}

/**
 * Brings a database to the newest schema. Replicas starting together on one database may all call
 * this: the ones that lose the race to knex's bookkeeping tables or lock wait and try again, and
 * find the migrations applied (each is recorded once). Gives up after `waitMs`.
 *
 * @internal
 */
export async function migrateToLatest(
  db: Knex,
  options: { waitMs?: number } = {},
): Promise<void> {
  const deadline = Date.now() + (options.waitMs ?? 120_000);
  for (let attempt = 0; ; attempt++) {
    try {
      await db.migrate.latest({ directory: MIGRATIONS_DIRECTORY });
      return;
    } catch (error) {
      if (!lostMigrationRace(error) || Date.now() > deadline) throw error;
      await removeDuplicateLockRows(db);
      const delay = Math.min(2_000, 50 * 2 ** attempt) * (0.5 + Math.random());
      await new Promise(resolve => setTimeout(resolve, delay));
    }
  }
}

/** Every column of posture_components but the top findings, for reads over many components. */
export const COMPONENT_COLUMNS = [
  'entity_ref',
  'tier',
  'lifecycle',
  'owner_ref',
  'system_ref',
  'domain_ref',
  'expected_scanners',
  'template_ref',
  'template_version',
  'enrolled_at',
  'last_scan_at',
  'score',
  'grade',
  'posture',
];

/** Rows per INSERT: well under SQLite's and PostgreSQL's bound-parameter limits. */
export const INSERT_BATCH = 400;
/** Ids per `WHERE id IN (...)`. */
export const ID_BATCH = 900;

/** Far-future stand-in for "no SLA" so due-date ordering and cursors never meet a NULL. */
export const NO_DUE_DATE = '9999-12-31T00:00:00.000Z';

/** A row of posture_findings (with the derived last-seen time where a read selects it). */
export interface FindingRow {
  id: number | string;
  entity_ref: string;
  tool: string;
  branch: string;
  fingerprint: string;
  kind: string;
  rule_id: string;
  title: string;
  severity: string;
  severity_rank: number;
  status: string;
  aliases: string;
  cwes: string;
  package_name: string | null;
  package_purl: string | null;
  installed_version: string | null;
  fixed_version: string | null;
  path: string | null;
  start_line: number | null;
  end_line: number | null;
  message: string;
  remediation: string | null;
  remediation_url: string | null;
  cvss_score: number | null;
  suppression_source: string | null;
  suppression_state: string | null;
  suppression_justification: string | null;
  secret_redacted: string | null;
  first_seen_at: unknown;
  last_seen_at: unknown;
  fixed_at: unknown;
  reopen_count: number;
  sla_due_at: unknown;
  last_scan_id: string;
  content_hash: string;
  kev?: unknown;
  epss?: number | null;
  priority_score?: number;
  /** `last_seen_at` with unchanged reimports applied ({@link lastSeenExpression}). */
  seen_at_derived?: unknown;
}

/**
 * A finding's last-seen time: its own, or, while it is open or suppressed, the time an unchanged
 * reimport saw the findings of its last scan again (`posture_reseen_scans`).
 */
const LAST_SEEN_SQL = `coalesce((select r.reseen_at from posture_reseen_scans r where r.base_scan_id = posture_findings.last_scan_id and posture_findings.status in ('open', 'suppressed')), posture_findings.last_seen_at)`;

/** {@link LAST_SEEN_SQL} as a knex expression. */
export function lastSeenExpression(db: Knex): Knex.Raw {
  return db.raw(LAST_SEEN_SQL);
}

/** Every column of a finding row plus its derived last-seen time. */
export function findingColumns(db: Knex): (string | Knex.Raw)[] {
  return ['posture_findings.*', db.raw(`${LAST_SEEN_SQL} as seen_at_derived`)];
}

/** Whether the connection is PostgreSQL (else SQLite). */
export function isPostgres(db: Knex): boolean {
  return db.client.config.client === 'pg';
}
