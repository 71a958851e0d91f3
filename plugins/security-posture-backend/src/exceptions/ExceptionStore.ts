import { InputError } from '@backstage/errors';
import {
  AcceptedRisk,
  ExceptionJustification,
  ExceptionPage,
  ExceptionState,
  PostureException,
} from '@golden-path/plugin-security-posture-common';
import { Knex } from 'knex';
import { toIso, toIsoOrNull } from '../database/rows';
import { coveringExceptions } from '../database/operations/accepted';

const TABLE = 'posture_exceptions';

interface ExceptionRow {
  id: string;
  entity_ref: string;
  scope: string;
  finding_id: string | number | null;
  rule_id: string;
  tool: string | null;
  justification: string;
  reason: string;
  state: string;
  requested_by: string;
  requested_at: unknown;
  expires_at: unknown;
  decided_by: string | null;
  decided_at: unknown;
  decision_comment: string | null;
  revoked_by: string | null;
  revoked_at: unknown;
  revoke_comment: string | null;
  expired_at: unknown;
  warned_at: unknown;
  updated_at: unknown;
}

function toException(row: ExceptionRow): PostureException {
  return {
    id: row.id,
    entityRef: row.entity_ref,
    scope: row.scope as PostureException['scope'],
    findingId: row.finding_id === null ? null : String(row.finding_id),
    ruleId: row.rule_id,
    tool: row.tool,
    justification: row.justification as ExceptionJustification,
    reason: row.reason,
    state: row.state as ExceptionState,
    requestedBy: row.requested_by,
    requestedAt: toIso(row.requested_at),
    expiresAt: toIso(row.expires_at),
    decidedBy: row.decided_by,
    decidedAt: toIsoOrNull(row.decided_at),
    decisionComment: row.decision_comment,
    revokedBy: row.revoked_by,
    revokedAt: toIsoOrNull(row.revoked_at),
    revokeComment: row.revoke_comment,
    expiredAt: toIsoOrNull(row.expired_at),
  };
}

function encodeCursor(e: PostureException): string {
  return Buffer.from(JSON.stringify([e.requestedAt, e.id])).toString(
    'base64url',
  );
}

function decodeCursor(cursor: string): [string, string] {
  try {
    const value = JSON.parse(Buffer.from(cursor, 'base64url').toString());
    if (
      Array.isArray(value) &&
      value.length === 2 &&
      typeof value[0] === 'string' &&
      !Number.isNaN(Date.parse(value[0])) &&
      typeof value[1] === 'string'
    ) {
      return [value[0], value[1]];
    }
  } catch {
    // fall through
  }
  throw new InputError('cursor is not valid; start from the first page');
}

/** A new exception as stored. @internal */
export interface NewException {
  id: string;
  entityRef: string;
  scope: 'finding' | 'rule';
  findingId: string | null;
  ruleId: string;
  tool: string | null;
  justification: ExceptionJustification;
  reason: string;
  requestedBy: string;
  requestedAt: string;
  expiresAt: string;
}

/**
 * Exceptions on knex (table `posture_exceptions`), SQLite and PostgreSQL. State changes are
 * conditional updates (`where state in (...)`), so two deciders racing cannot both win.
 *
 * @internal
 */
export class ExceptionStore {
  constructor(private readonly db: Knex) {}

  transaction<T>(fn: (tx: Knex.Transaction) => Promise<T>): Promise<T> {
    return this.db.transaction(fn);
  }

  async insert(tx: Knex, e: NewException): Promise<PostureException> {
    await tx(TABLE).insert({
      id: e.id,
      entity_ref: e.entityRef,
      scope: e.scope,
      finding_id: e.findingId,
      rule_id: e.ruleId.slice(0, 255),
      tool: e.tool,
      justification: e.justification,
      reason: e.reason,
      state: 'pending',
      requested_by: e.requestedBy,
      requested_at: e.requestedAt,
      expires_at: e.expiresAt,
      updated_at: e.requestedAt,
    });
    return (await this.get(e.id, tx))!;
  }

