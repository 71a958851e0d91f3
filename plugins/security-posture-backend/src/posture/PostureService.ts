import { InputError, NotFoundError } from '@backstage/errors';
import {
  Enrollment,
  FINDING_KINDS,
  FindingKind,
  Posture,
} from '@golden-path/plugin-security-posture-common';
import type { Knex } from 'knex';
import type { AuditLog } from '../audit/AuditLog';
import { CatalogFacts } from '../catalog/CatalogFacts';
import { PostureConfig } from '../config';
import { ComponentFacts, PostureStore } from '../database/PostureStore';
import { requireComponentRef, requireRef } from '../lib/refs';
import { isExact, PostureRecompute } from './PostureRecompute';
import {
  emptyPosture,
  requiredScanners,
  servePosture,
  servePostureJson,
  withoutDigest,
} from './servePosture';

/**
 * A component's posture: served from the stored one while it is exact, recomputed when it is
 * not, and the enrollment that makes a component known before its first scan.
 *
 * @internal
 */
export class PostureService {
  constructor(
    private readonly options: {
      store: PostureStore;
      catalog: CatalogFacts;
      config: PostureConfig;
      recompute: PostureRecompute;
      audit?: AuditLog;
      now?: () => Date;
    },
  ) {}

  private now(): string {
    return (this.options.now?.() ?? new Date()).toISOString();
  }

  /** The lower-cased ref of an entity the plugin or the catalog knows; else a 404. */
  async requireKnown(rawRef: string): Promise<string> {
    const entityRef = requireRef(rawRef);
    if (!(await this.options.store.getComponent(entityRef))) {
      if (!(await this.options.catalog.getComponent(entityRef))) {
        throw new NotFoundError(`No entity ${entityRef} in the catalog`);
      }
    }
    return entityRef;
  }

  /**
   * The posture of one component (404 when neither the plugin nor the catalog knows it). Answered
   * from the posture stored at the last ingest (one primary-key read) while it is exact, and
   * recomputed once its validity ends (a finding passes its SLA due date, or the day changes).
   */
  async getPosture(rawRef: string): Promise<Posture> {
    const entityRef = requireRef(rawRef);
    const { store, config, recompute } = this.options;
    const now = this.now();
    let component = await store.getComponent(entityRef);
    if (!component) {
      const facts = await this.options.catalog.getComponent(entityRef);
      if (!facts) {
        throw new NotFoundError(`No entity ${entityRef} in the catalog`);
      }
      const empty = emptyPosture(facts, 'not-enrolled', config);
      await this.syncPolicies();
      const policy = recompute.policies?.evaluate(empty, now);
      return policy ? { ...empty, policy: withoutDigest(policy) } : empty;
    }
    if (component.posture?.policy?.digest !== recompute.policies?.digest) {
      // perhaps evaluated by a set another replica published since this one last looked: read
      // it first, so the stored posture stays exact instead of being recomputed by the old set
      await this.syncPolicies();
    }
    if (!isExact(component, now, recompute.policies?.digest)) {
      const lastScanAt = component.lastScanAt;
      await store.transaction(tx =>
        recompute.recompute(tx, entityRef, now, lastScanAt),
      );
      component = (await store.getComponent(entityRef))!;
    }
    return servePosture(entityRef, component, config);
  }

  /**
   * {@link PostureService.getPosture} as JSON text, for the HTTP read. While the stored posture is
   * exact (the common case) it is one primary-key read, and the stored top findings are served as
   * their stored JSON text; otherwise (recompute, policy set moved, not enrolled) it is
   * `getPosture`, serialised.
   */
  async getPostureJson(rawRef: string): Promise<string> {
    const entityRef = requireRef(rawRef);
    const { store, config, recompute } = this.options;
    const read = await store.getComponentToServe(entityRef);
    if (read && read.topFindingsJson !== null) {
      const digest = recompute.policies?.digest;
      const { component } = read;
      if (
        component.posture?.policy?.digest === digest &&
        isExact({ ...component, topFindings: [] }, this.now(), digest)
      ) {
        return servePostureJson(
          entityRef,
          component,
          read.topFindingsJson,
          config,
        );
      }
    }
    return JSON.stringify(await this.getPosture(entityRef));
  }

  /**
   * Reads the posture policies the replicas share (one-row read; a reparse only when another
   * replica published a set since).
   */
  private async syncPolicies(): Promise<void> {
    const policies = this.options.recompute.policies;
    if (policies?.sync) {
      await this.options.store.transaction(tx => policies.sync!(tx));
    }
  }

