import { LoggerService } from '@backstage/backend-plugin-api';
import {
  ConflictError,
  InputError,
  NotAllowedError,
  NotFoundError,
} from '@backstage/errors';
import {
  ExceptionPage,
  ExceptionRequest,
  ExceptionState,
  PostureException,
} from '@golden-path/plugin-security-posture-common';
import type { Knex } from 'knex';
import { randomUUID } from 'node:crypto';
import { AuditLog } from '../audit/AuditLog';
import { PostureStore } from '../database/PostureStore';
import { requireRef } from '../lib/refs';
import { ExceptionsConfig } from './config';
import { ExceptionNotifier } from './ExceptionNotifier';
import { ExceptionStore } from './ExceptionStore';
import { redactText } from '../secrets/redactor';

const DAY = 86_400_000;

/** Who acts, and whether the permission framework lets them decide exceptions. @internal */
export interface ExceptionActor {
  /** User entity ref, or `service:<subject>`. */
  ref: string;
  /** Holds security-posture.exception.approve. */
  mayApprove: boolean;
}

/** What the exception services are made of. @internal */
export interface ExceptionServiceOptions {
  store: ExceptionStore;
  postureStore: Pick<PostureStore, 'getFinding' | 'getComponent'>;
  audit: AuditLog;
  config: ExceptionsConfig;
  /** Recomputes the stored posture of a component inside the transaction. */
  recompute: (tx: Knex.Transaction, entityRef: string) => Promise<void>;
  notifier: ExceptionNotifier;
  logger: LoggerService;
  now?: () => Date;
}

/**
 * The lifecycle of exceptions (docs/exceptions.md): request → approve | reject → expire
 * (`ExceptionExpiry`), or revoke. Every change is one transaction with its audit event and the component's posture
 * recomputed, so an approved exception stops counting, and an expired or revoked one counts
 * again, in the same commit.
 *
 * @internal
 */
export class ExceptionService {
  constructor(private readonly options: ExceptionServiceOptions) {}

  private now(): Date {
    return this.options.now?.() ?? new Date();
  }

  /** The lower-cased entity ref of a request, or an InputError naming the field. */
  entityRef(raw: string): string {
    return requireRef(raw);
  }

  /** Validates a request and stores it, pending, with its audit event. */
  async request(
    body: ExceptionRequest,
    requestedBy: string,
  ): Promise<PostureException> {
    const { store, postureStore, config } = this.options;
    const now = this.now();
    const entityRef = this.entityRef(body.entityRef);

    const reason = freeText(body.reason);
    if (!reason) {
      throw new InputError('reason must not be empty');
    }
    const expires = Date.parse(body.expiresAt);
    if (Number.isNaN(expires)) {
      throw new InputError(
        `expiresAt '${body.expiresAt}' is not an ISO 8601 date-time`,
      );
    }
    if (expires <= now.getTime()) {
      throw new InputError('expiresAt must be in the future');
    }
    const latest = now.getTime() + config.maxDays * DAY;
    if (expires > latest) {
      throw new InputError(
        `expiresAt must be at most ${
          config.maxDays
        } days ahead (securityPosture.exceptions.maxDays), no later than ${new Date(
          latest,
        ).toISOString()}`,
      );
    }

    let findingId: string | null = null;
    let ruleId: string;
    let tool: string | null = null;
    if (body.scope === 'finding') {
      if (!body.findingId) {
        throw new InputError('findingId is required when scope is finding');
      }
      if (body.ruleId || body.tool) {
        throw new InputError(
          'ruleId and tool belong to scope rule; a finding scope names findingId only',
        );
      }
      const finding = await postureStore.getFinding(
        entityRef,
        body.findingId,
        now.toISOString(),
      );
      if (!finding) {
        throw new NotFoundError(`No finding ${body.findingId} on ${entityRef}`);
      }
      if (finding.status === 'fixed') {
        throw new ConflictError(
          `finding ${body.findingId} is fixed; it needs no exception`,
        );
      }
      findingId = finding.id;
      ruleId = finding.ruleId;
      tool = finding.tool;
    } else {
      if (!body.ruleId) {
        throw new InputError('ruleId is required when scope is rule');
      }
      if (body.findingId) {
        throw new InputError(
          'findingId belongs to scope finding; a rule scope names ruleId (and tool)',
        );
      }
      ruleId = body.ruleId;
      tool = body.tool ?? null;
      if ((await store.countRuleFindings(entityRef, ruleId, tool)) === 0) {
        throw new NotFoundError(
          `No finding of rule ${ruleId}${
            tool ? ` from ${tool}` : ''
          } on ${entityRef}`,
        );
      }
    }

    const nowIso = now.toISOString();
    return store.transaction(async tx => {
      const duplicate = await store.findOpenDuplicate(
        tx,
        { entityRef, scope: body.scope, findingId, ruleId, tool },
        nowIso,
      );
      if (duplicate) {
        throw new ConflictError(
          `exception ${duplicate.id} (${duplicate.state}) already covers this; revoke it first`,
        );
      }
      const created = await store.insert(tx, {
        id: randomUUID(),
        entityRef,
        scope: body.scope,
        findingId,
        ruleId,
        tool,
        justification: body.justification,
        reason: reason.slice(0, 2000),
        requestedBy,
        requestedAt: nowIso,
        expiresAt: new Date(expires).toISOString(),
      });
      await this.options.audit.record(
        {
          type: 'exception.requested',
          entityRef,
          actor: requestedBy,
          details: {
            exceptionId: created.id,
            scope: created.scope,
            findingId: created.findingId,
            ruleId: created.ruleId,
            tool: created.tool,
            justification: created.justification,
            reason: created.reason,
            expiresAt: created.expiresAt,
          },
        },
        tx,
      );
      return created;
    });
  }

