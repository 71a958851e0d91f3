import {
  Posture,
  SEVERITIES,
} from '@golden-path/plugin-security-posture-common';
import type { Knex } from 'knex';
import { PostureConfig } from '../config';
import {
  ComponentRow,
  PostureStore,
  StoredPosture,
} from '../database/PostureStore';
import { PostureInventory } from '@golden-path/policy';
import { InventoryStore } from '../inventory/InventoryStore';
import { inventoryFacts } from './inventoryFacts';
import { dayOf, nextMidnight } from '../lib/time';
import { withPriority } from '../priority/rank';
import { AcceptedRisks, TemplateStatusFn } from './AcceptedRisks';
import { PostureEvaluator } from './SharedPosturePolicies';
import { computeScore } from './scoring';
import { missingScanners, servePosture } from './servePosture';

/**
 * What a recompute stored: the score and grade, and for an enrolled component its posture as it
 * is served (read back it would be the same) with the inventory rows it read for the policies,
 * so that what runs next in the transaction need not read either again.
 *
 * @internal
 */
export type Recomputed = {
  score: number | null;
  grade: string | null;
  posture?: Posture;
  /**
   * The licence facts of the component's packages on the default branch as the policies saw
   * them, with the copyleft list they were decided by, when the policies needed them.
   */
  inventory?: { facts: PostureInventory; copyleftLicenses: readonly string[] };
};

/** How many findings a posture carries as its most urgent. */
const TOP_FINDINGS = 5;

/**
 * Whether a stored posture (of the current shape) is still exact at `now`: before its validity
 * ends and evaluated by the same policy set.
 *
 * @internal
 */
export function isExact(
  component: ComponentRow,
  now: string,
  policyDigest: string | undefined,
): boolean {
  const validUntil = component.posture?.validUntil;
  return Boolean(
    validUntil &&
      component.topFindings &&
      now < validUntil &&
      component.posture?.policy?.digest === policyDigest,
  );
}

/**
 * Computes a component's posture from its findings, scans and checks, evaluates the posture
 * policies over it exactly as it will be served, and stores it with today's snapshot: the one
 * write path of every posture (ingest, enrollment, exceptions, re-ranking, the daily task).
 *
 * @internal
 */
export class PostureRecompute {
  constructor(
    private readonly options: {
      store: PostureStore;
      config: PostureConfig;
      policies?: PostureEvaluator;
      accepted?: AcceptedRisks;
      templateStatus?: TemplateStatusFn;
      /** The inventories: the policies see the licence facts of the component's. */
      inventory?: InventoryStore;
    },
  ) {}

  get policies(): PostureEvaluator | undefined {
    return this.options.policies;
  }

  /** Recomputes and stores a component's posture and today's snapshot, inside `tx`. */
  async recompute(
    tx: Knex,
    entityRef: string,
    now: string,
    lastScanAt: string | null,
  ): Promise<Recomputed> {
    const { store, config, accepted } = this.options;
    const branch = config.defaultBranch;
    const component = await store.getComponent(entityRef, tx);
    const facts = await store.computeFacts(entityRef, branch, now, tx);
    const result =
      facts.coverage.length > 0
        ? computeScore(
            {
              open: facts.open,
              overdue: facts.overdue,
              missingScanners: missingScanners(
                component,
                facts.coverage,
                config,
              ),
              checkScores: facts.checks.map(c => c.score),
            },
            config.scoring,
          )
        : undefined;
    const score = result?.score ?? null;
    const grade = result?.grade ?? null;
    const overdue = SEVERITIES.reduce((n, s) => n + facts.overdue[s], 0);
    const nextDue = await store.nextSlaDue(entityRef, branch, now, tx);
    // an approved exception's expiry ends the stored posture's exactness too
    const nextExpiry = await accepted?.nextExpiry(tx, entityRef, now);
    const stored: StoredPosture = {
      computedAt: now,
      validUntil: [nextDue, nextExpiry, nextMidnight(now)]
        .filter((t): t is string => Boolean(t))
        .sort()[0],
      open: facts.open,
      overdue,
      overdueBySeverity: facts.overdue,
      suppressed: facts.suppressed,
      breakdown: result?.breakdown ?? [],
      mttr: facts.mttr,
      coverage: facts.coverage,
      checks: facts.checks,
      knownExploited: facts.knownExploited,
      acceptedRisks:
        (await accepted?.countAccepted(tx, entityRef, branch, now)) ?? 0,
    };
    const topFindings = (
      await store.topFindings(entityRef, branch, now, TOP_FINDINGS, tx)
    ).map(withPriority);
    if (component?.templateRef && this.options.templateStatus) {
      stored.templateStatus = await this.options
        .templateStatus(
          component.templateRef,
          component.templateVersion,
          entityRef,
          tx,
        )
        .catch(() => undefined);
    }
    const { policies, inventory } = this.options;
    // the posture as it will be served once stored (savePosture keeps the stored scan time when
    // a recompute has none)
    const serve = (row: ComponentRow) =>
      servePosture(
        entityRef,
        {
          ...row,
          score,
          grade,
          posture: stored,
          topFindings,
          lastScanAt: lastScanAt ?? row.lastScanAt,
        },
        config,
      );
    let inventoryOf: Recomputed['inventory'];
    if (component && policies) {
      // the set the replicas share, read in this transaction: never a set only this process has
      await policies.sync?.(tx);
      // the policies see the posture exactly as it is served
      const served = serve(component);
      // and the licences of its inventory, read in this transaction (an upload's new packages),
      // when a policy that applies to it reads them
      if (inventory && (policies.needsInventory?.(served) ?? true)) {
        const { copyleftLicenses } = policies;
        inventoryOf = {
          facts: inventoryFacts(
            await inventory.componentPackages(entityRef, branch, tx),
            copyleftLicenses,
          ),
          copyleftLicenses,
        };
      }
      stored.policy = policies.evaluate(served, now, inventoryOf?.facts ?? []);
    }
    await store.savePosture(tx, entityRef, {
      score,
      grade,
      stored,
      lastScanAt,
      topFindings,
    });
    await store.upsertSnapshot(tx, {
      entityRef,
      day: dayOf(now),
      score,
      grade,
      open: facts.open,
      overdue,
      policyResults: stored.policy
        ? {
            applied: stored.policy.policies,
            failing: [
              ...new Set(
                stored.policy.violations.map(v => `${v.policy}/${v.rule}`),
              ),
            ].sort(),
          }
        : null,
    });
    return {
      score,
      grade,
      // with the policies' results
      ...(component ? { posture: serve(component) } : {}),
      ...(inventoryOf ? { inventory: inventoryOf } : {}),
    };
  }
}
