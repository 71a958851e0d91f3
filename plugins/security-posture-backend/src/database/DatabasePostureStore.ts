import { priorityLabel } from '../priority/priority';
import {
  DatabaseService,
  resolvePackagePath,
} from '@backstage/backend-plugin-api';
import {
  Finding,
  FindingDetail,
  FindingsQuery,
  ParsedFinding,
  PostureCheck,
  SEVERITIES,
  Severity,
} from '@golden-path/plugin-security-posture-common';
import { InputError } from '@backstage/errors';
import { createHash } from 'node:crypto';
import { Knex } from 'knex';
import { chunks, fromJson, toIso, toIsoOrNull } from './rows';
import { notAccepted } from '../exceptions/acceptedSql';

const MIGRATIONS = resolvePackagePath(
  '@golden-path/plugin-security-posture-backend',
  'migrations',
);

/** Every column of posture_components but the top findings, for reads over many components. */
const COMPONENT_COLUMNS = [
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
const INSERT_BATCH = 400;
/** Ids per `WHERE id IN (...)`. */
const ID_BATCH = 900;

/** Catalog facts about a component, cached with its posture. @internal */
export interface ComponentFacts {
  entityRef: string;
  tier: number | null;
  lifecycle: string | null;
  ownerRef: string | null;
  systemRef: string | null;
  domainRef: string | null;
  /** APIs the component provides (catalog relations), for the exposure part of priority. */
  providedApis?: number;
  /** The template it was made from, from its catalog annotations (wins over the enrollment's). */
  templateRef?: string | null;
  templateVersion?: string | null;
}

/** A stored component row. @internal */
export interface ComponentRow extends ComponentFacts {
  expectedScanners: string[] | null;
  templateRef: string | null;
  templateVersion: string | null;
  enrolledAt: string | null;
  lastScanAt: string | null;
  score: number | null;
  grade: string | null;
  posture: StoredPosture | null;
  /** Read by {@link DatabasePostureStore.getComponent} only; roll-ups never load it. */
  topFindings: Finding[] | null;
}

/** The posture computed at the last ingest or snapshot, stored as JSON. @internal */
export interface StoredPosture {
  computedAt: string;
  /**
   * Until when this posture is exact: the next UTC midnight or the next SLA due date of an open
   * finding, whichever comes first. Reads answer from it until then.
   */
  validUntil: string;
  open: Record<Severity, number>;
  overdue: number;
  overdueBySeverity: Record<Severity, number>;
  suppressed: number;
  breakdown: { label: string; points: number }[];
  mttr: { fixed: number; meanDays: number | null };
  coverage: PostureFacts['coverage'];
  checks: PostureCheck[];
  /** Open findings on the KEV list (absent in postures stored before priorities). */
  knownExploited?: number;
  /** Open findings an approved exception covers, not counted (absent before exceptions). */
  acceptedRisks?: number;
  /** How far its template version is behind, when it was computed. */
  templateStatus?: {
    latestVersion: string;
    behindBy: number;
    securityReleasesBehind: number;
    /** Whether its managed files drifted; null when that cannot be told. */
    drifted?: boolean | null;
  };
  /** The posture policies' results when it was computed. */
  policy?: import('../policy/PosturePolicies').PolicyEvaluation;
}

/** What one report did to one tool's findings. @internal */
export interface ApplyCounts {
  new: number;
  unchanged: number;
  fixed: number;
  reopened: number;
  suppressed: number;
  total: number;
}

/** Input of {@link DatabasePostureStore.applyFindings}. @internal */
export interface ApplyFindingsInput {
  entityRef: string;
  tool: string;
  branch: string;
  scanId: string;
  now: string;
  complete: boolean;
  findings: ParsedFinding[];
  slaDays: Record<Severity, number | undefined>;
  /** Exploitation signals and priority of a finding (src/priority), stored with it. */
  rank?: (finding: ParsedFinding) => FindingRank;
}

/** The stored ranking columns of a finding. @internal */
export interface FindingRank {
  kev: boolean;
  epss: number | null;
  priority_score: number;
}

/** A scan row. @internal */
export interface ScanRow {
  id: string;
  entityRef: string;
  tool: string;
  toolVersion: string | null;
  kinds: string[];
  format: string;
  branch: string;
  commit: string | null;
  complete: boolean;
  uploadedBy: string;
  counts: ApplyCounts;
  createdAt: string;
  /** SHA-256 of the uploaded body, when the scan came from an upload. */
  reportSha256?: string | null;
}

/** The scans of the last upload of a report, when that report can be reapplied as is. @internal */
export interface ReusableScan {
  tool: string;
  /** The scan whose findings an unchanged reimport sees again (their `last_scan_id`). */
  baseScanId: string;
  toolVersion: string | null;
  kinds: string[];
  format: string;
}

/** The facts a posture is computed from. @internal */
export interface PostureFacts {
  open: Record<Severity, number>;
  overdue: Record<Severity, number>;
  /** Open findings on CISA's Known Exploited Vulnerabilities catalog. */
  knownExploited: number;
  suppressed: number;
  coverage: { tool: string; kinds: string[]; lastScanAt: string }[];
  checks: PostureCheck[];
  mttr: { fixed: number; meanDays: number | null };
}

interface FindingRow {
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

const SORT_COLUMNS = {
  priority: 'priority_score',
  severity: 'severity_rank',
  firstSeen: 'first_seen_at',
  lastSeen: 'last_seen_at',
  title: 'title',
  tool: 'tool',
  slaDue: 'sla_due_at',
} as const;

/**
 * A finding's last-seen time: its own, or, while it is open or suppressed, the time an unchanged
 * reimport saw the findings of its last scan again (`posture_reseen_scans`).
 */
const LAST_SEEN_SQL = `coalesce((select r.reseen_at from posture_reseen_scans r where r.base_scan_id = posture_findings.last_scan_id and posture_findings.status in ('open', 'suppressed')), posture_findings.last_seen_at)`;

function lastSeenExpression(db: Knex): Knex.Raw {
  return db.raw(LAST_SEEN_SQL);
}

/** Every column of a finding row plus its derived last-seen time. */
function findingColumns(db: Knex): (string | Knex.Raw)[] {
  return ['posture_findings.*', db.raw(`${LAST_SEEN_SQL} as seen_at_derived`)];
}

/** Far-future stand-in for "no SLA" so due-date ordering and cursors never meet a NULL. */
const NO_DUE_DATE = '9999-12-31T00:00:00.000Z';

function rank(severity: Severity): number {
  return SEVERITIES.indexOf(severity);
}

/** Scanner fingerprints can be long; identities are capped at 128 characters by hashing. */
export function normalizeFingerprint(fingerprint: string): string {
  return fingerprint.length <= 128
    ? fingerprint
    : createHash('sha256').update(fingerprint).digest('hex');
}

function contentHash(f: ParsedFinding): string {
  return createHash('sha1')
    .update(
      JSON.stringify([
        f.kind,
        f.ruleId,
        f.title,
        f.severity,
        f.aliases,
        f.cwes,
        f.package ?? null,
        f.location ?? null,
        f.message,
        f.remediation ?? null,
        f.remediationUrl ?? null,
        f.cvssScore ?? null,
        f.suppression ?? null,
        f.secret?.redacted ?? null,
      ]),
    )
    .digest('hex');
}

function addDays(iso: string, days: number | undefined): string | null {
  if (days === undefined) {
    return null;
  }
  return new Date(Date.parse(iso) + days * 86_400_000).toISOString();
}

function reportedColumns(f: ParsedFinding) {
  return {
    kind: f.kind,
    rule_id: f.ruleId.slice(0, 255),
    title: f.title.slice(0, 500),
    severity: f.severity,
    severity_rank: rank(f.severity),
    aliases: JSON.stringify(f.aliases),
    cwes: JSON.stringify(f.cwes),
    package_name: f.package?.name?.slice(0, 255) ?? null,
    package_purl: f.package?.purl?.slice(0, 1000) ?? null,
    installed_version: f.package?.installedVersion?.slice(0, 255) ?? null,
    fixed_version: f.package?.fixedVersion?.slice(0, 255) ?? null,
    path: f.location?.path.slice(0, 1000) ?? null,
    start_line: f.location?.startLine ?? null,
    end_line: f.location?.endLine ?? null,
    message: f.message,
    remediation: f.remediation ?? null,
    remediation_url: f.remediationUrl?.slice(0, 1000) ?? null,
    cvss_score: f.cvssScore ?? null,
    suppression_source: f.suppression?.source ?? null,
    suppression_state: f.suppression?.state.slice(0, 50) ?? null,
    suppression_justification: f.suppression?.justification ?? null,
    secret_redacted: f.secret?.redacted.slice(0, 100) ?? null,
    content_hash: contentHash(f),
  };
}

function toFinding(row: FindingRow, now: string): Finding {
  const slaDueAt = toIsoOrNull(row.sla_due_at);
  return {
    id: String(row.id),
    fingerprint: row.fingerprint,
    tool: row.tool,
    kind: row.kind as Finding['kind'],
    ruleId: row.rule_id,
    title: row.title,
    severity: row.severity as Severity,
    status: row.status as Finding['status'],
    branch: row.branch,
    aliases: fromJson<string[]>(row.aliases, []),
    cwes: fromJson<string[]>(row.cwes, []),
    package: row.package_name
      ? {
          name: row.package_name,
          purl: row.package_purl,
          installedVersion: row.installed_version,
          fixedVersion: row.fixed_version,
        }
      : null,
    location: row.path
      ? { path: row.path, startLine: row.start_line, endLine: row.end_line }
      : null,
    message: row.message,
    remediation: row.remediation,
    remediationUrl: row.remediation_url,
    cvssScore: row.cvss_score,
    suppression: row.suppression_state
      ? {
          source: row.suppression_source ?? 'unknown',
          state: row.suppression_state,
          justification: row.suppression_justification,
        }
      : null,
    secretRedacted: row.secret_redacted,
    firstSeenAt: toIso(row.first_seen_at),
    lastSeenAt: toIso(row.seen_at_derived ?? row.last_seen_at),
    fixedAt: toIsoOrNull(row.fixed_at),
    reopenCount: Number(row.reopen_count),
    slaDueAt,
    overdue: row.status === 'open' && slaDueAt !== null && slaDueAt < now,
    kev: Boolean(row.kev),
    epss: row.epss === null || row.epss === undefined ? null : Number(row.epss),
    priority: {
      score: Number(row.priority_score ?? 0),
      label: priorityLabel(Number(row.priority_score ?? 0)),
    },
  };
}

/** The sort value of the last row of a page, as the cursor carries it. */
function cursorValue(column: string, raw: unknown): string | number {
  if (column === 'sla_due_at') {
    return toIsoOrNull(raw) ?? NO_DUE_DATE;
  }
  if (column.endsWith('_at')) {
    return toIso(raw);
  }
  return raw as string | number;
}

function encodeCursor(value: unknown, id: string): string {
  return Buffer.from(JSON.stringify([value, id])).toString('base64url');
}

function decodeCursor(cursor: string): [string | number, string] | undefined {
  try {
    const parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString());
    if (
      Array.isArray(parsed) &&
      parsed.length === 2 &&
      (typeof parsed[0] === 'string' || typeof parsed[0] === 'number') &&
      typeof parsed[1] === 'string' &&
      /^\d{1,19}$/.test(parsed[1])
    ) {
      return [parsed[0], parsed[1]];
    }
  } catch {
    // fall through
  }
  return undefined;
}

/**
 * The security-posture store on knex: SQLite (embedded default) and PostgreSQL.
 *
 * @internal
 */
export class DatabasePostureStore {
  static async create(options: {
    database: DatabaseService;
    skipMigrations?: boolean;
  }): Promise<DatabasePostureStore> {
    const client = await options.database.getClient();
    if (!options.database.migrations?.skip && !options.skipMigrations) {
      await client.migrate.latest({ directory: MIGRATIONS });
    }
    return new DatabasePostureStore(client);
  }

  private constructor(private readonly db: Knex) {}

  /** Runs `fn` in one transaction: everything or nothing. */
  transaction<T>(fn: (tx: Knex.Transaction) => Promise<T>): Promise<T> {
    return this.db.transaction(fn);
  }

  private isPostgres(): boolean {
    return this.db.client.config.client === 'pg';
  }

  async getComponent(
    entityRef: string,
    tx: Knex = this.db,
  ): Promise<ComponentRow | undefined> {
    const row = await tx('posture_components')
      .where({ entity_ref: entityRef })
      .first();
    return row ? this.toComponent(row) : undefined;
  }

  async listComponents(): Promise<ComponentRow[]> {
    const rows = await this.db('posture_components').select(COMPONENT_COLUMNS);
    return rows.map(r => this.toComponent(r));
  }

  private toComponent(row: Record<string, any>): ComponentRow {
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
      topFindings: fromJson<Finding[] | null>(row.top_findings, null),
    };
  }

  /** Creates or refreshes a component's cached catalog facts (and enrollment, when given). */
  async upsertComponent(
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

  async insertScan(tx: Knex, scan: ScanRow): Promise<void> {
    await tx('posture_scans').insert({
      id: scan.id,
      entity_ref: scan.entityRef,
      tool: scan.tool,
      tool_version: scan.toolVersion?.slice(0, 100) ?? null,
      kinds: scan.kinds.join(','),
      format: scan.format,
      branch: scan.branch,
      commit_sha: scan.commit,
      complete: scan.complete,
      uploaded_by: scan.uploadedBy.slice(0, 255),
      count_new: scan.counts.new,
      count_unchanged: scan.counts.unchanged,
      count_fixed: scan.counts.fixed,
      count_reopened: scan.counts.reopened,
      count_total: scan.counts.total,
      created_at: scan.createdAt,
      report_sha256: scan.reportSha256 ?? null,
    });
  }

  /**
   * The scans of an earlier complete upload of the same report body, when that upload is still
   * the latest scan of each of its tools on the branch: applying the body again would change
   * nothing but last-seen times. Undefined otherwise.
   */
  async findReusableScans(
    tx: Knex,
    entityRef: string,
    branch: string,
    reportSha256: string,
  ): Promise<ReusableScan[] | undefined> {
    const previous = await tx('posture_scans')
      .where({ entity_ref: entityRef, branch, report_sha256: reportSha256 })
      .orderBy('created_at', 'desc')
      .first('created_at');
    if (!previous) {
      return undefined;
    }
    const scans = await tx('posture_scans').where({
      entity_ref: entityRef,
      branch,
      report_sha256: reportSha256,
      created_at: previous.created_at,
    });
    if (scans.length === 0 || scans.some(scan => !scan.complete)) {
      return undefined;
    }
    const baseScanIds = new Map<string, string>();
    for (const scan of scans) {
      const latest = await tx('posture_scans')
        .where({ entity_ref: entityRef, branch, tool: scan.tool })
        .orderBy([
          { column: 'created_at', order: 'desc' },
          { column: 'id', order: 'desc' },
        ])
        .first('id', 'report_sha256');
      if (latest?.report_sha256 !== reportSha256) {
        return undefined;
      }
      const reseen = await tx('posture_reseen_scans')
        .where({ reseen_by_scan_id: latest.id })
        .first('base_scan_id');
      baseScanIds.set(scan.tool, reseen?.base_scan_id ?? latest.id);
    }
    return scans.map(scan => ({
      tool: scan.tool,
      baseScanId: baseScanIds.get(scan.tool)!,
      toolVersion: scan.tool_version,
      kinds: String(scan.kinds).split(',').filter(Boolean),
      format: scan.format,
    }));
  }

  /** What reapplying an unchanged report does to one tool's findings: every open or suppressed one is seen. */
  async countSeen(
    tx: Knex,
    scope: { entityRef: string; tool: string; branch: string },
  ): Promise<ApplyCounts> {
    const grouped = await tx('posture_findings')
      .where({
        entity_ref: scope.entityRef,
        tool: scope.tool,
        branch: scope.branch,
      })
      .whereIn('status', ['open', 'suppressed'])
      .groupBy('status')
      .select('status', tx.raw('count(*) as n'));
    const count = (status: string) =>
      Number(grouped.find(g => g.status === status)?.n ?? 0);
    const seen = count('open') + count('suppressed');
    return {
      new: 0,
      unchanged: seen,
      fixed: 0,
      reopened: 0,
      suppressed: count('suppressed'),
      total: seen,
    };
  }

  /**
   * Records that every open or suppressed finding last written by `baseScanId` was seen again,
   * unchanged, by `scanId` at `now`: one row, however many findings (their last-seen time is
   * derived on read, see {@link lastSeenExpression}). In a transaction.
   */
  async markReseen(
    tx: Knex,
    input: {
      entityRef: string;
      baseScanId: string;
      scanId: string;
      now: string;
    },
  ): Promise<void> {
    await tx('posture_reseen_scans')
      .insert({
        base_scan_id: input.baseScanId,
        reseen_by_scan_id: input.scanId,
        reseen_at: input.now,
        reseen_entity_ref: input.entityRef,
      })
      .onConflict('base_scan_id')
      .merge(['reseen_by_scan_id', 'reseen_at']);
  }

  /**
   * Applies one tool's findings of a report with reimport semantics: new ones are opened, seen
   * ones move their last-seen time, fixed ones seen again are reopened and, for a complete
   * report, open ones it no longer contains are fixed. Must run inside a transaction.
   */
  async applyFindings(
    tx: Knex,
    input: ApplyFindingsInput,
  ): Promise<ApplyCounts> {
    const { entityRef, tool, branch, scanId, now } = input;
    const scope = { entity_ref: entityRef, tool, branch };
    const existing = new Map<
      string,
      { id: string; status: string; hash: string; firstSeen: unknown }
    >();
    const rows = await tx('posture_findings')
      .where(scope)
      .select('id', 'fingerprint', 'status', 'content_hash', 'first_seen_at');
    for (const r of rows) {
      existing.set(r.fingerprint, {
        id: String(r.id),
        status: r.status,
        hash: r.content_hash,
        firstSeen: r.first_seen_at,
      });
    }

    const counts: ApplyCounts = {
      new: 0,
      unchanged: 0,
      fixed: 0,
      reopened: 0,
      suppressed: 0,
      total: 0,
    };
    const inserts: Record<string, unknown>[] = [];
    const seenIds: string[] = [];
    const events: { finding_id: string; event: string }[] = [];
    const seenFingerprints = new Set<string>();

    for (const finding of input.findings) {
      const fingerprint = normalizeFingerprint(finding.fingerprint);
      if (seenFingerprints.has(fingerprint)) {
        continue;
      }
      seenFingerprints.add(fingerprint);
      counts.total += 1;
      const status = finding.suppression ? 'suppressed' : 'open';
      if (status === 'suppressed') {
        counts.suppressed += 1;
      }
      const columns = {
        ...reportedColumns(finding),
        ...input.rank?.(finding),
      };
      const previous = existing.get(fingerprint);
      if (!previous) {
        counts.new += 1;
        inserts.push({
          ...scope,
          fingerprint,
          ...columns,
          status,
          first_seen_at: now,
          last_seen_at: now,
          fixed_at: null,
          reopen_count: 0,
          sla_due_at: addDays(now, input.slaDays[finding.severity]),
          last_scan_id: scanId,
        });
        continue;
      }
      if (previous.status === 'fixed') {
        counts.reopened += 1;
        events.push({ finding_id: previous.id, event: 'reopened' });
        await tx('posture_findings')
          .where({ id: previous.id })
          .update({
            ...columns,
            status,
            fixed_at: null,
            last_seen_at: now,
            last_scan_id: scanId,
            reopen_count: tx.raw('reopen_count + 1'),
            // a reopened finding gets a fresh remediation window
            sla_due_at: addDays(now, input.slaDays[finding.severity]),
          });
        continue;
      }
      counts.unchanged += 1;
      if (
        previous.hash !== columns.content_hash ||
        previous.status !== status
      ) {
        if (previous.status !== status) {
          events.push({
            finding_id: previous.id,
            event: status === 'suppressed' ? 'suppressed' : 'opened',
          });
        }
        await tx('posture_findings')
          .where({ id: previous.id })
          .update({
            ...columns,
            status,
            last_seen_at: now,
            last_scan_id: scanId,
            sla_due_at: addDays(
              toIso(previous.firstSeen),
              input.slaDays[finding.severity],
            ),
          });
      } else {
        seenIds.push(previous.id);
      }
    }

    const fixedIds: string[] = [];
    if (input.complete) {
      for (const [fingerprint, previous] of existing) {
        if (previous.status !== 'fixed' && !seenFingerprints.has(fingerprint)) {
          fixedIds.push(previous.id);
        }
      }
    }
    counts.fixed = fixedIds.length;
    for (const ids of chunks(fixedIds, ID_BATCH)) {
      await tx('posture_findings')
        .whereIn('id', ids)
        .update({
          status: 'fixed',
          fixed_at: now,
          // the last time it was seen, which an unchanged reimport may have recorded apart
          last_seen_at: lastSeenExpression(tx),
          last_scan_id: scanId,
        });
    }
    for (const id of fixedIds) {
      events.push({ finding_id: id, event: 'fixed' });
    }

    for (const batch of chunks(inserts, INSERT_BATCH)) {
      await tx('posture_findings').insert(batch);
    }

    if (input.complete) {
      // Everything still open or suppressed in scope that this scan did not touch was seen unchanged.
      await tx('posture_findings')
        .where(scope)
        .whereIn('status', ['open', 'suppressed'])
        .whereNot('last_scan_id', scanId)
        .update({ last_seen_at: now, last_scan_id: scanId });
    } else {
      for (const ids of chunks(seenIds, ID_BATCH)) {
        await tx('posture_findings')
          .whereIn('id', ids)
          .update({ last_seen_at: now, last_scan_id: scanId });
      }
    }

    for (const batch of chunks(events, INSERT_BATCH)) {
      await tx('posture_finding_events').insert(
        batch.map(e => ({ ...e, scan_id: scanId, created_at: now })),
      );
    }
    return counts;
  }

  /** Replaces a component's OpenSSF Scorecard checks with those of the latest report. */
  async replaceChecks(
    tx: Knex,
    entityRef: string,
    scanId: string,
    checks: PostureCheck[],
    now: string,
  ): Promise<void> {
    await tx('posture_checks').where({ entity_ref: entityRef }).delete();
    const unique = new Map(checks.map(c => [c.name.slice(0, 100), c]));
    const rows = [...unique].map(([name, c]) => ({
      entity_ref: entityRef,
      name,
      score: c.score,
      reason: c.reason,
      documentation_url: c.documentationUrl?.slice(0, 1000) ?? null,
      details: c.details ? JSON.stringify(c.details) : null,
      scan_id: scanId,
      updated_at: now,
    }));
    for (const batch of chunks(rows, INSERT_BATCH)) {
      await tx('posture_checks').insert(batch);
    }
  }

  /** Counts, coverage, checks and time-to-remediate of one component on one branch. */
  async computeFacts(
    entityRef: string,
    branch: string,
    now: string,
    tx: Knex = this.db,
  ): Promise<PostureFacts> {
    const open = { critical: 0, high: 0, medium: 0, low: 0, info: 0 };
    const overdue = { ...open };
    let suppressed = 0;
    const grouped = await tx('posture_findings')
      .where({ entity_ref: entityRef, branch })
      .whereIn('status', ['open', 'suppressed'])
      // findings under an approved, unexpired exception do not count
      .where(notAccepted(tx, now))
      .groupBy('severity', 'status')
      .select(
        'severity',
        'status',
        tx.raw('count(*) as n'),
        tx.raw(
          'sum(case when sla_due_at is not null and sla_due_at < ? then 1 else 0 end) as late',
          [now],
        ),
        tx.raw('sum(case when kev then 1 else 0 end) as exploited'),
      );
    let knownExploited = 0;
    for (const g of grouped) {
      const severity = g.severity as Severity;
      if (g.status === 'suppressed') {
        suppressed += Number(g.n);
      } else if (severity in open) {
        open[severity] += Number(g.n);
        overdue[severity] += Number(g.late);
        knownExploited += Number(g.exploited ?? 0);
      }
    }

    const scans = await tx('posture_scans')
      .where({ entity_ref: entityRef, branch })
      .groupBy('tool', 'kinds')
      .select('tool', 'kinds', tx.raw('max(created_at) as last'));
    const coverage = scans.map(s => ({
      tool: s.tool as string,
      kinds: String(s.kinds).split(',').filter(Boolean),
      lastScanAt: toIso(s.last),
    }));

    const checkRows = await tx('posture_checks')
      .where({ entity_ref: entityRef })
      .orderBy('name');
    const checks: PostureCheck[] = checkRows.map(c => ({
      name: c.name,
      score: Number(c.score),
      reason: c.reason,
      ...(c.documentation_url ? { documentationUrl: c.documentation_url } : {}),
      ...(c.details ? { details: fromJson<string[]>(c.details, []) } : {}),
    }));

    const duration = this.isPostgres()
      ? 'extract(epoch from (fixed_at - first_seen_at)) / 86400.0'
      : '(julianday(fixed_at) - julianday(first_seen_at))';
    const [mttrRow] = await tx('posture_findings')
      .where({ entity_ref: entityRef, branch, status: 'fixed' })
      .select(tx.raw('count(*) as n'), tx.raw(`avg(${duration}) as mean_days`));
    const fixed = Number(mttrRow?.n ?? 0);
    return {
      open,
      overdue,
      knownExploited,
      suppressed,
      coverage,
      checks,
      mttr: {
        fixed,
        meanDays:
          fixed > 0 && mttrRow.mean_days !== null
            ? Math.round(Number(mttrRow.mean_days) * 10) / 10
            : null,
      },
    };
  }

  async savePosture(
    tx: Knex,
    entityRef: string,
    score: number | null,
    grade: string | null,
    posture: StoredPosture,
    lastScanAt: string | null,
    topFindings: Finding[],
  ): Promise<void> {
    const update: Record<string, unknown> = {
      score,
      grade,
      posture: JSON.stringify(posture),
      top_findings: JSON.stringify(topFindings),
      updated_at: posture.computedAt,
    };
    if (lastScanAt) {
      update.last_scan_at = lastScanAt;
    }
    await tx('posture_components')
      .where({ entity_ref: entityRef })
      .update(update);
  }

  async upsertSnapshot(
    tx: Knex,
    snapshot: {
      entityRef: string;
      day: string;
      score: number | null;
      grade: string | null;
      open: Record<Severity, number>;
      overdue: number;
    },
  ): Promise<void> {
    const row = {
      entity_ref: snapshot.entityRef,
      day: snapshot.day,
      score: snapshot.score,
      grade: snapshot.grade,
      open_counts: JSON.stringify(snapshot.open),
      overdue: snapshot.overdue,
    };
    await tx('posture_snapshots')
      .insert(row)
      .onConflict(['entity_ref', 'day'])
      .merge(['score', 'grade', 'open_counts', 'overdue']);
  }

  async listSnapshots(
    entityRefs: string[],
    sinceDay: string,
  ): Promise<
    {
      entityRef: string;
      day: string;
      score: number | null;
      open: Record<Severity, number>;
    }[]
  > {
    const out = [];
    for (const refs of chunks(entityRefs, ID_BATCH)) {
      const rows = await this.db('posture_snapshots')
        .whereIn('entity_ref', refs)
        .where('day', '>=', sinceDay)
        .orderBy('day');
      for (const r of rows) {
        out.push({
          entityRef: r.entity_ref,
          day: r.day,
          score: r.score === null ? null : Number(r.score),
          open: fromJson(r.open_counts, {
            critical: 0,
            high: 0,
            medium: 0,
            low: 0,
            info: 0,
          }),
        });
      }
    }
    return out;
  }

  /** The most urgent open findings: highest priority first, then severity and the earliest due date. */
  async topFindings(
    entityRef: string,
    branch: string,
    now: string,
    limit: number,
    tx: Knex = this.db,
  ): Promise<Finding[]> {
    const rows = await tx('posture_findings')
      .where({ entity_ref: entityRef, branch, status: 'open' })
      .where(notAccepted(tx, now))
      .orderBy([
        { column: 'priority_score', order: 'desc' },
        { column: 'severity_rank', order: 'asc' },
        // no due date last, on every database
        {
          column: tx.raw('coalesce(sla_due_at, ?)', [NO_DUE_DATE]) as any,
          order: 'asc',
        },
        { column: 'id', order: 'asc' },
      ])
      .limit(limit)
      .select(findingColumns(tx));
    return rows.map(r => toFinding(r, now));
  }

  /** Open findings of a component located in the given files (for an upgrade's description). */
  async openFindingsOn(
    entityRef: string,
    paths: string[],
  ): Promise<{ title: string; path: string }[]> {
    if (paths.length === 0) return [];
    const rows = await this.db('posture_findings')
      .where({ entity_ref: entityRef, status: 'open' })
      .whereIn('path', paths.slice(0, 500))
      .orderBy([{ column: 'priority_score', order: 'desc' }, 'id'])
      .limit(50)
      .select('title', 'path');
    return rows.map(r => ({ title: r.title, path: r.path }));
  }

  /** What ranking needs of a component's open and suppressed findings. */
  async listRankInputs(
    entityRef: string,
    tx: Knex = this.db,
  ): Promise<
    {
      id: string;
      severity: Severity;
      status: string;
      aliases: string[];
      rank: FindingRank;
    }[]
  > {
    const rows = await tx('posture_findings')
      .where({ entity_ref: entityRef })
      .whereIn('status', ['open', 'suppressed'])
      .select(
        'id',
        'severity',
        'status',
        'aliases',
        'kev',
        'epss',
        'priority_score',
      );
    return rows.map(r => ({
      id: String(r.id),
      severity: r.severity,
      status: r.status,
      aliases: fromJson<string[]>(r.aliases, []),
      rank: {
        kev: Boolean(r.kev),
        epss: r.epss === null ? null : Number(r.epss),
        priority_score: Number(r.priority_score),
      },
    }));
  }

  /** Stores new ranks of findings (after fresher exploitation data). In a transaction. */
  async updateRanks(
    tx: Knex,
    updates: { id: string; rank: FindingRank }[],
  ): Promise<void> {
    for (const u of updates) {
      await tx('posture_findings').where({ id: u.id }).update(u.rank);
    }
  }

  /** Open findings first seen at `now` (one ingest) that are critical or known exploited. */
  async countNewUrgent(
    tx: Knex,
    entityRef: string,
    now: string,
  ): Promise<{ critical: number; knownExploited: number }> {
    const [row] = await tx('posture_findings')
      .where({ entity_ref: entityRef, status: 'open', first_seen_at: now })
      .select(
        tx.raw(
          "sum(case when severity = 'critical' then 1 else 0 end) as critical",
        ),
        tx.raw('sum(case when kev then 1 else 0 end) as exploited'),
      );
    return {
      critical: Number(row?.critical ?? 0),
      knownExploited: Number(row?.exploited ?? 0),
    };
  }

  /** Open findings whose SLA due date fell in (from, to]: the breaches of one period. */
  async countSlaBreaches(
    entityRef: string,
    branch: string,
    from: string,
    to: string,
  ): Promise<number> {
    const [row] = await this.db('posture_findings')
      .where({ entity_ref: entityRef, branch, status: 'open' })
      .where('sla_due_at', '>', from)
      .where('sla_due_at', '<=', to)
      .count({ n: '*' });
    return Number(row?.n ?? 0);
  }

  /** The earliest SLA due date after `now` among open findings, if any. */
  async nextSlaDue(
    entityRef: string,
    branch: string,
    now: string,
    tx: Knex = this.db,
  ): Promise<string | undefined> {
    const [row] = await tx('posture_findings')
      .where({ entity_ref: entityRef, branch, status: 'open' })
      .where(notAccepted(tx, now))
      .where('sla_due_at', '>', now)
      .min({ next: 'sla_due_at' });
    return row?.next ? toIso(row.next) : undefined;
  }

  async listFindings(
    entityRef: string,
    branch: string,
    query: FindingsQuery,
    now: string,
  ): Promise<{
    items: Finding[];
    totalCount: number;
    nextCursor: string | null;
  }> {
    const limit = query.limit ?? 50;
    const sort = query.sort ?? 'priority';
    const order =
      query.order ??
      (sort === 'severity' ||
      sort === 'slaDue' ||
      sort === 'title' ||
      sort === 'tool'
        ? 'asc'
        : 'desc');
    const base = this.db('posture_findings').where({
      entity_ref: entityRef,
      branch,
    });
    if (query.status?.length) base.whereIn('status', query.status);
    if (query.severity?.length) base.whereIn('severity', query.severity);
    if (query.kind?.length) base.whereIn('kind', query.kind);
    if (query.tool?.length) base.whereIn('tool', query.tool);
    if (query.q) {
      const like = `%${query.q
        .toLocaleLowerCase('en-US')
        .replace(/[\\%_]/g, c => `\\${c}`)}%`;
      base.where(w => {
        for (const column of [
          'title',
          'rule_id',
          'path',
          'package_name',
          'aliases',
        ]) {
          w.orWhereRaw(`lower(${column}) like ? escape '\\'`, [like]);
        }
      });
    }
    const [{ n }] = await base.clone().count({ n: '*' });
    const column = SORT_COLUMNS[sort];
    const expressions: Record<string, Knex.Raw> = {
      sla_due_at: this.db.raw('coalesce(sla_due_at, ?)', [NO_DUE_DATE]),
      last_seen_at: lastSeenExpression(this.db),
    };
    const sortExpr = expressions[column] ?? this.db.ref(column);
    const page = base.clone();
    if (query.cursor) {
      const cursor = decodeCursor(query.cursor);
      if (!cursor) {
        throw new InputError('cursor is not valid; start from the first page');
      }
      const [value, id] = cursor;
      const op = order === 'asc' ? '>' : '<';
      page.where(w =>
        w
          .where(sortExpr, op, value)
          .orWhere(w2 => w2.where(sortExpr, '=', value).where('id', op, id)),
      );
    }
    const rows: FindingRow[] = await page
      .orderBy([
        { column: sortExpr as any, order },
        { column: 'id', order },
      ])
      .limit(limit + 1)
      .select(findingColumns(this.db));
    const items = rows.slice(0, limit).map(r => toFinding(r, now));
    let nextCursor: string | null = null;
    if (rows.length > limit) {
      const last = rows[limit - 1] as unknown as Record<string, unknown>;
      nextCursor = encodeCursor(
        cursorValue(
          column,
          last[column === 'last_seen_at' ? 'seen_at_derived' : column],
        ),
        String(last.id),
      );
    }
    return { items, totalCount: Number(n), nextCursor };
  }

  async getFinding(
    entityRef: string,
    id: string,
    now: string,
  ): Promise<FindingDetail | undefined> {
    if (!/^\d{1,19}$/.test(id)) {
      return undefined;
    }
    const row = await this.db('posture_findings')
      .where({ entity_ref: entityRef, id })
      .first(findingColumns(this.db));
    if (!row) {
      return undefined;
    }
    const finding = toFinding(row, now);
    const events = await this.db('posture_finding_events as e')
      .leftJoin('posture_scans as s', 's.id', 'e.scan_id')
      .where('e.finding_id', id)
      .orderBy('e.id')
      .select('e.scan_id', 'e.event', 'e.created_at', 's.commit_sha');
    const firstScan = await this.db('posture_scans')
      .where({ entity_ref: entityRef, tool: row.tool, branch: row.branch })
      .where('created_at', '<=', toIso(row.first_seen_at))
      .orderBy('created_at', 'desc')
      .first();
    return {
      ...finding,
      history: [
        {
          scanId: firstScan?.id ?? '',
          at: finding.firstSeenAt,
          event: 'opened' as const,
          commit: firstScan?.commit_sha ?? null,
        },
        ...events.map(e => ({
          scanId: e.scan_id,
          at: toIso(e.created_at),
          event: e.event,
          commit: e.commit_sha ?? null,
        })),
      ],
    };
  }
}