  async get(id: string): Promise<PostureException> {
    const found = await this.options.store.get(id);
    if (!found) {
      throw new NotFoundError(`No exception ${id}`);
    }
    return found;
  }

  async list(query: {
    entityRef?: string;
    states?: ExceptionState[];
    cursor?: string;
    limit?: number;
  }): Promise<ExceptionPage> {
    return this.options.store.list(query);
  }

  /** Approves or rejects a pending exception; never the decider's own request. */
  async decide(
    id: string,
    decision: 'approved' | 'rejected',
    actor: ExceptionActor,
    given: string | undefined,
  ): Promise<PostureException> {
    const comment = given === undefined ? undefined : freeText(given);
    if (!actor.mayApprove) {
      throw new NotAllowedError(
        'not allowed to approve or reject exceptions (security-posture.exception.approve)',
      );
    }
    const existing = await this.get(id);
    if (existing.requestedBy === actor.ref) {
      throw new NotAllowedError(
        `${actor.ref} requested exception ${id} and cannot ${
          decision === 'approved' ? 'approve' : 'reject'
        } it: another person must decide (separation of duties)`,
      );
    }
    const now = this.now().toISOString();
    if (decision === 'approved' && existing.expiresAt <= now) {
      throw new ConflictError(
        `exception ${id} expired on ${existing.expiresAt}; request a new one`,
      );
    }
    const { store } = this.options;
    const changed = await store.transaction(async tx => {
      const moved = await store.transition(
        tx,
        id,
        ['pending'],
        decision,
        {
          decided_by: actor.ref,
          decided_at: now,
          decision_comment: comment?.trim() || null,
        },
        now,
      );
      if (!moved) {
        const current = await store.get(id, tx);
        throw new ConflictError(
          `exception ${id} is ${current?.state}; only a pending exception can be decided`,
        );
      }
      await this.options.audit.record(
        {
          type: `exception.${decision}`,
          entityRef: existing.entityRef,
          actor: actor.ref,
          details: {
            exceptionId: id,
            requestedBy: existing.requestedBy,
            comment: comment?.trim() || null,
          },
        },
        tx,
      );
      if (decision === 'approved') {
        await this.options.recompute(tx, existing.entityRef);
      }
      return (await store.get(id, tx))!;
    });
    await this.options.notifier.decided(changed);
    return changed;
  }

  /** Withdraws a pending or approved exception: its requester, or an approver. */
  async revoke(
    id: string,
    actor: ExceptionActor,
    given: string | undefined,
  ): Promise<PostureException> {
    const comment = given === undefined ? undefined : freeText(given);
    const existing = await this.get(id);
    if (existing.requestedBy !== actor.ref && !actor.mayApprove) {
      throw new NotAllowedError(
        'only the requester or a holder of security-posture.exception.approve may revoke an exception',
      );
    }
    const now = this.now().toISOString();
    const { store } = this.options;
    return store.transaction(async tx => {
      const moved = await store.transition(
        tx,
        id,
        ['pending', 'approved'],
        'revoked',
        {
          revoked_by: actor.ref,
          revoked_at: now,
          revoke_comment: comment?.trim() || null,
        },
        now,
      );
      if (!moved) {
        const current = await store.get(id, tx);
        throw new ConflictError(
          `exception ${id} is ${current?.state}; only a pending or approved exception can be revoked`,
        );
      }
      await this.options.audit.record(
        {
          type: 'exception.revoked',
          entityRef: existing.entityRef,
          actor: actor.ref,
          details: {
            exceptionId: id,
            previousState: existing.state,
            comment: comment?.trim() || null,
          },
        },
        tx,
      );
      if (existing.state === 'approved') {
        await this.options.recompute(tx, existing.entityRef);
      }
      return (await store.get(id, tx))!;
    });
  }
}

/** What a person wrote, trimmed, with any secret it quotes masked (no raw secret is kept). */
function freeText(text: string): string {
  return redactText(text.trim(), [], { entropy: true });
}
