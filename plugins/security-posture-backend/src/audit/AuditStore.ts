import { InputError } from '@backstage/errors';
import {
  AuditEvent,
  AuditPage,
} from '@golden-path/plugin-security-posture-common';
import { Knex } from 'knex';
import { fromJson, toIso } from '../database/rows';
import { lowerRef } from '../lib/refs';

/** One event to record. @internal */
export interface AuditEventInput {
  /** What happened, dotted, e.g. `exception.requested`, `gate.decision`. */
  type: string;
  /** The catalog entity it is about, if any (stored lower-cased). */
  entityRef?: string;
  /** Who did it: a user entity ref, `service:<subject>` or `system`. */
  actor: string;
  /** The facts of the event, stored as JSON. */
  details: object;
}

/** Filters of {@link AuditStore.query}; every filter narrows. @internal */
export interface AuditQuery {
  entityRef?: string;
  type?: string;
  actor?: string;
  /** ISO timestamp: only events at or after it. */
  since?: string;
  /** From the previous page's `nextCursor`. */
  cursor?: string;
  /** 1-500, default 100. */
  limit?: number;
}

const MAX_LIMIT = 500;
const DEFAULT_LIMIT = 100;

function encodeCursor(id: string): string {
  return Buffer.from(JSON.stringify({ before: id })).toString('base64url');
}

function decodeCursor(cursor: string): string {
  try {
    const parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString());
    if (
      typeof parsed?.before === 'string' &&
      /^\d{1,19}$/.test(parsed.before)
    ) {
      return parsed.before;
    }
  } catch {
    // fall through
  }
  throw new InputError('cursor is not valid; start from the first page');
}

/**
 * The audit log's table, `audit_events`: appended to, read newest first a page at a time.
 *
 * @internal
 */
export class AuditStore {
  constructor(
    private readonly db: Knex,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  /** Records one event, inside `tx` when given. */
  async record(event: AuditEventInput, tx?: Knex.Transaction): Promise<void> {
    if (!event.type || !event.actor) {
      throw new Error('an audit event needs a type and an actor');
    }
    await (tx ?? this.db)('audit_events').insert({
      type: event.type.slice(0, 100),
      entity_ref: lowerRef(event.entityRef),
      actor: event.actor.slice(0, 255),
      details: JSON.stringify(event.details ?? {}),
      created_at: this.clock().toISOString(),
    });
  }

  /** Events matching every given filter, newest first, a page at a time. */
  async query(query: AuditQuery = {}): Promise<AuditPage> {
    const limit = query.limit ?? DEFAULT_LIMIT;
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT) {
      throw new InputError(`limit must be an integer from 1 to ${MAX_LIMIT}`);
    }
    let since: string | undefined;
    if (query.since !== undefined) {
      const parsed = Date.parse(query.since);
      if (Number.isNaN(parsed)) {
        throw new InputError('since must be an ISO 8601 date-time');
      }
      since = new Date(parsed).toISOString();
    }
    const q = this.db('audit_events')
      .select('id', 'type', 'entity_ref', 'actor', 'details', 'created_at')
      .orderBy('id', 'desc')
      .limit(limit + 1);
    if (query.entityRef) {
      q.where('entity_ref', lowerRef(query.entityRef));
    }
    if (query.type) q.where('type', query.type);
    if (query.actor) q.where('actor', query.actor);
    if (since) q.where('created_at', '>=', since);
    if (query.cursor) q.where('id', '<', Number(decodeCursor(query.cursor)));
    const rows = await q;
    const items: AuditEvent[] = rows.slice(0, limit).map(row => ({
      id: String(row.id),
      type: row.type,
      entityRef: row.entity_ref ?? null,
      actor: row.actor,
      details: fromJson<Record<string, unknown>>(row.details, {}),
      createdAt: toIso(row.created_at),
    }));
    return rows.length > limit
      ? { items, nextCursor: encodeCursor(items[items.length - 1].id) }
      : { items };
  }
}
