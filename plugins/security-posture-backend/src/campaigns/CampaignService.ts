import { ConflictError, InputError, NotFoundError } from '@backstage/errors';
import { LoggerService } from '@backstage/backend-plugin-api';
import { parseEntityRef } from '@backstage/catalog-model';
import {
  Campaign,
  CampaignComponent,
  CampaignDetail,
  CampaignGoal,
  CampaignInput,
  CampaignList,
  CampaignScope,
  CampaignTeam,
  CampaignUpdate,
  EntityCampaignList,
} from '@golden-path/plugin-security-posture-common';
import { randomUUID } from 'node:crypto';
import semver from 'semver';
import { AuditLog } from '../audit/AuditLog';
import { rollUpByOwner } from '../catalog/rollUpByOwner';
import { CatalogFacts, OrgModel } from '../catalog/CatalogFacts';
import { normalizeRef } from '../lib/refs';
import { VisibleFilter } from '../scorecards/ScorecardService';
import {
  CampaignEvaluator,
  campaignStatus,
  inScope,
} from './CampaignEvaluator';
import { CampaignStore } from './CampaignStore';
import { CelCompileError, compileGoalExpression } from './evaluateGoal';

/** A scope's refs in their full lower-case form; a value that is not a ref is a 400 naming it. */
function refsOf(
  field: keyof CampaignScope,
  values: string[] | undefined,
  kind: string,
): string[] | undefined {
  if (!values || values.length === 0) return undefined;
  return [
    ...new Set(
      values.map(v => {
        const ref = normalizeRef(v.trim(), kind);
        if (!ref || !ref.startsWith(`${kind}:`)) {
          throw new InputError(
            `scope.${field}: '${v.slice(
              0,
              100,
            )}' is not a ${kind} ref (e.g. ${kind}:default/name)`,
          );
        }
        return ref;
      }),
    ),
  ].sort();
}

const lower = (values: string[] | undefined) =>
  values && values.length > 0
    ? [...new Set(values.map(v => v.trim().toLowerCase()))].sort()
    : undefined;

/** A scope with its values normalised and the empty lists left out. */
function normalizeScope(scope: CampaignScope): CampaignScope {
  const out: CampaignScope = {
    kinds: lower(scope.kinds),
    tiers:
      scope.tiers && scope.tiers.length > 0
        ? [...new Set(scope.tiers)].sort((a, b) => a - b)
        : undefined,
    lifecycles: lower(scope.lifecycles),
    systems: refsOf('systems', scope.systems, 'system'),
    domains: refsOf('domains', scope.domains, 'domain'),
    owners: refsOf('owners', scope.owners, 'group'),
    templates: refsOf('templates', scope.templates, 'template'),
  };
  return Object.fromEntries(
    Object.entries(out).filter(([, v]) => v !== undefined),
  ) as CampaignScope;
}

function dateOf(field: string, raw: string | undefined): Date | undefined {
  if (raw === undefined || raw.trim() === '') return undefined;
  const date = new Date(raw);
  if (Number.isNaN(date.getTime())) {
    throw new InputError(
      `${field}: '${raw.slice(
        0,
        40,
      )}' is not a date-time (ISO 8601, e.g. 2027-01-31T00:00:00Z)`,
    );
  }
  return date;
}

/**
 * Campaigns (issue #17): a goal over a scope of components with a start and a deadline, created
 * and edited by holders of `security-posture.campaign.manage` (every change audit-logged in its
 * transaction), read with their progress now, per component and per team.
 *
 * @internal
 */
export class CampaignService {
  constructor(
    private readonly options: {
      store: CampaignStore;
      catalog: CatalogFacts;
      /** Evaluates and stores progress (on create and update), and reads nothing else. */
      evaluator: CampaignEvaluator;
      /** The golden-path templates' refs (none: a template goal names any template). */
      templateRefs?: () => Promise<string[]>;
      audit?: AuditLog;
      logger?: LoggerService;
      now?: () => Date;
    },
  ) {}

  private now(): Date {
    return this.options.now?.() ?? new Date();
  }

  /** Every campaign, the nearest deadline first, with its status now and its stored summary. */
  async list(): Promise<CampaignList> {
    const now = this.now();
    const campaigns = await this.options.store.list();
    const counts = await this.options.store.counts(campaigns.map(c => c.id));
    return {
      items: campaigns.map(c => {
        const summary = counts.get(c.id);
        return {
          ...c,
          status: campaignStatus(c, now),
          summary: summary
            ? {
                evaluatedAt: summary.evaluatedAt,
                compliant: summary.compliant,
                failing: summary.failing,
              }
            : null,
        };
      }),
    };
  }

  /**
   * Evaluates a campaign just written (so that a read right after shows its progress) and sends
   * the notices due; a failure is logged, not answered: the campaign is stored, and the daily
   * evaluation tries again.
   */
  private async evaluated(campaign: Campaign): Promise<void> {
    const { evaluator } = this.options;
    try {
      const org = await this.options.catalog.loadOrg();
      await evaluator.evaluateCampaign(campaign, org);
      await evaluator.notify(campaign, org);
    } catch (error) {
      this.options.logger?.warn(
        `security-posture: could not evaluate campaign ${campaign.id}: ${error}`,
      );
    }
  }

