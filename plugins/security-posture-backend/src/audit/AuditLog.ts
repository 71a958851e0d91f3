import { AuditorService } from '@backstage/backend-plugin-api';
import { AuditPage } from '@golden-path/plugin-security-posture-common';
import { JsonObject } from '@backstage/types';
import type { Knex } from 'knex';
import { redactRecord } from '../secrets/redactor';
import { AuditEventInput, AuditQuery, AuditStore } from './AuditStore';

export type { AuditEventInput, AuditQuery } from './AuditStore';

/** Events whose loss of trust matters most get a higher severity in Backstage's auditor. */
const SEVERITY: Record<string, 'low' | 'medium' | 'high'> = {
  'gate.decision': 'medium',
  'report.uploaded': 'low',
  'component.enrolled': 'medium',
  'component.re-enrolled': 'medium',
  'component.scanners-changed': 'high',
  'template.upgrade': 'high',
};

/**
 * The append-only audit log: every upload, enrollment, gate decision, template upgrade and
 * exception request, decision, revocation and expiry. Writers pass their transaction so the event
 * is stored with the change it describes, or not at all (the queryable table, `GET /v1/audit`);
 * every event also goes to Backstage's auditor service (`coreServices.auditor`), once written.
 *
 * @internal
 */
export class AuditLog {
  private readonly store: AuditStore;
  private readonly auditor?: AuditorService;

  constructor(
    db: Knex,
    clock: () => Date = () => new Date(),
    auditor?: AuditorService,
  ) {
    this.store = new AuditStore(db, clock);
    this.auditor = auditor;
  }

  /** Records one event, inside `tx` when given. */
  async record(input: AuditEventInput, tx?: Knex.Transaction): Promise<void> {
    // no raw secret kept: a reason or message may quote one
    const event = { ...input, details: redactRecord(input.details) };
    await this.store.record(event, tx);
    if (!this.auditor) return;
    const send = async () => {
      const audited = await this.auditor!.createEvent({
        // kebab-case, as Backstage asks: exception.requested -> exception-requested
        eventId: event.type
          .replace(/[^a-z0-9]+/gi, '-')
          .toLocaleLowerCase('en-US'),
        severityLevel:
          SEVERITY[event.type] ??
          (event.type.startsWith('exception.') ? 'high' : 'low'),
        meta: {
          entityRef: event.entityRef ?? null,
          actor: event.actor,
          ...(JSON.parse(JSON.stringify(event.details ?? {})) as JsonObject),
        },
      });
      await audited.success();
    };
    // the auditor hears of an event once its transaction committed, never of a rolled-back one
    if (tx) {
      tx.executionPromise.then(send, () => undefined).catch(() => undefined);
    } else {
      await send();
    }
  }

  /** Events matching every given filter, newest first, a page at a time. */
  query(query: AuditQuery = {}): Promise<AuditPage> {
    return this.store.query(query);
  }
}
