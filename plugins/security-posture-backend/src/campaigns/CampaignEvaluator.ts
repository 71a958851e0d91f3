import { LoggerService } from '@backstage/backend-plugin-api';
import type { Knex } from 'knex';
import { parseEntityRef } from '@backstage/catalog-model';
import {
  Campaign,
  CampaignGoal,
  CampaignScope,
  Posture,
} from '@golden-path/plugin-security-posture-common';
import { CatalogFacts, OrgModel } from '../catalog/CatalogFacts';
import { PostureConfig } from '../config';
import { ComponentRow, PostureStore } from '../database/PostureStore';
import {
  ComponentPackageRow,
  InventoryStore,
} from '../inventory/InventoryStore';
import { chunks } from '../database/rows';
import { dayOf } from '../lib/time';
import { PostureNotifier } from '../notifications/PostureNotifier';
import { PostureInventory } from '@golden-path/policy';
import { inventoryFacts } from '../posture/inventoryFacts';
import { PostureEvaluator } from '../posture/SharedPosturePolicies';
import { emptyPosture, servePosture } from '../posture/servePosture';
import { CampaignStore, CampaignStatusRow } from './CampaignStore';
import {
  CompiledGoal,
  compileGoal,
  evaluatePolicyGoals,
  GoalFinding,
  GoalResult,
} from './evaluateGoal';

/** A component of the catalog's organisation. @internal */
export type OrgComponent = OrgModel['components'][number];

const DAY_MS = 24 * 3600 * 1000;

/** Whether one component in a campaign's scope meets its goal (what the notices count). */
type CampaignResultRow = Pick<CampaignStatusRow, 'entityRef' | 'compliant'>;

/** How many components an evaluation reads and evaluates at a time (postures, inventories, findings). */
const EVALUATION_SLICE = 1000;

/** Whether a component of the catalog is in a (normalised) scope: every list given holds its value. @internal */
export function inScope(c: OrgComponent, scope: CampaignScope): boolean {
  const has = <T>(list: T[] | undefined, value: T | null | undefined) =>
    !list || (value !== null && value !== undefined && list.includes(value));
  return (
    has(scope.kinds, parseEntityRef(c.entityRef).kind.toLowerCase()) &&
    has(scope.tiers, c.tier) &&
    has(scope.lifecycles, c.lifecycle?.toLowerCase()) &&
    has(scope.systems, c.systemRef) &&
    has(scope.domains, c.domainRef) &&
    has(scope.owners, c.ownerRef) &&
    has(scope.templates, c.templateRef)
  );
}

/** A campaign's status at `now`: before its start, until its deadline, after it. @internal */
export function campaignStatus(
  campaign: Pick<Campaign, 'startsAt' | 'deadline'>,
  now: Date,
): 'scheduled' | 'active' | 'ended' {
  const t = now.getTime();
  if (Date.parse(campaign.startsAt) > t) return 'scheduled';
  if (Date.parse(campaign.deadline) <= t) return 'ended';
  return 'active';
}

/**
 * What a caller has already read of some components (by entity ref), as the evaluation would read
 * it: their postures as served and their inventories on the default branch.
 */
type KnownFacts = {
  postures?: Map<string, Posture>;
  /** Their inventories' facts, with the evaluator's copyleft list. */
  inventories?: Map<string, PostureInventory>;
  /** Their open findings each no-finding goal's filter may match ({@link CampaignEvaluator.findingFilters}' order). */
  findings?: Map<string, GoalFinding[]>[];
};

/** A posture as a goal sees it: a component not enrolled yet has its template as the catalog's annotations name it. */
function withCatalogTemplate(c: OrgComponent, posture: Posture): Posture {
  const template =
    posture.template ??
    (c.templateRef && c.templateVersion
      ? { ref: c.templateRef, version: c.templateVersion }
      : null);
  return { ...posture, template };
}

const sameList = (a: readonly string[], b: readonly string[]) =>
  a.length === b.length && a.every((x, i) => x === b[i]);

/** Whether a policy goal's expression reads the inventory (then the inventories are read). */
const readsInventory = (goal: CampaignGoal) =>
  goal.type === 'policy' && /\binventory\b/.test(goal.expression ?? '');