  /** Recomputes a component's stored posture inside `tx` (after an exception changed state). */
  async recomputeIn(tx: Knex, entityRef: string): Promise<void> {
    const component = await this.options.store.getComponent(entityRef, tx);
    if (component) {
      await this.options.recompute.recompute(
        tx,
        entityRef,
        this.now(),
        component.lastScanAt,
      );
    }
  }

  /**
   * Enrolls a component (the scaffolder does, on behalf of the person who ran the template): known
   * before its first scan. Enrolling a component again never lowers what it must be scanned by:
   * its expected scanners only grow. Audit-logged with the change.
   */
  async enroll(enrollment: Enrollment, actor: string): Promise<Posture> {
    const entityRef = requireComponentRef(enrollment.entityRef);
    assertScannerKinds(enrollment.expectedScanners ?? []);
    // The catalog may not have processed a just-registered component yet: take what it knows.
    const known = await this.options.catalog.getComponent(entityRef);
    const facts: ComponentFacts = known ?? {
      entityRef,
      tier: enrollment.tier ?? null,
      lifecycle: enrollment.lifecycle ?? null,
      ownerRef: null,
      systemRef: null,
      domainRef: null,
    };
    if (facts.tier === null && enrollment.tier) {
      facts.tier = enrollment.tier;
    }
    const now = this.now();
    const { store, recompute } = this.options;
    await store.transaction(async tx => {
      const existing = await store.getComponent(entityRef, tx);
      const before = existing?.expectedScanners ?? [];
      // what was asked for, in its order, plus whatever the component already had to have
      const expectedScanners = enrollment.expectedScanners
        ? [
            ...new Set([
              ...enrollment.expectedScanners,
              ...before.filter(k => !enrollment.expectedScanners!.includes(k)),
            ]),
          ]
        : undefined;
      await store.upsertComponent(tx, facts, now, {
        expectedScanners,
        templateRef: enrollment.template?.ref,
        templateVersion: enrollment.template?.version,
      });
      await recompute.recompute(
        tx,
        entityRef,
        now,
        existing?.lastScanAt ?? null,
      );
      await this.options.audit?.record(
        {
          type: existing ? 'component.re-enrolled' : 'component.enrolled',
          entityRef,
          actor,
          details: {
            expectedScanners: expectedScanners ?? before,
            kept: before.filter(
              k => !(enrollment.expectedScanners ?? before).includes(k),
            ),
            template: enrollment.template ?? null,
          },
        },
        tx,
      );
    });
    return this.getPosture(entityRef);
  }

  /**
   * Sets what an enrolled component must be scanned by, lowering it included: the owners' explicit
   * decision (the caller checked the permission), recorded with its reason. An empty list returns
   * the component to its tier's defaults.
   */
  async setExpectedScanners(
    entityRef: string,
    change: { expectedScanners: string[]; reason: string },
    actor: string,
  ): Promise<Posture> {
    assertScannerKinds(change.expectedScanners);
    const reason = change.reason.trim();
    if (!reason) {
      throw new InputError(
        'reason is required: say why the component needs these scanners',
      );
    }
    const expected =
      change.expectedScanners.length > 0
        ? [...new Set(change.expectedScanners)]
        : null;
    const now = this.now();
    const { store, recompute, config } = this.options;
    await store.transaction(async tx => {
      if (!(await store.lockComponent(tx, entityRef))) {
        throw new NotFoundError(
          `${entityRef} is not enrolled; enroll it (or upload a report) first`,
        );
      }
      const existing = (await store.getComponent(entityRef, tx))!;
      const before = requiredScanners(existing, config);
      await store.setExpectedScanners(tx, entityRef, expected, now);
      const after = requiredScanners(
        { ...existing, expectedScanners: expected },
        config,
      );
      await recompute.recompute(tx, entityRef, now, existing.lastScanAt);
      await this.options.audit?.record(
        {
          type: 'component.scanners-changed',
          entityRef,
          actor,
          details: {
            before,
            after,
            removed: before.filter(k => !after.includes(k)),
            added: after.filter(k => !before.includes(k)),
            tierDefaults: expected === null,
            reason,
          },
        },
        tx,
      );
    });
    return this.getPosture(entityRef);
  }
}

/** Refuses a scanner kind that is not one of the known kinds. */
function assertScannerKinds(kinds: readonly string[]) {
  for (const kind of kinds) {
    if (!FINDING_KINDS.includes(kind as FindingKind)) {
      throw new InputError(
        `expectedScanners has unknown scanner kind '${kind}' (known: ${FINDING_KINDS.join(
          ', ',
        )})`,
      );
    }
  }
}
