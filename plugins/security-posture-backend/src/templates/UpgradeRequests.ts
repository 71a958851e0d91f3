import { Entity } from '@backstage/catalog-model';
import { InputError, NotAllowedError, NotFoundError } from '@backstage/errors';
import { Answers } from '@golden-path/template-upgrade';
import { AuditLog } from '../audit/AuditLog';
import { normalizeRef, refOf } from '../lib/refs';
import { TemplateCatalog } from './TemplateCatalog';
import { TemplateUpgrades, UpgradeRecord } from './TemplateUpgrades';
import { UpgradeJobStore, UpgradeRunRow } from './UpgradeJobStore';
import { UpgradeTargets } from './UpgradeTargets';

/** Most components one run takes. */
const MAX_RUN = 5000;

/** A run of upgrades with its progress, as the API serves it. @internal */
export interface UpgradeRun {
  id: string;
  templateRef: string;
  targetVersion: string | null;
  requestedBy: string;
  total: number;
  state: 'queued' | 'running' | 'done';
  queued: number;
  running: number;
  done: number;
  /** Finished jobs by upgrade state (opened, updated, up-to-date, blocked, failed). */
  outcomes: Record<string, number>;
  createdAt: string;
  finishedAt: string | null;
}

/** One component of a run, as the API serves it. @internal */
export interface UpgradeJob {
  entityRef: string;
  state: 'queued' | 'running' | 'done';
  attempts: number;
  outcome: UpgradeRecord['state'] | null;
  error: string | null;
  branch: string | null;
  changeUrl: string | null;
  updatedAt: string;
}

/** What a caller asks of `POST /v1/templates/{namespace}/{name}/upgrades`. @internal */
export interface UpgradeRequestBody {
  entityRefs?: string[];
  allBehind?: boolean;
  targetVersion?: string;
  answers?: Answers;
  dryRun?: boolean;
}

/**
 * A request to upgrade components of a template: which components (the ones named, each made from
 * that template, or every one behind), the run, and an audit event per component upgraded.
 *
 * @internal
 */
export class UpgradeRequests {
  constructor(
    private readonly options: {
      templates: TemplateCatalog;
      upgrades: TemplateUpgrades;
      audit?: AuditLog;
      /** The queue of runs. */
      jobs: UpgradeJobStore;
      targets: UpgradeTargets;
    },
  ) {}

  /** The latest upgrade of every component of a template (404 for an unknown template). */
  async list(namespace: string, name: string): Promise<UpgradeRecord[]> {
    const { ref } = await this.options.templates.componentEntities(
      namespace,
      name,
    );
    return this.options.upgrades.list(ref);
  }

  /**
   * The components a body names, each made from the template (or every one behind), among those
   * `visible` lets the actor read: "all behind" means all the actor may read, and naming one
   * they may not is refused.
   */
  private async select(
    namespace: string,
    name: string,
    body: Pick<UpgradeRequestBody, 'entityRefs' | 'allBehind'>,
    visible?: (refs: string[]) => Promise<Set<string>>,
  ): Promise<{ ref: string; components: Entity[] }> {
    if (!body.allBehind === !body.entityRefs) {
      throw new InputError('give either entityRefs or allBehind: true');
    }
    const { ref, items } = await this.options.templates.componentEntities(
      namespace,
      name,
    );
    const readable =
      visible && (await visible(items.map(i => refOf(i.entity))));
    if (body.allBehind) {
      return {
        ref,
        components: items
          .filter(i => i.behindBy > 0)
          .filter(i => !readable || readable.has(refOf(i.entity)))
          .map(i => i.entity),
      };
    }
    const byRef = new Map(items.map(i => [refOf(i.entity), i.entity]));
    const components = body.entityRefs!.map(raw => {
      const key = normalizeRef(raw);
      if (!key) {
        throw new InputError(`'${raw}' is not an entity ref`);
      }
      const entity = byRef.get(key);
      if (!entity) {
        throw new InputError(`${key} was not made from ${ref}`);
      }
      if (readable && !readable.has(key)) {
        throw new NotAllowedError(
          `not allowed to read the security posture of ${key}, so not to upgrade it`,
        );
      }
      return entity;
    });
    return { ref, components };
  }

  /**
   * Starts the upgrades a body asks for, on behalf of `actor`, in this request (at most
   * `maxPerRequest` components: a page; a run of the queue takes any number).
   */
  async start(
    namespace: string,
    name: string,
    body: UpgradeRequestBody,
    actor: string,
    visible?: (refs: string[]) => Promise<Set<string>>,
  ): Promise<UpgradeRecord[]> {
    const { ref, components } = await this.select(
      namespace,
      name,
      body,
      visible,
    );
    if (components.length === 0) return [];
    const results = await this.options.upgrades.start({
      templateRef: ref,
      components,
      targetVersion: body.targetVersion,
      answers: body.answers,
      dryRun: body.dryRun,
      actor,
    });
    if (!body.dryRun) {
      for (const result of results) {
        await this.audited(result, actor);
      }
    }
    return results;
  }