/**
 * Campaign progress (issue #17): evaluates campaigns over the components in their scope and
 * stores the result (`posture_campaign_status`, each campaign's rows replaced in one transaction by
 * writing what changed, and the campaign's `evaluated_at`)
 * with the day's counts (`posture_campaign_days`, one row per campaign and UTC day). Runs when a
 * campaign is created or changed (the whole scope), in every ingest's transaction (the one
 * component, against every campaign whose scope holds it), when a template version is published
 * (the template-goal campaigns) and daily (every active campaign, then the owning groups' notices, each
 * sent once across replicas through `posture_campaign_notices`).
 *
 * Postures are the stored ones, read in bulk and once for all the campaigns evaluated together
 * (slices of {@link EVALUATION_SLICE} components), as are the inventories when a policy goal
 * reads `inventory` and the open findings the no-finding goals' filters may match.
 *
 * @internal
 */
export class CampaignEvaluator {
  constructor(
    private readonly options: {
      store: CampaignStore;
      catalog: CatalogFacts;
      postures: PostureStore;
      config: PostureConfig;
      inventory?: InventoryStore;
      /** SPDX ids or prefixes a policy goal's `inventory` sees as copyleft (default: the policies'). */
      copyleftLicenses?: readonly string[];
      /** The posture policies the replicas share: their copyleft list is the goals' (default: the configuration's). */
      policies?: PostureEvaluator;
      notifier?: PostureNotifier;
      logger: LoggerService;
      now?: () => Date;
    },
  ) {}

  /** What a policy goal's `inventory` sees as copyleft: what the posture policies see so. */
  private copyleftLicenses(): readonly string[] {
    return (
      this.options.copyleftLicenses ??
      this.options.policies?.copyleftLicenses ??
      this.options.config.policies.copyleftLicenses
    );
  }

  private now(): Date {
    return this.options.now?.() ?? new Date();
  }

  /** Goals compiled once (a policy goal's CEL expression), by their JSON; the oldest dropped past 500. */
  private readonly compiledGoals = new Map<string, CompiledGoal>();

  private compiled(goal: CampaignGoal): CompiledGoal {
    const key = JSON.stringify(goal);
    let compiled = this.compiledGoals.get(key);
    if (!compiled) {
      compiled = compileGoal(goal);
      if (this.compiledGoals.size >= 500) {
        this.compiledGoals.delete(this.compiledGoals.keys().next().value!);
      }
      this.compiledGoals.set(key, compiled);
    }
    return compiled;
  }

