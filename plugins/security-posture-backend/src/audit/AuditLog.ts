import { AuditPage } from '@golden-path/plugin-security-posture-common';
import type { Knex } from 'knex';
import { AuditEventInput, AuditQuery, AuditStore } from './AuditStore';

export type { AuditEventInput, AuditQuery } from './AuditStore';

/**
 * The append-only audit log: every exception request, decision, revocation and expiry, every
 * gate decision and every template upgrade. Writers pass their transaction so the event is stored
 * with the change it describes, or not at all.
 *
 * @internal
 */
export class AuditLog {
  private readonly store: AuditStore;

  constructor(db: Knex, clock: () => Date = () => new Date()) {
    this.store = new AuditStore(db, clock);
  }

  /** Records one event, inside `tx` when given. */
  record(event: AuditEventInput, tx?: Knex.Transaction): Promise<void> {
    return this.store.record(event, tx);
  }

  /** Events matching every given filter, newest first, a page at a time. */
  query(query: AuditQuery = {}): Promise<AuditPage> {
    return this.store.query(query);
  }
}