  /**
   * Enqueues a run of one job per component the body names (workers on any replica run them);
   * audit-logged as the run and then per component as each job finishes.
   */
  async enqueue(
    namespace: string,
    name: string,
    body: Omit<UpgradeRequestBody, 'dryRun'>,
    actor: string,
    visible?: (refs: string[]) => Promise<Set<string>>,
  ): Promise<UpgradeRun> {
    const { jobs, targets } = this.options;
    const { ref, components } = await this.select(
      namespace,
      name,
      body,
      visible,
    );
    if (components.length === 0) {
      throw new InputError(
        `no component of ${ref} is behind its newest version`,
      );
    }
    if (components.length > MAX_RUN) {
      throw new InputError(
        `${components.length} components asked for; a run takes at most ${MAX_RUN}`,
      );
    }
    const versions = await this.options.upgrades.versions(ref);
    if (
      body.targetVersion !== undefined &&
      !versions.includes(body.targetVersion)
    ) {
      throw new InputError(
        `${ref} has no published version ${body.targetVersion} (published: ${
          versions.join(', ') || 'none'
        })`,
      );
    }
    const run = await jobs.enqueue({
      templateRef: ref,
      targetVersion: body.targetVersion,
      answers: body.answers,
      requestedBy: actor,
      components: components.map(entity => ({
        entityRef: refOf(entity),
        host: targets.hostOf(entity),
      })),
      now: new Date(),
    });
    await this.options.audit?.record({
      type: 'template.upgrade-run',
      actor,
      details: {
        run: run.id,
        template: ref,
        to: body.targetVersion ?? null,
        components: components.length,
      },
    });
    return this.runOf(run);
  }

  /** A run with its progress, and a page of its jobs the caller may read. */
  async run(
    id: string,
    page: { cursor?: string; limit?: number },
    visible?: (refs: string[]) => Promise<Set<string>>,
  ): Promise<{
    run: UpgradeRun;
    items: UpgradeJob[];
    nextCursor: string | null;
  }> {
    const { jobs } = this.options;
    const row = await jobs.getRun(id);
    if (!row) {
      throw new NotFoundError(`no upgrade run ${id}`);
    }
    const limit = Math.min(Math.max(page.limit ?? 100, 1), 500);
    const after = page.cursor === undefined ? 0 : Number(page.cursor);
    if (!Number.isSafeInteger(after) || after < 0) {
      throw new InputError('cursor is not one this API gave');
    }
    const rows = await jobs.jobs(id, { after, limit });
    const readable = visible && (await visible(rows.map(r => r.entity_ref)));
    return {
      run: await this.runOf(row),
      items: rows
        .filter(r => !readable || readable.has(r.entity_ref))
        .map(r => ({
          entityRef: r.entity_ref,
          state: r.state,
          attempts: Number(r.attempts),
          outcome: (r.outcome as UpgradeJob['outcome']) ?? null,
          error: r.error,
          branch: r.branch,
          changeUrl: r.change_url,
          updatedAt: new Date(r.updated_at).toISOString(),
        })),
      nextCursor:
        rows.length === limit ? String(rows[rows.length - 1].id) : null,
    };
  }

  /** Records a component's upgrade in the audit log. */
  async audited(result: UpgradeRecord, actor: string): Promise<void> {
    await this.options.audit?.record({
      type: 'template.upgrade',
      entityRef: result.entityRef,
      actor,
      details: {
        template: result.templateRef,
        from: result.fromVersion,
        to: result.toVersion,
        state: result.state,
        branch: result.branch,
        conflicts: result.conflicts,
        error: result.error,
      },
    });
  }

  private async runOf(row: UpgradeRunRow): Promise<UpgradeRun> {
    const { states, outcomes } = await this.options.jobs.counts(row.id);
    return {
      id: row.id,
      templateRef: row.template_ref,
      targetVersion: row.target_version,
      requestedBy: row.requested_by,
      total: Number(row.total),
      state: runState(row, states),
      queued: states.queued,
      running: states.running,
      done: states.done,
      outcomes,
      createdAt: new Date(row.created_at).toISOString(),
      finishedAt: row.finished_at
        ? new Date(row.finished_at).toISOString()
        : null,
    };
  }
}

/** A run's state from its jobs: done once finished, running once a job started, else queued. */
function runState(
  row: UpgradeRunRow,
  states: { running: number; done: number },
): UpgradeRun['state'] {
  if (row.finished_at) return 'done';
  return states.running > 0 || states.done > 0 ? 'running' : 'queued';
}