  /**
   * Several goals, each against its components, in order. The components of all goals are taken
   * in slices of {@link EVALUATION_SLICE}, and what the goals share is read once per slice for all
   * of them: the postures (one bulk read, each served once) when a policy or template goal looks
   * at a component, the inventories when a policy goal reads `inventory`, the open findings every
   * no-finding goal's filter may match (one statement). A goal that cannot be evaluated (its
   * expression does not compile, a read it needs fails) answers its error, the others their
   * results. The reads go through `tx` when given (one after the other on its connection).
   */
  async resultsOf(
    jobs: { goal: CampaignGoal; components: OrgComponent[] }[],
    tx?: Knex,
    known?: KnownFacts,
  ): Promise<(GoalResult[] | Error)[]> {
    const branch = this.options.config.defaultBranch;
    const asError = (error: unknown) =>
      error instanceof Error ? error : new Error(String(error));
    const compiled = jobs.map(({ goal }) => {
      try {
        return this.compiled(goal);
      } catch (error) {
        return asError(error);
      }
    });
    const out: (GoalResult[] | Error)[] = compiled.map(c =>
      c instanceof Error ? c : [],
    );
    const live = (job: number) => !(out[job] instanceof Error);
    const withInventory = (job: number) =>
      readsInventory(jobs[job].goal) && !!this.options.inventory;
    const findingJobs = jobs
      .map((job, i) => (job.goal.type === 'no-finding' && live(i) ? i : -1))
      .filter(i => i >= 0);
    // the findingFilters of these jobs
    const filters = findingJobs.map(i => jobs[i].goal.filter ?? {});
    const filterOf = new Map(findingJobs.map((i, k) => [i, k]));
    // where each component is in each goal's list
    const positions = new Map<
      string,
      { component: OrgComponent; at: { job: number; index: number }[] }
    >();
    jobs.forEach(({ components }, job) => {
      if (!live(job)) return;
      components.forEach((component, index) => {
        const entry = positions.get(component.entityRef) ?? {
          component,
          at: [],
        };
        entry.at.push({ job, index });
        positions.set(component.entityRef, entry);
      });
    });
    const copyleft = this.copyleftLicenses();
    for (const slice of chunks([...positions.values()], EVALUATION_SLICE)) {
      const needs = (test: (job: number) => boolean) =>
        slice.filter(e => e.at.some(a => live(a.job) && test(a.job)));
      const unknown = (have?: Map<string, unknown>) => (e: (typeof slice)[0]) =>
        !have?.has(e.component.entityRef);
      const forPosture = needs(j => jobs[j].goal.type !== 'no-finding').filter(
        unknown(known?.postures),
      );
      const forInventory = needs(withInventory).filter(
        unknown(known?.inventories),
      );
      const forFindings = needs(j => filterOf.has(j));
      // the three reads at once (on PostgreSQL over separate connections of the pool); inside a
      // transaction one after the other, on its one connection
      let queued: Promise<unknown> = Promise.resolve();
      const read = <T>(fn: () => Promise<T>): Promise<T | Error> => {
        const run = async () => {
          try {
            return await fn();
          } catch (error) {
            return asError(error);
          }
        };
        if (!tx) return run();
        const next = queued.then(run);
        queued = next;
        return next;
      };
      const [readPostures, packages, found] = await Promise.all([
        forPosture.length > 0
          ? read(() =>
              this.postures(
                forPosture.map(e => e.component),
                tx,
              ),
            )
          : new Map<string, Posture>(),
        forInventory.length > 0
          ? read(() =>
              this.options.inventory!.componentPackagesOf(
                forInventory.map(e => e.component.entityRef),
                branch,
                tx,
              ),
            )
          : new Map<string, ComponentPackageRow[]>(),
        forFindings.length > 0
          ? known?.findings ??
            read(() =>
              this.options.store.openFindingsOf(
                forFindings.map(e => e.component.entityRef),
                filters,
                branch,
                tx,
              ),
            )
          : [],
      ]);
      // what the caller knew, with what was read
      const postures =
        readPostures instanceof Error || !known?.postures
          ? readPostures
          : new Map([...known.postures, ...readPostures]);
      // a read that failed is the error of every goal that needed it
      for (const [job, { goal }] of jobs.entries()) {
        if (!live(job)) continue;
        const failed =
          goal.type === 'no-finding'
            ? found instanceof Error && found
            : (postures instanceof Error && postures) ||
              (withInventory(job) && packages instanceof Error && packages);
        if (failed) out[job] = failed;
      }
      for (const { component, at } of slice) {
        const ref = component.entityRef;
        const policies: { job: number; index: number }[] = [];
        for (const a of at) {
          if (!live(a.job)) continue;
          const goalOf = compiled[a.job] as CompiledGoal;
          const results = out[a.job] as GoalResult[];
          if (goalOf.policy) {
            policies.push(a);
          } else if (jobs[a.job].goal.type === 'no-finding') {
            const k = filterOf.get(a.job)!;
            results[a.index] = goalOf.evaluate({
              openFindings:
                (found as Map<string, GoalFinding[]>[])[k].get(ref) ?? [],
            });
          } else {
            results[a.index] = goalOf.evaluate({
              posture: (postures as Map<string, Posture>).get(ref),
            });
          }
        }
        if (policies.length === 0) continue;
        // a goal whose expression does not name `inventory` cannot read it: given the
        // component's inventory or none, its result is the same, so one pass serves them all
        const results = evaluatePolicyGoals(
          policies.map(a => (compiled[a.job] as CompiledGoal).policy!),
          {
            posture: (postures as Map<string, Posture>).get(ref),
            inventory: policies.some(a => withInventory(a.job))
              ? known?.inventories?.get(ref) ??
                inventoryFacts(
                  (packages as Map<string, ComponentPackageRow[]>).get(ref) ??
                    [],
                  copyleft,
                )
              : undefined,
          },
        );
        policies.forEach((a, k) => {
          (out[a.job] as GoalResult[])[a.index] = results[k];
        });
      }
    }
    return out;
  }