  async get(
    id: string,
    tx: Knex = this.db,
  ): Promise<PostureException | undefined> {
    const row = await tx(TABLE).where({ id }).first();
    return row ? toException(row) : undefined;
  }

  /**
   * Moves an exception from one of `from` to a new state with the given columns. False when it
   * was not in one of those states any more.
   */
  async transition(
    tx: Knex,
    id: string,
    from: ExceptionState[],
    to: ExceptionState,
    columns: Record<string, unknown>,
    now: string,
  ): Promise<boolean> {
    const changed = await tx(TABLE)
      .where({ id })
      .whereIn('state', from)
      .update({ ...columns, state: to, updated_at: now });
    return changed === 1;
  }

  /** A pending, or approved and unexpired, exception covering the same subject. */
  async findOpenDuplicate(
    tx: Knex,
    e: Pick<
      NewException,
      'entityRef' | 'scope' | 'findingId' | 'ruleId' | 'tool'
    >,
    now: string,
  ): Promise<PostureException | undefined> {
    const q = tx(TABLE)
      .where({ entity_ref: e.entityRef, scope: e.scope })
      .where(live =>
        live
          .where('state', 'pending')
          .orWhere(a =>
            a.where('state', 'approved').where('expires_at', '>', now),
          ),
      );
    if (e.scope === 'finding') {
      q.where('finding_id', e.findingId);
    } else {
      q.where('rule_id', e.ruleId);
      if (e.tool === null) q.whereNull('tool');
      else q.where('tool', e.tool);
    }
    const row = await q.first();
    return row ? toException(row) : undefined;
  }

  async list(query: {
    entityRef?: string;
    states?: ExceptionState[];
    cursor?: string;
    limit?: number;
  }): Promise<ExceptionPage> {
    const limit = query.limit ?? 50;
    const q = this.db(TABLE)
      .orderBy([
        { column: 'requested_at', order: 'desc' },
        { column: 'id', order: 'desc' },
      ])
      .limit(limit + 1);
    if (query.entityRef) q.where('entity_ref', query.entityRef);
    if (query.states?.length) q.whereIn('state', query.states);
    if (query.cursor) {
      const [at, id] = decodeCursor(query.cursor);
      const iso = new Date(at).toISOString();
      q.where(c =>
        c
          .where('requested_at', '<', iso)
          .orWhere(same =>
            same.where('requested_at', iso).where('id', '<', id),
          ),
      );
    }
    const rows = await q;
    const items = rows.slice(0, limit).map(toException);
    return {
      items,
      nextCursor:
        rows.length > limit ? encodeCursor(items[items.length - 1]) : null,
    };
  }

  /** Pending or approved exceptions whose expiry has come. */
  async dueForExpiry(now: string): Promise<PostureException[]> {
    const rows = await this.db(TABLE)
      .whereIn('state', ['pending', 'approved'])
      .where('expires_at', '<=', now)
      .orderBy('expires_at');
    return rows.map(toException);
  }

  /** Approved exceptions expiring in (now, until] whose owners were not warned yet. */
  async dueForWarning(now: string, until: string): Promise<PostureException[]> {
    const rows = await this.db(TABLE)
      .where('state', 'approved')
      .where('expires_at', '>', now)
      .where('expires_at', '<=', until)
      .whereNull('warned_at')
      .orderBy('expires_at');
    return rows.map(toException);
  }

  /** Marks the expiry warning sent; false when another replica did it first. */
  async markWarned(tx: Knex, id: string, now: string): Promise<boolean> {
    const changed = await tx(TABLE)
      .where({ id, state: 'approved' })
      .whereNull('warned_at')
      .update({ warned_at: now, updated_at: now });
    return changed === 1;
  }

