import { Knex } from 'knex';
import { chunks, toIso, toIsoOrNull } from '../database/rows';
import { ID_BATCH } from '../database/tables';

/** One snapshot row as the evidence reads it. @internal */
export interface EvidenceSnapshotRow {
  entityRef: string;
  day: string;
  /** The stored `{applied, failing}` JSON text; null for days before it was recorded. */
  policyResults: string | null;
}

/** An exception that was approved, as the evidence reads it. @internal */
export interface EvidenceExceptionRow {
  id: string;
  entityRef: string;
  scope: string;
  ruleId: string;
  findingId: string | null;
  reason: string;
  state: string;
  requestedBy: string;
  requestedAt: string;
  decidedBy: string | null;
  decidedAt: string;
  expiresAt: string;
  /** When it stopped applying before its expiry (revoked or expired early), if it did. */
  endedAt: string | null;
}

/** One audit event as the evidence lists it. @internal */
export interface EvidenceAuditRow {
  at: string;
  type: string;
  actor: string;
  entityRef: string | null;
}

/** Audit event types listed even when they concern no component (or no one component). */
const FLEET_EVENT_PREFIXES = ['campaign.', 'policy.', 'evidence.'];

/**
 * The reads of the compliance evidence export: snapshot days, approved exceptions and audit
 * events of a period, for the components in scope (SQLite and PostgreSQL).
 *
 * @internal
 */
export class EvidenceStore {
  constructor(private readonly db: Knex) {}

  /** The oldest and newest retained snapshot days (of any component), or nulls when none. */
  async retainedRange(): Promise<{ from: string | null; to: string | null }> {
    const row = await this.db('posture_snapshots')
      .min({ from: 'day' })
      .max({ to: 'day' })
      .first();
    return { from: row?.from ?? null, to: row?.to ?? null };
  }

  /** The snapshot rows of some components in [from, to] (days, inclusive). */
  async snapshots(
    entityRefs: string[],
    from: string,
    to: string,
  ): Promise<EvidenceSnapshotRow[]> {
    const out: EvidenceSnapshotRow[] = [];
    for (const refs of chunks(entityRefs, ID_BATCH)) {
      const rows = await this.db('posture_snapshots')
        .whereIn('entity_ref', refs)
        .where('day', '>=', from)
        .where('day', '<=', to)
        .select('entity_ref', 'day', 'policy_results');
      for (const r of rows) {
        out.push({
          entityRef: r.entity_ref,
          day: r.day,
          policyResults: r.policy_results ?? null,
        });
      }
    }
    return out;
  }

  /**
   * The exceptions of some components that were approved and applied at some time in
   * [start, end): approved before `end`, not expired, revoked or past their expiry before `start`.
   */
  async approvedExceptions(
    entityRefs: string[],
    start: string,
    end: string,
  ): Promise<EvidenceExceptionRow[]> {
    const out: EvidenceExceptionRow[] = [];
    for (const refs of chunks(entityRefs, ID_BATCH)) {
      const rows = await this.db('posture_exceptions')
        .whereIn('entity_ref', refs)
        // approved once: approved, or expired or revoked after an approval
        .whereIn('state', ['approved', 'expired', 'revoked'])
        .whereNotNull('decided_at')
        .where('decided_at', '<', end)
        .where('expires_at', '>', start)
        .where(q => q.whereNull('revoked_at').orWhere('revoked_at', '>', start))
        .where(q => q.whereNull('expired_at').orWhere('expired_at', '>', start))
        .orderBy([
          { column: 'entity_ref' },
          { column: 'decided_at' },
          { column: 'id' },
        ]);
      for (const r of rows) {
        const ends = [toIsoOrNull(r.revoked_at), toIsoOrNull(r.expired_at)]
          .filter((t): t is string => t !== null)
          .sort();
        out.push({
          id: r.id,
          entityRef: r.entity_ref,
          scope: r.scope,
          ruleId: r.rule_id,
          findingId: r.finding_id === null ? null : String(r.finding_id),
          reason: r.reason,
          state: r.state,
          requestedBy: r.requested_by,
          requestedAt: toIso(r.requested_at),
          decidedBy: r.decided_by,
          decidedAt: toIso(r.decided_at),
          expiresAt: toIso(r.expires_at),
          endedAt: ends[0] ?? null,
        });
      }
    }
    return out;
  }

  /**
   * The audit events in [start, end) about the given components, and those of the fleet-wide
   * types (campaigns, policies, earlier evidence exports) that name no component; oldest first.
   */
  async auditEvents(
    entityRefs: string[],
    start: string,
    end: string,
  ): Promise<EvidenceAuditRow[]> {
    const inPeriod = () =>
      this.db('audit_events')
        .where('created_at', '>=', start)
        .where('created_at', '<', end)
        .select('id', 'created_at', 'type', 'actor', 'entity_ref');
    const rows: Array<Record<string, any>> = [];
    for (const refs of chunks(entityRefs, ID_BATCH)) {
      rows.push(...(await inPeriod().whereIn('entity_ref', refs)));
    }
    rows.push(
      ...(await inPeriod()
        .whereNull('entity_ref')
        .where(q => {
          for (const prefix of FLEET_EVENT_PREFIXES) {
            q.orWhere('type', 'like', `${prefix}%`);
          }
        })),
    );
    return rows
      .map(r => ({
        id: Number(r.id),
        at: toIso(r.created_at),
        type: r.type as string,
        actor: r.actor as string,
        entityRef: (r.entity_ref as string | null) ?? null,
      }))
      .sort((a, b) => a.at.localeCompare(b.at) || a.id - b.id)
      .map(({ id: _id, ...event }) => event);
  }
}