  /** Deletes a campaign with its stored progress, series and notices, audit-logged in the same transaction. */
  async delete(id: string, actor: string): Promise<void> {
    const { store } = this.options;
    await store.transaction(async tx => {
      const campaign = await store.get(id, tx);
      if (!campaign) throw new NotFoundError(`No campaign ${id}`);
      await store.delete(id, tx);
      await this.options.audit?.record(
        {
          type: 'campaign.deleted',
          actor,
          details: { campaign: JSON.parse(JSON.stringify(campaign)) },
        },
        tx,
      );
    });
  }

  /**
   * The campaigns whose scope holds a component, the nearest deadline first, each with the
   * component's stored evaluation (null before the first).
   */
  async listForEntity(entityRef: string): Promise<EntityCampaignList> {
    const org = await this.options.catalog.loadOrg();
    const component = org.components.find(c => c.entityRef === entityRef);
    if (!component) return { items: [] };
    const now = this.now();
    const status = new Map(
      (await this.options.store.statusOfComponent(entityRef)).map(r => [
        r.campaignId,
        r,
      ]),
    );
    return {
      items: (await this.options.store.list())
        .filter(c => inScope(component, c.scope))
        .map(campaign => {
          const row = status.get(campaign.id);
          return {
            campaign,
            status: campaignStatus(campaign, now),
            compliant: row ? row.compliant : null,
            reason: row ? row.reason : null,
            evaluatedAt: row ? row.evaluatedAt : null,
          };
        }),
    };
  }

  async create(input: CampaignInput, actor: string): Promise<Campaign> {
    const fields = await this.check(input, actor);
    const now = this.now().toISOString();
    const campaign: Campaign = {
      id: randomUUID(),
      ...fields,
      createdBy: actor,
      createdAt: now,
      updatedAt: now,
      version: 1,
    };
    await this.options.store.transaction(async tx => {
      await this.options.store.insert(campaign, tx);
      await this.options.audit?.record(
        {
          type: 'campaign.created',
          actor,
          details: { campaign: JSON.parse(JSON.stringify(campaign)) },
        },
        tx,
      );
    });
    await this.evaluated(campaign);
    return campaign;
  }

  async update(
    id: string,
    update: CampaignUpdate,
    actor: string,
  ): Promise<Campaign> {
    const { version, ...input } = update;
    const { store } = this.options;
    const current = await store.get(id);
    if (!current) throw new NotFoundError(`No campaign ${id}`);
    // what the update leaves out keeps its value: the start and the owner
    const fields = await this.check(
      {
        ...input,
        startsAt: input.startsAt ?? current.startsAt,
        ownerRef: input.ownerRef ?? current.ownerRef,
      },
      actor,
    );
    const updated = await store.transaction(async tx => {
      const before = await store.get(id, tx);
      if (!before) throw new NotFoundError(`No campaign ${id}`);
      if (before.version !== version) {
        throw new ConflictError(
          `version: campaign ${id} is at version ${before.version}, not ${version}; read it again and reapply the change`,
        );
      }
      const after: Campaign = {
        ...before,
        ...fields,
        updatedAt: this.now().toISOString(),
        version: before.version + 1,
      };
      if (!(await store.update(after, version, tx))) {
        throw new ConflictError(
          `version: campaign ${id} changed while it was being updated; read it again`,
        );
      }
      await this.options.audit?.record(
        {
          type: 'campaign.updated',
          actor,
          details: JSON.parse(JSON.stringify({ before, after })),
        },
        tx,
      );
      return after;
    });
    await this.evaluated(updated);
    return updated;
  }

  /**
   * A campaign with its stored progress, over the components of its stored status that the
   * caller may read, per team, and its daily series.
   */
  async get(id: string, visible: VisibleFilter): Promise<CampaignDetail> {
    const { store } = this.options;
    const campaign = await store.get(id);
    if (!campaign) throw new NotFoundError(`No campaign ${id}`);
    const [org, rows, history] = await Promise.all([
      this.options.catalog.loadOrg(),
      store.statusOf(id),
      store.days(id),
    ]);
    const allowed = await visible(rows.map(r => r.entityRef));
    const facts = new Map(org.components.map(c => [c.entityRef, c]));
    const components: CampaignComponent[] = rows
      .filter(r => allowed.has(r.entityRef))
      .map(r => {
        const c = facts.get(r.entityRef);
        return {
          entityRef: r.entityRef,
          title: c?.title ?? parseEntityRef(r.entityRef).name,
          ownerRef: c?.ownerRef ?? null,
          compliant: r.compliant,
          reason: r.reason,
        };
      });
    components.sort(
      (a, b) =>
        Number(a.compliant) - Number(b.compliant) ||
        a.entityRef.localeCompare(b.entityRef),
    );
    const compliant = components.filter(c => c.compliant).length;
    const evaluatedAt = rows.reduce(
      (newest, r) => (r.evaluatedAt > newest ? r.evaluatedAt : newest),
      '',
    );
    return {
      campaign,
      progress: {
        evaluatedAt: evaluatedAt || this.now().toISOString(),
        compliant,
        failing: components.length - compliant,
        history,
        components,
        teams: teamsOf(components, org),
      },
    };
  }