  /**
   * The filters {@link CampaignEvaluator.resultsOf} reads open findings for, in its order: those
   * of the no-finding goals among `jobs` whose goal compiles.
   */
  private findingFilters(
    jobs: { goal: CampaignGoal }[],
  ): { rule?: string; package?: string }[] {
    return jobs
      .filter(({ goal }) => {
        if (goal.type !== 'no-finding') return false;
        try {
          this.compiled(goal);
          return true;
        } catch {
          return false;
        }
      })
      .map(({ goal }) => goal.filter ?? {});
  }

  /**
   * The campaigns as last read by this evaluator, with the digest of their stored rows: a
   * per-process copy that is used only while the database answers the same digest (every
   * evaluation after an ingest checks it in the statement that reads the component).
   */
  private listed?: { campaigns: Campaign[]; digest: string };

  /** The postures of some components as served, from the stored ones (one bulk read). */
  private async postures(
    components: OrgComponent[],
    tx?: Knex,
  ): Promise<Map<string, Posture>> {
    const { postures, config } = this.options;
    const rows = new Map<string, ComponentRow>(
      (
        await postures.getComponents(
          components.map(c => c.entityRef),
          tx,
        )
      ).map(r => [r.entityRef, r]),
    );
    const out = new Map<string, Posture>();
    for (const c of components) {
      const row = rows.get(c.entityRef);
      const posture = row?.posture
        ? servePosture(c.entityRef, row, config)
        : emptyPosture(
            row ?? c,
            row ? 'awaiting-first-scan' : 'not-enrolled',
            config,
          );
      out.set(c.entityRef, withCatalogTemplate(c, posture));
    }
    return out;
  }

  /**
   * Evaluates a campaign over every component in its scope and stores the result: its status rows
   * replaced (those of components no longer in scope gone) and today's day row, in one
   * transaction.
   */
  async evaluateCampaign(campaign: Campaign, org?: OrgModel): Promise<void> {
    const model = org ?? (await this.options.catalog.loadOrg());
    const [evaluated] = await this.evaluateCampaigns([campaign], model);
    if (evaluated.error) throw evaluated.error;
  }

  /**
   * Several campaigns over their scopes, their goals evaluated with the postures (and inventories,
   * findings) read once for all of them, each campaign's results stored in its own transaction.
   * Each campaign with its stored status, or the error that stopped it (the others go on).
   */
  private async evaluateCampaigns(
    campaigns: Campaign[],
    org: OrgModel,
  ): Promise<
    { campaign: Campaign; status?: CampaignResultRow[]; error?: Error }[]
  > {
    const scoped = campaigns.map(campaign => ({
      campaign,
      components: org.components.filter(c => inScope(c, campaign.scope)),
    }));
    const results = await this.resultsOf(
      scoped.map(({ campaign, components }) => ({
        goal: campaign.goal,
        components,
      })),
    );
    const out = [];
    for (const [i, { campaign, components }] of scoped.entries()) {
      try {
        const result = results[i];
        if (result instanceof Error) throw result;
        await this.storeCampaign(campaign, components, result);
        out.push({
          campaign,
          status: components.map((c, k) => ({
            entityRef: c.entityRef,
            compliant: result[k].compliant,
          })),
        });
      } catch (error) {
        out.push({
          campaign,
          error: error instanceof Error ? error : new Error(String(error)),
        });
      }
    }
    return out;
  }

  /** A campaign's results stored: its status rows replaced and today's day row, in one transaction. */
  private async storeCampaign(
    campaign: Campaign,
    components: OrgComponent[],
    results: GoalResult[],
  ): Promise<void> {
    const now = this.now().toISOString();
    const { store } = this.options;
    await store.transaction(async tx => {
      // deleted meanwhile: nothing to store
      if (!(await store.get(campaign.id, tx))) return;
      await store.replaceStatus(
        campaign.id,
        components.map((c, i) => ({
          entityRef: c.entityRef,
          compliant: results[i].compliant,
          reason: results[i].reason,
          evaluatedAt: now,
        })),
        dayOf(now),
        tx,
      );
    });
  }

  private warnNotEvaluated(campaign: Campaign, error: unknown): void {
    this.options.logger.warn(
      `security-posture: could not evaluate campaign ${campaign.id}: ${error}`,
    );
  }

  /** Whether a campaign is still evaluated: not ended, or ended less than a day ago. */
  private live(campaign: Campaign, now: Date): boolean {
    return Date.parse(campaign.deadline) > now.getTime() - DAY_MS;
  }

