import { LoggerService } from '@backstage/backend-plugin-api';
import { CatalogFacts } from '../catalog/CatalogFacts';
import { PostureConfig } from '../config';
import { FindingRank, PostureStore } from '../database/PostureStore';
import { PostureNotifier } from '../notifications/PostureNotifier';
import { PostureRecompute } from '../posture/PostureRecompute';
import { ExploitSource } from '../priority/ExploitIntel';
import { rankChanged, rankFinding } from '../priority/rank';

/**
 * The plugin's fleet-wide work: the daily snapshot (every posture recomputed, so SLA clocks move,
 * and SLA breaches notified) and re-ranking after fresher exploitation data. Scheduled in
 * `scheduleTasks`.
 *
 * @internal
 */
export class PostureTasks {
  constructor(
    private readonly options: {
      store: PostureStore;
      catalog: CatalogFacts;
      config: PostureConfig;
      recompute: PostureRecompute;
      /** The exploitation data: read once per re-rank (the database's rows, by their stamp). */
      intel: ExploitSource;
      logger: LoggerService;
      notifier?: PostureNotifier;
      now?: () => Date;
    },
  ) {}

  private now(): string {
    return (this.options.now?.() ?? new Date()).toISOString();
  }

  /**
   * Re-ranks every component's open findings with the current exploitation data (after a KEV or
   * EPSS refresh) and recomputes the postures whose ranks changed. Returns how many findings changed.
   */
  async rerankAll(): Promise<number> {
    const { store, catalog, recompute } = this.options;
    const now = this.now();
    const intel = await this.options.intel.current();
    let changed = 0;
    for (const c of await store.listComponents()) {
      const facts = await catalog.getComponent(c.entityRef);
      const exposure = {
        tier: facts?.tier ?? c.tier,
        lifecycle: facts?.lifecycle ?? c.lifecycle,
        providedApis: facts?.providedApis ?? 0,
      };
      const updates: { id: string; rank: FindingRank }[] = [];
      for (const f of await store.listRankInputs(c.entityRef)) {
        const rank = rankFinding(
          intel,
          {
            severity: f.severity,
            suppressed: f.status === 'suppressed',
            aliases: f.aliases,
          },
          exposure,
        );
        if (rankChanged(rank, f.rank)) {
          updates.push({ id: f.id, rank });
        }
      }
      if (updates.length > 0) {
        changed += updates.length;
        await store.transaction(async tx => {
          await store.updateRanks(tx, updates);
          await recompute.recompute(tx, c.entityRef, now, c.lastScanAt);
        });
      }
    }
    this.options.logger.info(
      `security-posture: re-ranked ${changed} findings with fresh exploitation data`,
    );
    return changed;
  }

  /** The daily task: refresh each component's posture (SLA clocks) and today's snapshot. */
  async snapshotAll(): Promise<number> {
    const { store, recompute, config, notifier } = this.options;
    const now = this.now();
    const components = await store.listComponents();
    const since = new Date(Date.parse(now) - 86_400_000).toISOString();
    for (const c of components) {
      await store.transaction(tx =>
        recompute.recompute(tx, c.entityRef, now, c.lastScanAt),
      );
      const breached = await store.countSlaBreaches(
        c.entityRef,
        config.defaultBranch,
        since,
        now,
      );
      await notifier?.slaBreaches(
        { entityRef: c.entityRef, ownerRef: c.ownerRef },
        breached,
      );
    }
    this.options.logger.info(
      `security-posture: daily snapshot of ${components.length} components`,
    );
    return components.length;
  }
}
