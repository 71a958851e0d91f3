import { ConflictError, InputError, NotFoundError } from '@backstage/errors';
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
} from '@golden-path/plugin-security-posture-common';
import { randomUUID } from 'node:crypto';
import semver from 'semver';
import { AuditLog } from '../audit/AuditLog';
import { rollUpByOwner } from '../catalog/rollUpByOwner';
import { CatalogFacts, OrgModel } from '../catalog/CatalogFacts';
import { normalizeRef } from '../lib/refs';
import { PostureService } from '../posture/PostureService';
import { VisibleFilter } from '../scorecards/ScorecardService';
import { CampaignStore } from './CampaignStore';
import {
  CelCompileError,
  compileGoal,
  compileGoalExpression,
  GoalResult,
} from './evaluateGoal';

type OrgComponent = OrgModel['components'][number];

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

/** Whether a component of the catalog is in a (normalised) scope: every list given holds its value. */
function inScope(c: OrgComponent, scope: CampaignScope): boolean {
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
      postures: PostureService;
      branch: string;
      /** The golden-path templates' refs (none: a template goal names any template). */
      templateRefs?: () => Promise<string[]>;
      audit?: AuditLog;
      now?: () => Date;
    },
  ) {}

  private now(): Date {
    return this.options.now?.() ?? new Date();
  }

  async list(): Promise<CampaignList> {
    // TODO(#17, evaluation slice): the stored summary and status
    const now = this.now().getTime();
    return {
      items: (await this.options.store.list()).map(c => ({
        ...c,
        status:
          Date.parse(c.startsAt) > now
            ? 'scheduled'
            : Date.parse(c.deadline) <= now
            ? 'ended'
            : 'active',
        summary: null,
      })),
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
    return store.transaction(async tx => {
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
  }

  /** A campaign with its progress now, over the components in scope that the caller may read. */
  async get(id: string, visible: VisibleFilter): Promise<CampaignDetail> {
    const campaign = await this.options.store.get(id);
    if (!campaign) throw new NotFoundError(`No campaign ${id}`);
    const org = await this.options.catalog.loadOrg();
    const candidates = org.components.filter(c => inScope(c, campaign.scope));
    const allowed = await visible(candidates.map(c => c.entityRef));
    const readable = candidates.filter(c => allowed.has(c.entityRef));
    const results = await this.evaluate(campaign.goal, readable);
    const components: CampaignComponent[] = readable.map((c, i) => ({
      entityRef: c.entityRef,
      title: c.title,
      ownerRef: c.ownerRef,
      ...results[i],
    }));
    components.sort(
      (a, b) =>
        Number(a.compliant) - Number(b.compliant) ||
        a.entityRef.localeCompare(b.entityRef),
    );
    const compliant = components.filter(c => c.compliant).length;
    return {
      campaign,
      progress: {
        evaluatedAt: this.now().toISOString(),
        compliant,
        failing: components.length - compliant,
        history: [],
        components,
        teams: teamsOf(components, org),
      },
    };
  }

  /** Each component against the goal, in order. */
  private async evaluate(
    goal: CampaignGoal,
    components: OrgComponent[],
  ): Promise<GoalResult[]> {
    const compiled = compileGoal(goal);
    const refs = components.map(c => c.entityRef);
    if (goal.type === 'no-finding') {
      const findings = await this.options.store.openFindings(
        refs,
        goal.filter ?? {},
        this.options.branch,
      );
      return components.map(c =>
        compiled.evaluate({
          openFindings: findings.get(c.entityRef) ?? [],
        }),
      );
    }
    const out: GoalResult[] = [];
    for (const c of components) {
      const posture = await this.options.postures.getPosture(c.entityRef);
      // a component not enrolled yet: its template as the catalog's annotations name it
      const template =
        posture.template ??
        (c.templateRef && c.templateVersion
          ? { ref: c.templateRef, version: c.templateVersion }
          : null);
      out.push(compiled.evaluate({ posture: { ...posture, template } }));
    }
    return out;
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