  /**
   * After an ingest: one component against every live campaign whose scope holds it (its rows of
   * campaigns that no longer hold it removed), and today's counts of those campaigns moved by
   * what it changed. Inside `tx` when given (the ingest's own transaction, which holds the
   * component's row lock and has just stored its posture: every read and write goes through it),
   * else in a transaction of its own. `known` is what the caller has just read or stored in `tx`
   * (the ingest's recomputed posture as served, the inventory rows its policies read), which is
   * then not read again. How many campaigns hold the component.
   */
  async evaluateComponent(
    entityRef: string,
    tx?: Knex.Transaction,
    known?: {
      posture?: Posture;
      inventory?: {
        facts: PostureInventory;
        copyleftLicenses: readonly string[];
      };
    },
  ): Promise<number> {
    const { store } = this.options;
    const now = this.now();
    // the organisation (a catalog read when not cached) only once some campaign is live
    let component: OrgComponent | undefined;
    let org: OrgModel | undefined;
    const holdingOf = async (all: Campaign[]) => {
      const live = all.filter(c => this.live(c, now));
      if (live.length === 0) return { campaigns: live, holding: [] };
      if (!org) {
        org = await this.options.catalog.loadOrg();
        component = org.components.find(c => c.entityRef === entityRef);
      }
      const of = component;
      return {
        campaigns: live,
        holding: of ? live.filter(c => inScope(of, c.scope)) : [],
      };
    };
    let campaigns: Campaign[] = [];
    let holding: Campaign[] = [];
    let own: Map<string, boolean> | undefined;
    let findings: Map<string, GoalFinding[]>[] | undefined;
    // on PostgreSQL one statement reads the component's status rows, its open findings for the
    // campaigns known and whether they are still the stored ones; a list changed since is read
    // again, and the component with it (every read goes through the ingest's transaction)
    let listed =
      tx && store.isPostgres()
        ? this.listed ?? (await store.listWithDigest(tx))
        : undefined;
    for (let attempt = 0; listed && attempt < 3; attempt++) {
      ({ campaigns, holding } = await holdingOf(listed.campaigns));
      const read = await store.readsOfComponent(
        entityRef,
        this.findingFilters(holding.map(c => ({ goal: c.goal }))),
        this.options.config.defaultBranch,
        tx!,
      );
      if (read.digest === listed.digest) {
        this.listed = listed;
        ({ own, findings } = read);
        break;
      }
      listed = await store.listWithDigest(tx!);
    }
    if (!own) {
      // else (or when the campaigns kept changing) the campaigns and the component's stored
      // rows at once inside the ingest's transaction
      const fresh = tx
        ? await store.listWithStatusOf(entityRef, tx)
        : { campaigns: await store.list(), own: undefined };
      ({ campaigns, holding } = await holdingOf(fresh.campaigns));
      own = fresh.own;
      findings = undefined;
    }
    if (campaigns.length === 0) return 0;
    const at = now.toISOString();
    // the component's posture read and served once for every campaign
    const results = await this.resultsOf(
      holding.map(c => ({ goal: c.goal, components: [component!] })),
      tx,
      component && tx
        ? {
            ...(known?.posture
              ? {
                  postures: new Map([
                    [entityRef, withCatalogTemplate(component, known.posture)],
                  ]),
                }
              : {}),
            // the facts the policies saw, when they decided copyleft as the goals do
            ...(known?.inventory &&
            sameList(known.inventory.copyleftLicenses, this.copyleftLicenses())
              ? { inventories: new Map([[entityRef, known.inventory.facts]]) }
              : {}),
            ...(findings ? { findings } : {}),
          }
        : undefined,
    );
    const rows: Omit<CampaignStatusRow, 'entityRef'>[] = holding.map(
      (campaign, i) => {
        const result = results[i];
        if (result instanceof Error) throw result;
        return {
          campaignId: campaign.id,
          compliant: result[0].compliant,
          reason: result[0].reason,
          evaluatedAt: at,
        };
      },
    );
    if (tx) {
      await store.updateComponent(entityRef, rows, dayOf(at), tx, own);
    } else {
      await store.transaction(trx =>
        store.updateComponent(entityRef, rows, dayOf(at), trx),
      );
    }
    return holding.length;
  }