  /** The approved, unexpired exceptions of a component. */
  async live(
    entityRef: string,
    now: string,
    tx: Knex = this.db,
  ): Promise<PostureException[]> {
    const rows = await tx(TABLE)
      .where({ entity_ref: entityRef, state: 'approved' })
      .where('expires_at', '>', now)
      .orderBy('expires_at');
    return rows.map(toException);
  }

  /** The exceptions of a component in the given states. */
  async inStates(
    entityRef: string,
    states: ExceptionState[],
  ): Promise<PostureException[]> {
    const rows = await this.db(TABLE)
      .where({ entity_ref: entityRef })
      .whereIn('state', states)
      .orderBy('requested_at');
    return rows.map(toException);
  }

  /** Findings of a component with the given rule (and tool), to check a rule-scoped request. */
  async countRuleFindings(
    entityRef: string,
    ruleId: string,
    tool: string | null,
  ): Promise<number> {
    const q = this.db('posture_findings').where({
      entity_ref: entityRef,
      rule_id: ruleId,
    });
    if (tool) q.where('tool', tool);
    const [row] = await q.count({ n: '*' });
    return Number(row?.n ?? 0);
  }

  /** The findings an exception covers (open or suppressed), for the VEX export. */
  async coveredFindings(
    e: PostureException,
    branch: string,
  ): Promise<
    {
      id: string;
      ruleId: string;
      tool: string;
      title: string;
      severity: string;
      aliases: string[];
      cwes: string[];
      packagePurl: string | null;
      packageName: string | null;
      installedVersion: string | null;
    }[]
  > {
    const q = this.db('posture_findings').where({
      entity_ref: e.entityRef,
      branch,
    });
    if (e.scope === 'finding') {
      q.where('id', e.findingId);
    } else {
      q.where('rule_id', e.ruleId).whereIn('status', ['open', 'suppressed']);
      if (e.tool) q.where('tool', e.tool);
    }
    const rows = await q.orderBy('id');
    return rows.map(r => ({
      id: String(r.id),
      ruleId: r.rule_id,
      tool: r.tool,
      title: r.title,
      severity: r.severity,
      aliases: JSON.parse(r.aliases ?? '[]'),
      cwes: JSON.parse(r.cwes ?? '[]'),
      packagePurl: r.package_purl,
      packageName: r.package_name,
      installedVersion: r.installed_version,
    }));
  }

  /** Open findings on the branch that an approved, unexpired exception covers. */
  async countAccepted(
    tx: Knex,
    entityRef: string,
    branch: string,
    now: string,
  ): Promise<number> {
    const [row] = await tx('posture_findings')
      .where({ entity_ref: entityRef, branch, status: 'open' })
      .whereExists(coveringExceptions(tx, now).select(tx.raw('1')))
      .count({ n: '*' });
    return Number(row?.n ?? 0);
  }

  /** The earliest expiry among a component's approved, unexpired exceptions. */
  async nextExpiry(
    tx: Knex,
    entityRef: string,
    now: string,
  ): Promise<string | undefined> {
    const [row] = await tx(TABLE)
      .where({ entity_ref: entityRef, state: 'approved' })
      .where('expires_at', '>', now)
      .min({ next: 'expires_at' });
    return row?.next ? toIso(row.next) : undefined;
  }

  /** Which of the given findings an approved, unexpired exception covers, and by which. */
  async acceptedFor(
    entityRef: string,
    findings: { id: string; ruleId: string; tool: string }[],
    now: string,
  ): Promise<Map<string, AcceptedRisk>> {
    const out = new Map<string, AcceptedRisk>();
    if (findings.length === 0) return out;
    const live = await this.live(entityRef, now);
    for (const f of findings) {
      const e = live.find(x =>
        x.scope === 'finding'
          ? x.findingId === f.id
          : x.ruleId === f.ruleId && (x.tool === null || x.tool === f.tool),
      );
      if (e) {
        out.set(f.id, {
          exceptionId: e.id,
          justification: e.justification,
          expiresAt: e.expiresAt,
        });
      }
    }
    return out;
  }
}