  /** The input checked and normalised; a 400 names the first field that is wrong. */
  private async check(
    input: CampaignInput,
    actor: string,
  ): Promise<
    Pick<
      Campaign,
      | 'title'
      | 'description'
      | 'goal'
      | 'scope'
      | 'startsAt'
      | 'deadline'
      | 'ownerRef'
    >
  > {
    const title = input.title?.trim() ?? '';
    if (!title) throw new InputError('title: must not be empty');
    const goal = await this.checkGoal(input.goal);
    const now = this.now();
    const startsAt = dateOf('startsAt', input.startsAt) ?? now;
    const deadline = dateOf('deadline', input.deadline);
    if (!deadline) throw new InputError('deadline: must be given');
    if (deadline.getTime() <= now.getTime()) {
      throw new InputError(
        `deadline: ${deadline.toISOString()} is in the past`,
      );
    }
    if (deadline.getTime() <= startsAt.getTime()) {
      throw new InputError(
        `deadline: ${deadline.toISOString()} is not after startsAt ${startsAt.toISOString()}`,
      );
    }
    const rawOwner = input.ownerRef?.trim() || actor;
    const ownerRef = normalizeRef(rawOwner, 'group');
    if (!ownerRef) {
      throw new InputError(
        `ownerRef: '${rawOwner.slice(
          0,
          100,
        )}' is not an entity ref (e.g. group:default/platform)`,
      );
    }
    const scope = normalizeScope(input.scope ?? {});
    const org = await this.options.catalog.loadOrg();
    if (!org.components.some(c => inScope(c, scope))) {
      throw new InputError(
        'scope: matches no component in the catalog; widen the filter',
      );
    }
    return {
      title,
      description: input.description?.trim() ?? '',
      goal,
      scope,
      startsAt: startsAt.toISOString(),
      deadline: deadline.toISOString(),
      ownerRef,
    };
  }

  private async checkGoal(goal: CampaignGoal): Promise<CampaignGoal> {
    switch (goal?.type) {
      case 'policy': {
        const expression = goal.expression?.trim() ?? '';
        if (!expression) {
          throw new InputError(
            'goal.expression: a policy goal needs a CEL expression (e.g. posture.knownExploited == 0)',
          );
        }
        try {
          compileGoalExpression(expression);
        } catch (error) {
          if (error instanceof CelCompileError) {
            throw new InputError(`goal.expression: ${error.message}`);
          }
          throw error;
        }
        return { type: 'policy', expression };
      }
      case 'template': {
        const raw = goal.templateRef?.trim() ?? '';
        const templateRef = normalizeRef(raw, 'template');
        if (!templateRef || !templateRef.startsWith('template:')) {
          throw new InputError(
            `goal.templateRef: '${raw.slice(
              0,
              100,
            )}' is not a template ref (e.g. template:default/node-service)`,
          );
        }
        const known = await this.options.templateRefs?.();
        if (known && !known.includes(templateRef)) {
          throw new InputError(
            `goal.templateRef: no golden-path template ${templateRef} in the catalog`,
          );
        }
        const minVersion = goal.minVersion?.trim() ?? '';
        if (!semver.valid(minVersion)) {
          throw new InputError(
            `goal.minVersion: '${minVersion.slice(
              0,
              40,
            )}' is not a semantic version (e.g. 1.1.0)`,
          );
        }
        return { type: 'template', templateRef, minVersion };
      }
      case 'no-finding': {
        const rule = goal.filter?.rule?.trim();
        const pkg = goal.filter?.package?.trim();
        if (!rule && !pkg) {
          throw new InputError(
            'goal.filter: a no-finding goal needs a rule (a rule, CVE or GHSA id) or a package (a purl or a name)',
          );
        }
        return {
          type: 'no-finding',
          filter: {
            ...(rule ? { rule } : {}),
            ...(pkg ? { package: pkg } : {}),
          },
        };
      }
      default:
        throw new InputError('goal.type: one of policy, template, no-finding');
    }
  }
}

/**
 * The owners of the components in scope, each group with its own compliant and failing counts
 * and those of its sub-groups rolled up.
 */
function teamsOf(
  components: CampaignComponent[],
  org: OrgModel,
): CampaignTeam[] {
  return rollUpByOwner(
    components,
    org,
    ({ ref, title, parentRef }): CampaignTeam => ({
      ref,
      title,
      parentRef,
      compliant: 0,
      failing: 0,
      totalCompliant: 0,
      totalFailing: 0,
    }),
    (team, c, own) => {
      if (own) {
        if (c.compliant) team.compliant += 1;
        else team.failing += 1;
      } else if (c.compliant) team.totalCompliant += 1;
      else team.totalFailing += 1;
    },
  ).sort(
    (a, b) =>
      b.totalFailing - a.totalFailing ||
      b.totalCompliant - a.totalCompliant ||
      a.title.localeCompare(b.title),
  );
}