  /** A template version was published: the live template-goal campaigns (of that template) again. */
  async templateChanged(templateRef?: string): Promise<number> {
    const now = this.now();
    const campaigns = (await this.options.store.list()).filter(
      c =>
        this.live(c, now) &&
        c.goal.type === 'template' &&
        (!templateRef || c.goal.templateRef === templateRef),
    );
    if (campaigns.length === 0) return 0;
    const org = await this.options.catalog.loadOrg();
    for (const { campaign, error } of await this.evaluateCampaigns(
      campaigns,
      org,
    )) {
      if (error) this.warnNotEvaluated(campaign, error);
    }
    return campaigns.length;
  }

  /**
   * The daily task (run once across replicas by the scheduler): every live campaign evaluated,
   * today's day row written, then the notices that are due sent.
   */
  async daily(): Promise<{ evaluated: number; notified: number }> {
    const now = this.now();
    const campaigns = (await this.options.store.list()).filter(c =>
      this.live(c, now),
    );
    const org = await this.options.catalog.loadOrg();
    let notified = 0;
    for (const { campaign, status, error } of await this.evaluateCampaigns(
      campaigns,
      org,
    )) {
      if (error) {
        this.warnNotEvaluated(campaign, error);
        continue;
      }
      try {
        notified += await this.notify(campaign, org, status);
      } catch (e) {
        this.warnNotEvaluated(campaign, e);
      }
    }
    this.options.logger.info(
      `security-posture: evaluated ${campaigns.length} campaign(s), ${notified} notification(s) sent`,
    );
    return { evaluated: campaigns.length, notified };
  }

  /**
   * The notices of a campaign due now, from its stored status: to each owning group with
   * components in scope, 'start' once it started; 'milestone-<n>' once at most n days are left
   * (the nearest milestone reached only), to groups with failing components; 'deadline' once it
   * passed, to groups with failing components. Each claimed in `posture_campaign_notices` first and
   * sent only by the replica whose claim won. How many were sent. `status`: the campaign's status
   * just stored (read from the store when not given).
   */
  async notify(
    campaign: Campaign,
    org?: OrgModel,
    status?: CampaignResultRow[],
  ): Promise<number> {
    const { notifier, store, config } = this.options;
    if (!notifier?.enabled) return 0;
    const now = this.now();
    const phase = campaignStatus(campaign, now);
    if (phase === 'scheduled') return 0;
    const model = org ?? (await this.options.catalog.loadOrg());
    const owners = new Map(model.components.map(c => [c.entityRef, c]));
    const groups = new Map<string, { components: number; failing: number }>();
    for (const row of status ?? (await store.statusOf(campaign.id))) {
      const owner = owners.get(row.entityRef)?.ownerRef;
      if (!owner || !owner.startsWith('group:')) continue;
      const entry = groups.get(owner) ?? { components: 0, failing: 0 };
      entry.components += 1;
      if (!row.compliant) entry.failing += 1;
      groups.set(owner, entry);
    }
    const left = (Date.parse(campaign.deadline) - now.getTime()) / DAY_MS;
    const milestone =
      phase === 'active'
        ? [...config.campaigns.milestoneDays]
            .sort((a, b) => a - b)
            .find(days => left <= days)
        : undefined;
    let sent = 0;
    const send = async (
      groupRef: string,
      event: string,
      notice: Parameters<PostureNotifier['campaignNotice']>[1],
    ) => {
      if (!(await store.claimNotice(campaign.id, groupRef, event, now))) return;
      if (await notifier.campaignNotice(groupRef, notice)) sent += 1;
    };
    for (const [groupRef, counts] of [...groups].sort(([a], [b]) =>
      a.localeCompare(b),
    )) {
      const base = {
        campaignId: campaign.id,
        title: campaign.title,
        deadline: campaign.deadline,
        ...counts,
      };
      if (phase === 'ended') {
        if (counts.failing > 0) {
          await send(groupRef, 'deadline', { ...base, event: 'deadline' });
        }
        continue;
      }
      await send(groupRef, 'start', { ...base, event: 'start' });
      if (milestone !== undefined && counts.failing > 0) {
        await send(groupRef, `milestone-${milestone}`, {
          ...base,
          event: 'milestone',
          daysLeft: Math.max(0, Math.ceil(left)),
        });
      }
    }
    return sent;
  }
}
