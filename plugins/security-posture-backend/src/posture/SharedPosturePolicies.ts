import { LoggerService } from '@backstage/backend-plugin-api';
import { Policy, PostureInventory } from '@golden-path/policy';
import { Posture } from '@golden-path/plugin-security-posture-common';
import { Knex } from 'knex';
import os from 'node:os';
import { ComponentPackageRow } from '../inventory/InventoryStore';
import {
  PolicyEvaluation,
  PolicySource,
  PosturePolicies,
} from './PosturePolicies';

const TABLE = 'posture_policy_set';

/**
 * What evaluates posture policies: one loaded set, or the set the replicas share.
 *
 * @internal
 */
export interface PostureEvaluator {
  readonly digest: string;
  readonly policies: Policy[];
  /** SPDX ids or prefixes ending in `*` that the policies see as copyleft. */
  readonly copyleftLicenses: readonly string[];
  /**
   * The policies over a posture, with the licence facts of the component's inventory: its
   * packages, or their facts with {@link PostureEvaluator.copyleftLicenses}.
   */
  evaluate(
    posture: Posture,
    now: string,
    inventory?: ComponentPackageRow[] | PostureInventory,
  ): PolicyEvaluation;
  /** Whether an applicable policy reads `inventory` (else the evaluation needs no packages). */
  needsInventory?(posture: Posture): boolean;
  /** Brings the set in line with the one the replicas share, inside `tx`, before a result is stored. */
  sync?(tx: Knex): Promise<void>;
}

/**
 * The posture policies every replica evaluates: the set in `posture_policy_set`, published by the
 * replica that started last with different files (a rollout's last replica has the new files),
 * read by the others when they next store a posture. A replica's own files decide nothing after
 * its start, so replicas of two releases never recompute each other's postures back and forth.
 *
 * The parsed set is kept in memory with its digest; {@link SharedPosturePolicies.sync} reads the
 * one-row digest inside the storing transaction and reparses only when it moved.
 *
 * @internal
 */
export class SharedPosturePolicies implements PostureEvaluator {
  private constructor(
    private current: PosturePolicies,
    private readonly logger: LoggerService,
  ) {}

  /**
   * Publishes this replica's set unless it is the shared one already (one transaction: two
   * replicas starting together leave one of their sets, whole).
   */
  static async publish(
    db: Knex,
    local: PosturePolicies,
    logger: LoggerService,
  ): Promise<SharedPosturePolicies> {
    const previous = await db.transaction(async tx => {
      const row = await tx(TABLE).where({ id: 1 }).forUpdate().first('digest');
      if (row?.digest === local.digest) return local.digest;
      await tx(TABLE)
        .insert({
          id: 1,
          digest: local.digest,
          sources: JSON.stringify(local.sources),
          policy_count: local.policies.length,
          published_by: os.hostname().slice(0, 255),
          published_at: new Date(),
        })
        .onConflict('id')
        .merge();
      return (row?.digest as string | undefined) ?? null;
    });
    if (previous !== local.digest) {
      logger.info(
        `security-posture: published posture policies ${local.digest} (${
          local.policies.length
        } policies) for every replica${
          previous ? `, replacing ${previous}` : ''
        }`,
      );
    }
    return new SharedPosturePolicies(local, logger);
  }

  get digest(): string {
    return this.current.digest;
  }

  get policies(): Policy[] {
    return this.current.policies;
  }

  get copyleftLicenses(): readonly string[] {
    return this.current.copyleftLicenses;
  }

  evaluate(
    posture: Posture,
    now: string,
    inventory?: ComponentPackageRow[] | PostureInventory,
  ): PolicyEvaluation {
    return this.current.evaluate(posture, now, inventory);
  }

  needsInventory(posture: Posture): boolean {
    return this.current.needsInventory(posture);
  }

  async sync(tx: Knex): Promise<void> {
    const row = await tx(TABLE).where({ id: 1 }).first('digest');
    if (!row || row.digest === this.current.digest) return;
    const published = await tx(TABLE).where({ id: 1 }).first('sources');
    let next: PosturePolicies;
    try {
      next = PosturePolicies.fromSources(
        JSON.parse(published.sources) as PolicySource[],
      );
    } catch (error) {
      // a newer release's policy this one cannot read: keep evaluating the set it has
      this.logger.warn(
        `security-posture: the posture policies ${row.digest} another replica published cannot be read by this one (${error}); evaluating ${this.current.digest} until it is replaced`,
      );
      return;
    }
    this.logger.info(
      `security-posture: evaluating the posture policies ${next.digest} another replica published (was ${this.current.digest})`,
    );
    this.current = next;
  }
}
